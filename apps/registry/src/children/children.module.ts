import { Module } from '@nestjs/common';
import { CONFIG } from '@care/config';
import { outboxRelayModule } from '@care/service-kit';
import { MongoModule } from '@care/persistence';
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
    outboxRelayModule({
      collections: [CHILDREN_COLLECTION],
      imports: [ChildrenLogModule],
      inject: [StatusChangeLog],
      tuning: (log: StatusChangeLog) => ({ onPublished: (published) => log.recordPublished(published) }),
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
