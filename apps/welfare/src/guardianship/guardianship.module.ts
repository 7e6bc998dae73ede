import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import {
  GUARDIANSHIP_CASES,
  GUARDIANSHIP_CASES_COLLECTION,
  guardianshipCaseSchema,
} from './guardianship-case.schema';
import { GuardianshipCasesRepository } from './guardianship-cases.repository';
import {
  GUARDIANSHIP_STEPS,
  GUARDIANSHIP_STEPS_COLLECTION,
  guardianshipStepSchema,
} from './guardianship-step.schema';
import { GuardianshipStepsRepository } from './guardianship-steps.repository';
import { GuardianshipController } from './guardianship.controller';
import { GuardianshipService } from './guardianship.service';

@Module({
  imports: [
    MongoModule.forFeature([
      { name: GUARDIANSHIP_CASES, schema: guardianshipCaseSchema, collection: GUARDIANSHIP_CASES_COLLECTION },
      { name: GUARDIANSHIP_STEPS, schema: guardianshipStepSchema, collection: GUARDIANSHIP_STEPS_COLLECTION },
    ]),
  ],
  controllers: [GuardianshipController],
  providers: [GuardianshipCasesRepository, GuardianshipStepsRepository, GuardianshipService],
})
export class GuardianshipModule {}
