import { ConfigModule } from '@care/config';
import { CatalogueEvents } from '@care/contracts';
import { EmbeddedOutbox, EventsModule } from '@care/events';
import { HealthModule, LoggingModule, MetricsModule } from '@care/observability';
import { MONGO_CONNECTION, MongoModule, mongoReadinessCheck } from '@care/persistence';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Connection, mongo } from 'mongoose';
import { CLOCK, systemClock, type Clock } from './clock';
import type { ServicesCatalogConfig } from './config';
import { EntitlementEngine } from './entitlements/entitlement-engine';
import { EntitlementsModule } from './entitlements/entitlements.module';
import { registrySubscriptions } from './entitlements/registry-events';
import { CatalogueGrpcModule } from './grpc/catalogue-grpc.module';
import { ServiceListsModule } from './service-lists/service-lists.module';

function nativeCollection(connection: Connection, name: string): mongo.Collection {
  if (connection.db === undefined)
    throw new Error(`services-catalog: the mongo connection is not open (collection ${name})`);
  return connection.db.collection(name);
}

export interface AppModuleOptions {
  /** Tests pass a SettableClock to move "today". */
  readonly clock?: Clock;
}

@Global()
@Module({})
class CoreModule {
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: CLOCK, useValue: clock }],
      exports: [CLOCK],
    };
  }
}

/** The services-catalog app: lists, entitlements, the registry projection, gRPC, events. */
@Module({})
export class AppModule {
  static forRoot(config: ServicesCatalogConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CoreModule.forRoot(options.clock ?? systemClock),
        LoggingModule.forRoot({ serviceName: config.SERVICE_NAME, level: config.LOG_LEVEL }),
        MetricsModule.forRoot({ serviceName: config.SERVICE_NAME }),
        MongoModule.forRoot({
          uri: config.MONGODB_URI,
          dbName: config.MONGODB_DATABASE,
          maxPoolSize: config.MONGODB_MAX_POOL_SIZE,
        }),
        HealthModule.forRootAsync({
          inject: [MONGO_CONNECTION],
          useFactory: (connection: Connection) => [mongoReadinessCheck(connection)],
        }),
        EventsModule.forRoot({
          clientId: config.KAFKA_CLIENT_ID,
          brokers: config.KAFKA_BROKERS,
          producer: config.SERVICE_NAME,
          produces: Object.values(CatalogueEvents),
          // Tests on a shared broker: every topic on the wire gets the suffix (KafkaEventBroker).
          topicSuffix: config.EVENT_TOPIC_SUFFIX,
        }),
        ServiceListsModule,
        EntitlementsModule,
        CatalogueGrpcModule,
        EventsModule.forConsumers({
          imports: [EntitlementsModule, ServiceListsModule],
          inject: [EntitlementEngine, MONGO_CONNECTION],
          useFactory: (engine: EntitlementEngine, connection: Connection) => ({
            consumers: [
              {
                groupId: config.REGISTRY_CONSUMER_GROUP,
                subscriptions: registrySubscriptions(engine),
              },
            ],
            relays: [
              {
                // Entitlement events live in each child's document, listPublished in the list's.
                sources: [
                  new EmbeddedOutbox(nativeCollection(connection, 'child_entitlements')),
                  new EmbeddedOutbox(nativeCollection(connection, 'service_lists')),
                ],
                pollIntervalMs: config.OUTBOX_POLL_MS,
              },
            ],
          }),
        }),
      ],
    };
  }
}
