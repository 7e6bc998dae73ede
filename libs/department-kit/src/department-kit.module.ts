import { Module, type DynamicModule } from '@nestjs/common';
import { AccessModule } from '@care/access';
import { CONFIG } from '@care/config';
import type { common, EventType } from '@care/contracts';
import { EventsModule } from '@care/events';
import { MongoModule } from '@care/persistence';
import { outboxRelayModule } from '@care/service-kit';
import { entitlementSubscriptions, registrySubscriptions } from './consumers';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryImportController } from './delivery-import.controller';
import { DepartmentGrpcController } from './department.grpc-controller';
import { DeliveryListImportService } from './delivery-import.service';
import type { DepartmentConfig } from './department-config';
import { DepartmentEntitlementsRepository } from './entitlements.repository';
import { DepartmentProjection } from './projection.service';
import {
  DEPARTMENT_CHILDREN,
  DEPARTMENT_CHILDREN_COLLECTION,
  DEPARTMENT_ENTITLEMENTS,
  DEPARTMENT_ENTITLEMENTS_COLLECTION,
  DEPARTMENT_KEY_CARE,
  DEPARTMENT_KEY_CARE_COLLECTION,
  departmentChildSchema,
  departmentEntitlementSchema,
  departmentKeyCareSchema,
} from './projection.schema';
import { registryClientModule, RegistryChildIdentities, RegistryIdNumberMatcher } from './registry-match';
import { DELIVERY_EVENT } from './tokens';

export interface DepartmentKitOptions {
  /** This department's delivery topic: its entry of DeliveryEvents (@care/contracts). */
  readonly deliveryEvent: EventType<common.ServiceDeliveryRecorded>;
  /** The department's own collections with an embedded outbox (its records' events), relayed with the kit's. */
  readonly outboxCollections?: readonly string[];
}

const models = MongoModule.forFeature([
  { name: DEPARTMENT_CHILDREN, schema: departmentChildSchema, collection: DEPARTMENT_CHILDREN_COLLECTION },
  { name: DEPARTMENT_KEY_CARE, schema: departmentKeyCareSchema, collection: DEPARTMENT_KEY_CARE_COLLECTION },
  {
    name: DEPARTMENT_ENTITLEMENTS,
    schema: departmentEntitlementSchema,
    collection: DEPARTMENT_ENTITLEMENTS_COLLECTION,
  },
]);

@Module({
  imports: [models],
  providers: [DepartmentEntitlementsRepository, DepartmentProjection],
  exports: [models, DepartmentEntitlementsRepository, DepartmentProjection],
})
class DepartmentProjectionModule {}

/**
 * What every department service shares, once (needs ServiceKitModule and a config with
 * `departmentConfig`): the projections of the registry's children and ledger and of the
 * catalogue's entitlements for the departments it serves, the worklist, delivery records
 * published on the department's delivery topic (the catalogue closes the gap), and the relay
 * of their outbox. A department adds only its own domain.
 */
@Module({})
export class DepartmentKitModule {
  static forRoot(options: DepartmentKitOptions): DynamicModule {
    return {
      module: DepartmentKitModule,
      global: true,
      imports: [
        DepartmentProjectionModule,
        AccessModule,
        registryClientModule,
        outboxRelayModule({
          collections: [DEPARTMENT_ENTITLEMENTS_COLLECTION, ...(options.outboxCollections ?? [])],
        }),
        EventsModule.forConsumers({
          imports: [DepartmentProjectionModule],
          inject: [DepartmentProjection, CONFIG],
          useFactory: (projection: DepartmentProjection, config: DepartmentConfig) => ({
            consumers: [
              { groupId: config.FACTS_CONSUMER_GROUP, subscriptions: registrySubscriptions(projection) },
              {
                groupId: config.ENTITLEMENTS_CONSUMER_GROUP,
                subscriptions: entitlementSubscriptions(projection),
              },
            ],
          }),
        }),
      ],
      controllers: [DeliveriesController, DeliveryImportController, DepartmentGrpcController],
      providers: [
        { provide: DELIVERY_EVENT, useValue: options.deliveryEvent },
        DeliveriesService,
        DeliveryListImportService,
        RegistryIdNumberMatcher,
        RegistryChildIdentities,
      ],
      exports: [
        DepartmentProjectionModule,
        DeliveriesService,
        RegistryIdNumberMatcher,
        RegistryChildIdentities,
      ],
    };
  }
}
