import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import {
  MEDICAL_INSURANCE_ENROLMENTS,
  MEDICAL_INSURANCE_ENROLMENTS_COLLECTION,
  MEDICAL_INSURANCE_STEPS,
  MEDICAL_INSURANCE_STEPS_COLLECTION,
  medicalInsuranceEnrolmentSchema,
  medicalInsuranceStepSchema,
} from './enrolment.schema';
import { MedicalInsuranceController } from './medical-insurance.controller';
import {
  EnrolmentsRepository,
  EnrolmentStepsRepository,
  SettlementFilingsRepository,
} from './medical-insurance.repositories';
import { MedicalInsuranceService } from './medical-insurance.service';
import {
  SETTLEMENT_FILINGS,
  SETTLEMENT_FILINGS_COLLECTION,
  settlementFilingSchema,
} from './settlement-filing.schema';

/** 城乡居民基本医疗保险 (市医保局): 居住地参保 and 异地就医备案 (@care/health-rules). */
@Module({
  imports: [
    MongoModule.forFeature([
      {
        name: MEDICAL_INSURANCE_ENROLMENTS,
        schema: medicalInsuranceEnrolmentSchema,
        collection: MEDICAL_INSURANCE_ENROLMENTS_COLLECTION,
      },
      {
        name: MEDICAL_INSURANCE_STEPS,
        schema: medicalInsuranceStepSchema,
        collection: MEDICAL_INSURANCE_STEPS_COLLECTION,
      },
      { name: SETTLEMENT_FILINGS, schema: settlementFilingSchema, collection: SETTLEMENT_FILINGS_COLLECTION },
    ]),
  ],
  controllers: [MedicalInsuranceController],
  providers: [
    MedicalInsuranceService,
    EnrolmentsRepository,
    EnrolmentStepsRepository,
    SettlementFilingsRepository,
  ],
})
export class MedicalInsuranceModule {}
