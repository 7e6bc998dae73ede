import { Module } from '@nestjs/common';
import { CONFIG } from '@care/config';
import { EventsModule } from '@care/events';
import { MongoModule } from '@care/persistence';
import type { WelfareConfig } from '../config';
import {
  ASSISTANCE_APPLICATIONS,
  ASSISTANCE_APPLICATIONS_COLLECTION,
  assistanceApplicationSchema,
} from './assistance-application.schema';
import { AssistanceApplicationsRepository } from './assistance-applications.repository';
import {
  ASSISTANCE_STEPS,
  ASSISTANCE_STEPS_COLLECTION,
  assistanceStepSchema,
} from './assistance-step.schema';
import { AssistanceStepsRepository } from './assistance-steps.repository';
import { AssistanceController } from './assistance.controller';
import { AssistanceService } from './assistance.service';
import { moveOutSubscriptions } from './move-out.consumer';

const models = MongoModule.forFeature([
  {
    name: ASSISTANCE_APPLICATIONS,
    schema: assistanceApplicationSchema,
    collection: ASSISTANCE_APPLICATIONS_COLLECTION,
  },
  { name: ASSISTANCE_STEPS, schema: assistanceStepSchema, collection: ASSISTANCE_STEPS_COLLECTION },
]);

@Module({
  imports: [models],
  providers: [AssistanceApplicationsRepository, AssistanceStepsRepository, AssistanceService],
  exports: [AssistanceService],
})
class AssistanceCoreModule {}

/** 救助申请: applications, their HTTP API and the 护佑健康 list, and their end on a registry move-out. */
@Module({
  imports: [
    AssistanceCoreModule,
    EventsModule.forConsumers({
      imports: [AssistanceCoreModule],
      inject: [AssistanceService, CONFIG],
      useFactory: (assistance: AssistanceService, config: WelfareConfig) => ({
        consumers: [
          { groupId: config.MOVE_OUT_CONSUMER_GROUP, subscriptions: moveOutSubscriptions(assistance) },
        ],
      }),
    }),
  ],
  controllers: [AssistanceController],
})
export class AssistanceModule {}
