import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import {
  HOUSING_APPLICATIONS,
  HOUSING_APPLICATIONS_COLLECTION,
  housingApplicationSchema,
} from './housing-application.schema';
import { HousingApplicationsController } from './housing-applications.controller';
import { HousingApplicationsService } from './housing-applications.service';
import { housingPoliciesProvider } from './housing-policies.provider';

/** 住房保障: applications, the county standards, the waiting list. */
@Module({
  imports: [
    MongoModule.forFeature([
      {
        name: HOUSING_APPLICATIONS,
        schema: housingApplicationSchema,
        collection: HOUSING_APPLICATIONS_COLLECTION,
      },
    ]),
  ],
  controllers: [HousingApplicationsController],
  providers: [housingPoliciesProvider, HousingApplicationsService],
})
export class HousingModule {}
