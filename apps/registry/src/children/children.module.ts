import { Module } from '@nestjs/common';
import type { Connection, mongo } from 'mongoose';
import { CONFIG } from '@care/config';
import { EmbeddedOutbox, EventsModule } from '@care/events';
import { MONGO_CONNECTION, MongoModule } from '@care/persistence';
import type { MigrantRuleConfig } from '@care/child-rules';
import { AccessModule } from '@care/access';
import type { RegistryConfig } from '../config';
import { MIGRANT_RULE_CONFIG } from './child-aggregate';
import { ChildPresenter } from './child-presenter';
import { CHILD_MODEL, CHILDREN_COLLECTION, childSchema } from './child.schema';
import { ChildrenController } from './children.controller';
import { ChildrenRepository } from './children.repository';
import { ChildrenService } from './children.service';
import { StatusChangeLog } from './status-change-log';

/** The city's central urban area (城市中心城区) from config, in the rule's shape. */
export function migrantRuleConfig(
  config: Pick<RegistryConfig, 'CITY_CODE' | 'CENTRAL_URBAN_DISTRICTS'>,
): MigrantRuleConfig {
  return {
    centralUrban: [{ cityCode: config.CITY_CODE, districtCodes: [...config.CENTRAL_URBAN_DISTRICTS] }],
  };
}

/** The driver's collection (the relay works below mongoose, on the stored entries as they are). */
function nativeCollection(connection: Connection, name: string): mongo.Collection {
  if (connection.db === undefined) throw new Error('ChildrenModule: the mongo connection is not open');
  return connection.db.collection(name);
}

/** The status-change log on its own, so the relay factory and the gRPC service can share it. */
@Module({ providers: [StatusChangeLog], exports: [StatusChangeLog] })
export class ChildrenLogModule {}

const childrenModels = MongoModule.forFeature([
  { name: CHILD_MODEL, schema: childSchema, collection: CHILDREN_COLLECTION },
]);

@Module({
  imports: [
    childrenModels,
    AccessModule,
    // The children's outbox: published by a relay that also logs status changes for ListStatusChanges.
    EventsModule.forConsumers({
      imports: [ChildrenLogModule],
      inject: [MONGO_CONNECTION, CONFIG, StatusChangeLog],
      useFactory: (connection: Connection, config: RegistryConfig, log: StatusChangeLog) => ({
        relays: [
          {
            sources: [
              new EmbeddedOutbox(nativeCollection(connection, CHILDREN_COLLECTION), CHILDREN_COLLECTION),
            ],
            pollIntervalMs: config.OUTBOX_POLL_MS,
            // Bounded: the relay acknowledges a batch's documents concurrently (bounded by MONGODB_MAX_POOL_SIZE).
            batchSize: 500,
            onPublished: (published) => log.recordPublished(published),
          },
        ],
      }),
    }),
  ],
  controllers: [ChildrenController],
  providers: [
    ChildrenRepository,
    ChildrenService,
    ChildPresenter,
    {
      provide: MIGRANT_RULE_CONFIG,
      inject: [CONFIG],
      useFactory: (config: RegistryConfig) => migrantRuleConfig(config),
    },
  ],
  exports: [ChildrenService, ChildrenRepository, ChildPresenter, MIGRANT_RULE_CONFIG, childrenModels],
})
export class ChildrenModule {}
