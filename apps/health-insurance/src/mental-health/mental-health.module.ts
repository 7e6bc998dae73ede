import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import { MentalHealthController } from './mental-health.controller';
import { MentalHealthReferralsRepository, MentalHealthStepsRepository } from './mental-health.repositories';
import {
  MENTAL_HEALTH_REFERRALS,
  MENTAL_HEALTH_REFERRALS_COLLECTION,
  MENTAL_HEALTH_STEPS,
  MENTAL_HEALTH_STEPS_COLLECTION,
  mentalHealthReferralSchema,
  mentalHealthStepSchema,
} from './mental-health.schema';
import { MentalHealthService } from './mental-health.service';

/** 心理健康转介 (seed §11): needs SealingModule and the kit's AuditModule (app.module.ts). */
@Module({
  imports: [
    MongoModule.forFeature([
      {
        name: MENTAL_HEALTH_REFERRALS,
        schema: mentalHealthReferralSchema,
        collection: MENTAL_HEALTH_REFERRALS_COLLECTION,
      },
      {
        name: MENTAL_HEALTH_STEPS,
        schema: mentalHealthStepSchema,
        collection: MENTAL_HEALTH_STEPS_COLLECTION,
      },
    ]),
  ],
  controllers: [MentalHealthController],
  providers: [MentalHealthReferralsRepository, MentalHealthStepsRepository, MentalHealthService],
})
export class MentalHealthModule {}
