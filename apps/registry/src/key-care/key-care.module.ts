import { Global, Module } from '@nestjs/common';
import { DEFAULT_VISIT_FREQUENCY, type VisitFrequencyConfig } from '@care/child-rules';
import { CONFIG } from '@care/config';
import { MongoModule } from '@care/persistence';
import { outboxRelayModule } from '@care/service-kit';
import { AccessModule } from '@care/access';
import { ChildrenModule } from '../children/children.module';
import { KeyCareChildrenSource } from '../grpc/key-care-source';
import { EducationSchooling } from './education-schooling';
import { KeyCareChildrenFromLedger } from './key-care-children-source';
import { KeyCareController } from './key-care.controller';
import { KeyCareRepository } from './key-care.repository';
import { KEY_CARE_ENTRIES_COLLECTION, KEY_CARE_ENTRY_MODEL, keyCareEntrySchema } from './key-care.schema';
import { KeyCareService, VISIT_FREQUENCY } from './key-care.service';
import { LedgerExportService } from './ledger-export.service';
import type { KeyCareConfig } from './visit-frequency';

/**
 * 重点关爱服务对象信息台账. Needs, from the app: MongoModule.forRoot, EventsModule.forRoot, the
 * CLOCK provider (@care/service-kit), PersonalDataModule + AuditModule (export reveals are audited), and
 * CONFIG. The visit frequency table comes from CONFIG's KEY_CARE_VISIT_FREQUENCY_MONTHS (spread
 * `keyCareConfig` of ./visit-frequency into the app's schema), else the defaults.
 *
 * Global so that R-core's gRPC controller finds KeyCareChildrenSource (ListKeyCareChildren) and
 * the import job finds KeyCareService without importing this module.
 */
@Global()
@Module({
  imports: [
    MongoModule.forFeature([
      { name: KEY_CARE_ENTRY_MODEL, schema: keyCareEntrySchema, collection: KEY_CARE_ENTRIES_COLLECTION },
    ]),
    AccessModule,
    ChildrenModule,
    // The entries' outbox (their events are written with each change) is published by its own relay.
    outboxRelayModule({ collections: [KEY_CARE_ENTRIES_COLLECTION] }),
  ],
  controllers: [KeyCareController],
  providers: [
    KeyCareRepository,
    KeyCareService,
    LedgerExportService,
    EducationSchooling,
    { provide: KeyCareChildrenSource, useClass: KeyCareChildrenFromLedger },
    {
      provide: VISIT_FREQUENCY,
      inject: [{ token: CONFIG, optional: true }],
      useFactory: (config: KeyCareConfig | undefined): VisitFrequencyConfig =>
        config?.KEY_CARE_VISIT_FREQUENCY_MONTHS ?? DEFAULT_VISIT_FREQUENCY,
    },
  ],
  exports: [KeyCareService, LedgerExportService, KeyCareChildrenSource, EducationSchooling],
})
export class KeyCareModule {}
