import { Module } from '@nestjs/common';
import { CONFIG } from '@care/config';
import { EventsModule } from '@care/events';
import { MongoModule } from '@care/persistence';
import type { HealthInsuranceConfig } from '../config';
import {
  FAMILY_DOCTOR_CONTRACTS,
  FAMILY_DOCTOR_CONTRACTS_COLLECTION,
  FAMILY_DOCTOR_STEPS,
  FAMILY_DOCTOR_STEPS_COLLECTION,
  familyDoctorContractSchema,
  familyDoctorStepSchema,
} from './family-doctor-contract.schema';
import { FamilyDoctorController } from './family-doctor.controller';
import { FamilyDoctorContractsRepository, FamilyDoctorStepsRepository } from './family-doctor.repositories';
import { FamilyDoctorService } from './family-doctor.service';
import { moveOutSubscriptions } from './move-out.consumer';

const models = MongoModule.forFeature([
  {
    name: FAMILY_DOCTOR_CONTRACTS,
    schema: familyDoctorContractSchema,
    collection: FAMILY_DOCTOR_CONTRACTS_COLLECTION,
  },
  { name: FAMILY_DOCTOR_STEPS, schema: familyDoctorStepSchema, collection: FAMILY_DOCTOR_STEPS_COLLECTION },
]);

@Module({
  imports: [models],
  providers: [FamilyDoctorContractsRepository, FamilyDoctorStepsRepository, FamilyDoctorService],
  exports: [FamilyDoctorService],
})
class FamilyDoctorCoreModule {}

/** 家庭医生签约: contracts, their HTTP API, and the end of a contract on a registry move-out. */
@Module({
  imports: [
    FamilyDoctorCoreModule,
    EventsModule.forConsumers({
      imports: [FamilyDoctorCoreModule],
      inject: [FamilyDoctorService, CONFIG],
      useFactory: (familyDoctor: FamilyDoctorService, config: HealthInsuranceConfig) => ({
        consumers: [
          {
            groupId: config.FAMILY_DOCTOR_MOVE_OUT_CONSUMER_GROUP,
            subscriptions: moveOutSubscriptions(familyDoctor),
          },
        ],
      }),
    }),
  ],
  controllers: [FamilyDoctorController],
})
export class FamilyDoctorModule {}
