import { Module } from '@nestjs/common';
import { CONFIG } from '@care/config';
import { EventsModule } from '@care/events';
import { MongoModule } from '@care/persistence';
import type { EducationConfig } from '../config';
import { SchoolsModule } from '../schools/schools.module';
import { EducationGrpcController } from './education.grpc-controller';
import { ENROLMENTS, ENROLMENTS_COLLECTION, enrolmentSchema } from './enrolment.schema';
import { EnrolmentsController } from './enrolments.controller';
import { EnrolmentsService } from './enrolments.service';
import { moveOutSubscriptions } from './move-out.consumer';

const models = MongoModule.forFeature([
  { name: ENROLMENTS, schema: enrolmentSchema, collection: ENROLMENTS_COLLECTION },
]);

@Module({
  imports: [SchoolsModule, models],
  providers: [EnrolmentsService],
  exports: [EnrolmentsService],
})
class EnrolmentsCoreModule {}

/** 就读登记: enrolments, their HTTP and gRPC APIs, and the end of an enrolment on a registry move-out. */
@Module({
  imports: [
    EnrolmentsCoreModule,
    EventsModule.forConsumers({
      imports: [EnrolmentsCoreModule],
      inject: [EnrolmentsService, CONFIG],
      useFactory: (enrolments: EnrolmentsService, config: EducationConfig) => ({
        consumers: [
          { groupId: config.MOVE_OUT_CONSUMER_GROUP, subscriptions: moveOutSubscriptions(enrolments) },
        ],
      }),
    }),
  ],
  controllers: [EnrolmentsController, EducationGrpcController],
  exports: [EnrolmentsCoreModule],
})
export class EnrolmentsModule {}
