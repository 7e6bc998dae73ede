import { Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { RegistryEvents } from '@care/contracts';
import { ConfigModule } from '@care/config';
import { EventPublisher, EventsModule } from '@care/events';
import { HealthModule, LoggingModule, MetricsModule } from '@care/observability';
import { MONGO_CONNECTION, MongoModule, mongoReadinessCheck } from '@care/persistence';
import { AuditModule } from './audit/audit.module';
import { AccessModule } from '@care/access';
import { ChildrenModule } from './children/children.module';
import { CLOCK, systemClock, type Clock } from './clock';
import type { RegistryConfig } from './config';
import { RegistryGrpcModule } from './grpc/grpc.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { ImportModule } from './import/import.module';
import { KeyCareFollowsChildrenModule } from './key-care/follow-children.module';
import { KeyCareModule } from './key-care/key-care.module';
import { NationalExportModule } from './national-export/national-export.module';
import { ScreeningModule } from './screening/screening.module';
import { StatusModule } from './status/status.module';

export interface AppModuleOptions {
  /** Tests run the daily job "for a date" with a settable clock. */
  readonly clock?: Clock;
}

/** The clock, global: every use case takes "today" from it. */
@Module({})
class ClockModule {
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: ClockModule,
      global: true,
      providers: [{ provide: CLOCK, useValue: clock }],
      exports: [CLOCK],
    };
  }
}

/**
 * The civil-affairs registry (民政): child records, the daily status recomputation, the
 * registry.v1 gRPC service and the Excel import, with personal data sealed and every full read
 * audited. Built from the config main.ts validated at boot.
 */
@Module({})
export class AppModule {
  static forRoot(config: RegistryConfig, options: AppModuleOptions = {}): DynamicModule {
    const clock = options.clock ?? systemClock;
    return {
      module: AppModule,
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
          producer: 'registry',
          produces: Object.values(RegistryEvents),
          topicSuffix: config.EVENT_TOPIC_SUFFIX,
        }),
        HealthModule.forRootAsync({
          inject: [MONGO_CONNECTION, EventPublisher],
          useFactory: (connection: Connection, publisher: EventPublisher) => [
            mongoReadinessCheck(connection),
            { name: 'kafka', check: () => publisher.connect(), timeoutMs: 3000 },
          ],
        }),
        AuditModule.forRoot({ connectionToken: MONGO_CONNECTION, clock }),
        PersonalDataModule.forRoot(),
        AccessModule,
        ChildrenModule,
        StatusModule,
        ScreeningModule,
        KeyCareModule,
        KeyCareFollowsChildrenModule,
        ImportModule,
        NationalExportModule.forRoot(),
        RegistryGrpcModule,
      ],
    };
  }
}
