import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import {
  CHILD_HEALTH_VISITS,
  CHILD_HEALTH_VISITS_COLLECTION,
  childHealthVisitSchema,
} from './child-health-visit.schema';
import { ChildHealthVisitsRepository } from './child-health-visits.repository';
import { ChildHealthController } from './child-health.controller';
import { ChildHealthService } from './child-health.service';

/** 0～3岁儿童健康管理: the visits done and each child's status against the schedule (@care/health-rules). */
@Module({
  imports: [
    MongoModule.forFeature([
      {
        name: CHILD_HEALTH_VISITS,
        schema: childHealthVisitSchema,
        collection: CHILD_HEALTH_VISITS_COLLECTION,
      },
    ]),
  ],
  controllers: [ChildHealthController],
  providers: [ChildHealthVisitsRepository, ChildHealthService],
})
export class ChildHealthModule {}
