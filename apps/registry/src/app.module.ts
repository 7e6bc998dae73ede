import { Module, type DynamicModule } from '@nestjs/common';
import { RegistryEvents } from '@care/contracts';
import { MONGO_CONNECTION } from '@care/persistence';
import { AuditModule, ServiceKitModule, systemClock, type Clock } from '@care/service-kit';
import { AuditApiModule } from './audit/audit-api.module';
import { REGISTRY_AUDIT_ACTIONS } from './audit/registry-audit-actions';
import { ChildrenModule } from './children/children.module';
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
        ServiceKitModule.forRoot({ config, clock, produces: Object.values(RegistryEvents) }),
        AuditModule.forRoot({ connectionToken: MONGO_CONNECTION, clock, actions: REGISTRY_AUDIT_ACTIONS }),
        AuditApiModule,
        PersonalDataModule.forRoot(),
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
