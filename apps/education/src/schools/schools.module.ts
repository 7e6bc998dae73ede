import { Module } from '@nestjs/common';
import { MongoModule } from '@care/persistence';
import { SCHOOLS, SCHOOLS_COLLECTION, schoolSchema } from './school.schema';
import { SchoolsController } from './schools.controller';
import { SchoolsService } from './schools.service';

@Module({
  imports: [
    MongoModule.forFeature([{ name: SCHOOLS, schema: schoolSchema, collection: SCHOOLS_COLLECTION }]),
  ],
  controllers: [SchoolsController],
  providers: [SchoolsService],
  exports: [SchoolsService],
})
export class SchoolsModule {}
