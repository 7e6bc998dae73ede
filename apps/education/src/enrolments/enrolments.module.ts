import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import { SchoolsModule } from '../schools/schools.module';
import { EducationGrpcController } from './education.grpc-controller';
import { ENROLMENTS, ENROLMENTS_COLLECTION, enrolmentSchema } from './enrolment.schema';
import { EnrolmentsController } from './enrolments.controller';
import { EnrolmentsService } from './enrolments.service';

@Module({
  imports: [
    SchoolsModule,
    MongoModule.forFeature([
      { name: ENROLMENTS, schema: enrolmentSchema, collection: ENROLMENTS_COLLECTION },
    ]),
  ],
  controllers: [EnrolmentsController, EducationGrpcController],
  providers: [EnrolmentsService],
  exports: [EnrolmentsService],
})
export class EnrolmentsModule {}
