import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import { SevereMentalDisorderPatientsService } from './patients.service';
import { SevereMentalDisorderRehabilitationService } from './rehabilitation.service';
import {
  SevereMentalDisorderFollowUpsController,
  SevereMentalDisorderPatientsController,
  SevereMentalDisorderRehabilitationController,
} from './severe-mental-disorder.controller';
import {
  PatientRecordsRepository,
  PatientsRepository,
  RehabilitationRepository,
  RehabilitationStepsRepository,
} from './severe-mental-disorder.repositories';
import {
  SMD_PATIENTS,
  SMD_PATIENTS_COLLECTION,
  SMD_RECORDS,
  SMD_RECORDS_COLLECTION,
  SMD_REHABILITATION,
  SMD_REHABILITATION_COLLECTION,
  SMD_REHABILITATION_STEPS,
  SMD_REHABILITATION_STEPS_COLLECTION,
  patientRecordSchema,
  patientSchema,
  rehabilitationSchema,
  rehabilitationStepSchema,
} from './severe-mental-disorder.schema';

/** 严重精神障碍患者管理 and 社区康复转介: needs SealingModule and the kit's AuditModule (app.module.ts). */
@Module({
  imports: [
    MongoModule.forFeature([
      { name: SMD_PATIENTS, schema: patientSchema, collection: SMD_PATIENTS_COLLECTION },
      { name: SMD_RECORDS, schema: patientRecordSchema, collection: SMD_RECORDS_COLLECTION },
      { name: SMD_REHABILITATION, schema: rehabilitationSchema, collection: SMD_REHABILITATION_COLLECTION },
      {
        name: SMD_REHABILITATION_STEPS,
        schema: rehabilitationStepSchema,
        collection: SMD_REHABILITATION_STEPS_COLLECTION,
      },
    ]),
  ],
  controllers: [
    SevereMentalDisorderPatientsController,
    SevereMentalDisorderFollowUpsController,
    SevereMentalDisorderRehabilitationController,
  ],
  providers: [
    PatientsRepository,
    PatientRecordsRepository,
    RehabilitationRepository,
    RehabilitationStepsRepository,
    SevereMentalDisorderPatientsService,
    SevereMentalDisorderRehabilitationService,
  ],
})
export class SevereMentalDisorderModule {}
