import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import { AccessModule } from '@care/access';
import { ChildrenModule } from '../children/children.module';
import { ScreeningController } from './screening.controller';
import { ScreeningAssignmentRepository, ScreeningRoundRepository } from './screening.repository';
import {
  SCREENING_ASSIGNMENTS_COLLECTION,
  SCREENING_ASSIGNMENT_MODEL,
  SCREENING_ROUNDS_COLLECTION,
  SCREENING_ROUND_MODEL,
  screeningAssignmentSchema,
  screeningRoundSchema,
} from './screening.schema';
import { ScreeningService } from './screening.service';

/**
 * 监测摸排. Needs, from the app: MongoModule.forRoot, the CLOCK provider (../clock), and
 * ChildrenModule's dependencies (PersonalDataModule, EventsModule.forRoot, CONFIG). Rounds
 * publish no events of their own: a result reaches other services as the child's ChildUpdated
 * (lastVerifiedOn), written by ChildrenService.
 */
@Module({
  imports: [
    MongoModule.forFeature([
      { name: SCREENING_ROUND_MODEL, schema: screeningRoundSchema, collection: SCREENING_ROUNDS_COLLECTION },
      {
        name: SCREENING_ASSIGNMENT_MODEL,
        schema: screeningAssignmentSchema,
        collection: SCREENING_ASSIGNMENTS_COLLECTION,
      },
    ]),
    AccessModule,
    ChildrenModule,
  ],
  controllers: [ScreeningController],
  providers: [ScreeningRoundRepository, ScreeningAssignmentRepository, ScreeningService],
  exports: [ScreeningService],
})
export class ScreeningModule {}
