import { Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { AccessModule, accessOptionsFromConfig } from '@care/access';
import { ConfigModule, readKafkaTls } from '@care/config';
import type { EventType } from '@care/contracts';
import { EventPublisher, EventsModule } from '@care/events';
import { HealthModule, LoggingModule, MetricsModule } from '@care/observability';
import { MONGO_CONNECTION, MongoModule, mongoReadinessCheck } from '@care/persistence';
import { ClockModule, systemClock, type Clock } from './clock';
import type { ServiceKitConfig } from './service-config';

export interface ServiceKitOptions<C extends ServiceKitConfig> {
  /** The config main.ts validated at boot (`loadServiceConfig`). */
  readonly config: C;
  /** Tests pass a SettableClock. */
  readonly clock?: Clock;
  /** The topics this service publishes: created at bootstrap when missing. */
  readonly produces?: readonly EventType<unknown>[];
}

/**
 * What every service of the platform has, once: the validated config, the clock, pino logs
 * (personal fields redacted), Prometheus metrics at /metrics, liveness/readiness at /health
 * (the database answers and the Kafka producer is connected), the one MongoDB connection
 * (FerretDB-safe pool bound), the event backbone (publisher, consumer registry; topic suffix
 * for tests) and access: the app-wide authentication guard (a verified token, or the header
 * stand-in outside production) and the CountyScopeGuard. A service's AppModule imports this and its own features.
 */
@Module({})
export class ServiceKitModule {
  static forRoot<C extends ServiceKitConfig>(options: ServiceKitOptions<C>): DynamicModule {
    const { config } = options;
    const clock = options.clock ?? systemClock;
    return {
      module: ServiceKitModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(clock),
        LoggingModule.forRoot({ serviceName: config.SERVICE_NAME, level: config.LOG_LEVEL }),
        MetricsModule.forRoot({ serviceName: config.SERVICE_NAME }),
        MongoModule.forRoot({
          uri: config.MONGODB_URI,
          dbName: config.MONGODB_DATABASE,
          maxPoolSize: config.MONGODB_MAX_POOL_SIZE,
        }),
        EventsModule.forRoot({
          clientId: config.KAFKA_CLIENT_ID,
          brokers: config.KAFKA_BROKERS,
          producer: config.SERVICE_NAME,
          produces: options.produces ?? [],
          // Tests on a shared broker: every topic and group on the wire gets the suffix.
          topicSuffix: config.EVENT_TOPIC_SUFFIX,
          // Mutual TLS to the brokers (production: the cluster CA and the service's KafkaUser).
          ssl: readKafkaTls(config),
        }),
        HealthModule.forRootAsync({
          inject: [MONGO_CONNECTION, EventPublisher],
          useFactory: (connection: Connection, publisher: EventPublisher) => [
            mongoReadinessCheck(connection),
            { name: 'kafka', check: () => publisher.connect(), timeoutMs: 3000 },
          ],
        }),
        // Token verification (expiry on the service's clock) or the header stand-in: ACCESS_MODE.
        AccessModule.forRoot(accessOptionsFromConfig(config, () => clock.now())),
      ],
      exports: [AccessModule],
    };
  }
}
