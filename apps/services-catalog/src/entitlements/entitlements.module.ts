import { AccessModule } from '@care/access';
import { MongoModule } from '@care/persistence';
import { Module } from '@nestjs/common';
import { ServiceListsModule } from '../service-lists/service-lists.module';
import { ChildEntitlementsRepository } from './child-entitlements.repository';
import { CHILD_ENTITLEMENTS, childEntitlementsSchema } from './child-entitlements.schema';
import { EntitlementEngine } from './entitlement-engine';
import { EntitlementsController } from './entitlements.controller';
import { EntitlementsService } from './entitlements.service';
import { GapsService } from './gaps.service';
import { RecomputeSweeper } from './recompute-sweeper';

@Module({
  imports: [
    AccessModule,
    ServiceListsModule,
    MongoModule.forFeature([{ name: CHILD_ENTITLEMENTS, schema: childEntitlementsSchema }]),
  ],
  controllers: [EntitlementsController],
  providers: [
    ChildEntitlementsRepository,
    EntitlementEngine,
    EntitlementsService,
    GapsService,
    RecomputeSweeper,
  ],
  exports: [ChildEntitlementsRepository, EntitlementEngine, EntitlementsService, RecomputeSweeper],
})
export class EntitlementsModule {}
