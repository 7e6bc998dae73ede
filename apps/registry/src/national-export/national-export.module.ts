import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { AccessModule } from '@care/access';
import { ChildrenModule } from '../children/children.module';
import { CLOCK, systemClock, type Clock } from '@care/service-kit';
import { CHILD_SOURCE } from './export-source';
import { DEFAULT_NATIONAL_MAPPING, type ExportMapping } from './mapping';
import { NationalExportController } from './national-export.controller';
import {
  NATIONAL_EXPORT_CLOCK,
  NATIONAL_EXPORT_MAPPING,
  NationalExportService,
} from './national-export.service';
import { RepositoryChildSource } from './repository-child-source';

export interface NationalExportModuleOptions {
  /** Default DEFAULT_NATIONAL_MAPPING; load another with parseExportMapping(JSON.parse(file)). */
  readonly mapping?: ExportMapping;
}

/**
 * GET /api/v1/exports/national.csv. Reads children through ChildrenModule's repository; needs
 * PersonalDataModule and AuditModule (both global) in the app.
 */
@Module({})
export class NationalExportModule {
  static forRoot(options: NationalExportModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      NationalExportService,
      { provide: CHILD_SOURCE, useClass: RepositoryChildSource },
      { provide: NATIONAL_EXPORT_MAPPING, useValue: options.mapping ?? DEFAULT_NATIONAL_MAPPING },
      {
        provide: NATIONAL_EXPORT_CLOCK,
        inject: [{ token: CLOCK, optional: true }],
        useFactory: (clock: Clock | undefined) => clock ?? systemClock,
      },
    ];
    return {
      module: NationalExportModule,
      imports: [ChildrenModule, AccessModule],
      controllers: [NationalExportController],
      providers,
      exports: [NationalExportService],
    };
  }
}
