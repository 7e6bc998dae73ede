import { Global, Module } from '@nestjs/common';
import type { Connection, mongo } from 'mongoose';
import { DEFAULT_VISIT_FREQUENCY, type VisitFrequencyConfig } from '@care/child-rules';
import { CONFIG } from '@care/config';
import { EmbeddedOutbox, EventsModule } from '@care/events';
import { MONGO_CONNECTION, MongoModule } from '@care/persistence';
import { AccessModule } from '@care/access';
import { ChildrenModule } from '../children/children.module';
import { KeyCareChildrenSource } from '../grpc/key-care-source';
import { KeyCareChildrenFromLedger } from './key-care-children-source';
import { KeyCareController } from './key-care.controller';
import { KeyCareRepository } from './key-care.repository';
import { KEY_CARE_ENTRIES_COLLECTION, KEY_CARE_ENTRY_MODEL, keyCareEntrySchema } from './key-care.schema';
import { KeyCareService, VISIT_FREQUENCY } from './key-care.service';
import { LedgerExportService } from './ledger-export.service';
import type { KeyCareConfig } from './visit-frequency';

type RelayConfig = { OUTBOX_POLL_MS?: number };

/** The driver's collection (the relay speaks the driver's API); the connection is open by the time providers run. */
function nativeCollection(connection: Connection, name: string): mongo.Collection {
  if (connection.db === undefined)
    throw new Error(`KeyCareModule: the database connection is not open (collection ${name})`);
  return connection.db.collection(name);
}

/**
 * 重点关爱服务对象信息台账. Needs, from the app: MongoModule.forRoot, EventsModule.forRoot, the
 * CLOCK provider (../clock), PersonalDataModule + AuditModule (export reveals are audited), and
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
    EventsModule.forConsumers({
      inject: [MONGO_CONNECTION, { token: CONFIG, optional: true }],
      useFactory: (connection: Connection, config: RelayConfig | undefined) => ({
        relays: [
          {
            sources: [
              new EmbeddedOutbox(
                nativeCollection(connection, KEY_CARE_ENTRIES_COLLECTION),
                KEY_CARE_ENTRIES_COLLECTION,
              ),
            ],
            pollIntervalMs: config?.OUTBOX_POLL_MS ?? 200,
            batchSize: 500,
          },
        ],
      }),
    }),
  ],
  controllers: [KeyCareController],
  providers: [
    KeyCareRepository,
    KeyCareService,
    LedgerExportService,
    { provide: KeyCareChildrenSource, useClass: KeyCareChildrenFromLedger },
    {
      provide: VISIT_FREQUENCY,
      inject: [{ token: CONFIG, optional: true }],
      useFactory: (config: KeyCareConfig | undefined): VisitFrequencyConfig =>
        config?.KEY_CARE_VISIT_FREQUENCY_MONTHS ?? DEFAULT_VISIT_FREQUENCY,
    },
  ],
  exports: [KeyCareService, LedgerExportService, KeyCareChildrenSource],
})
export class KeyCareModule {}
