import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
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

@Module({
  imports: [
    MongoModule.forFeature([
      {
        name: ASSISTANCE_APPLICATIONS,
        schema: assistanceApplicationSchema,
        collection: ASSISTANCE_APPLICATIONS_COLLECTION,
      },
      { name: ASSISTANCE_STEPS, schema: assistanceStepSchema, collection: ASSISTANCE_STEPS_COLLECTION },
    ]),
  ],
  controllers: [AssistanceController],
  providers: [AssistanceApplicationsRepository, AssistanceStepsRepository, AssistanceService],
})
export class AssistanceModule {}
