import { Module } from '@nestjs/common';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { ExamEligibilityController } from './exam-eligibility.controller';
import { ExamEligibilityService } from './exam-eligibility.service';

/** 中考/高考 eligibility from the enrolment periods. */
@Module({
  imports: [EnrolmentsModule],
  controllers: [ExamEligibilityController],
  providers: [ExamEligibilityService],
})
export class ExamEligibilityModule {}
