import { CatalogueEvents } from '@care/contracts';
import { EventsModule } from '@care/events';
import { outboxRelayModule, ServiceKitModule, type Clock } from '@care/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import type { ServicesCatalogConfig } from './config';
import { deliverySubscriptions } from './entitlements/delivery-events';
import { EntitlementEngine } from './entitlements/entitlement-engine';
import { EntitlementsModule } from './entitlements/entitlements.module';
import { EntitlementsService } from './entitlements/entitlements.service';
import { registrySubscriptions } from './entitlements/registry-events';
import { CatalogueGrpcModule } from './grpc/catalogue-grpc.module';
import { ServiceListsModule } from './service-lists/service-lists.module';

export interface AppModuleOptions {
  /** Tests pass a SettableClock to move "today". */
  readonly clock?: Clock;
}

/** The services-catalog app: lists, entitlements, the registry projection, deliveries, gRPC, events. */
@Module({})
export class AppModule {
  static forRoot(config: ServicesCatalogConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({ config, clock: options.clock, produces: Object.values(CatalogueEvents) }),
        ServiceListsModule,
        EntitlementsModule,
        CatalogueGrpcModule,
        // Entitlement events live in each child's document, listPublished in the list's.
        outboxRelayModule({ collections: ['child_entitlements', 'service_lists'] }),
        EventsModule.forConsumers({
          imports: [EntitlementsModule, ServiceListsModule],
          inject: [EntitlementEngine, EntitlementsService],
          useFactory: (engine: EntitlementEngine, entitlements: EntitlementsService) => ({
            consumers: [
              { groupId: config.REGISTRY_CONSUMER_GROUP, subscriptions: registrySubscriptions(engine) },
              { groupId: config.DELIVERY_CONSUMER_GROUP, subscriptions: deliverySubscriptions(entitlements) },
            ],
          }),
        }),
      ],
    };
  }
}
