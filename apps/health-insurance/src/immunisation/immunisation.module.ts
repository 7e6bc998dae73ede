import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import {
  IMMUNISATION_DOSES,
  IMMUNISATION_DOSES_COLLECTION,
  immunisationDoseSchema,
} from './immunisation-dose.schema';
import { ImmunisationsController } from './immunisations.controller';
import { ImmunisationsService } from './immunisations.service';

/** 预防接种: the doses given and the national schedule's status of each child (@care/health-rules). */
@Module({
  imports: [
    MongoModule.forFeature([
      { name: IMMUNISATION_DOSES, schema: immunisationDoseSchema, collection: IMMUNISATION_DOSES_COLLECTION },
    ]),
  ],
  controllers: [ImmunisationsController],
  providers: [ImmunisationsService],
})
export class ImmunisationModule {}
