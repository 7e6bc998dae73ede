import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { CONFIG } from '@care/config';
import type { RegistryConfig } from '../config';
import { MongoModule } from '@care/persistence';
import { AccessModule } from '@care/access';
import { ChildrenLogModule, ChildrenModule } from '../children/children.module';
import { KeyCareModule } from '../key-care/key-care.module';
import { ImportController } from './import.controller';
import { ImportErrorRepository, ImportJobRepository } from './import-job.repository';
import {
  IMPORT_ERROR_MODEL,
  IMPORT_ERRORS_COLLECTION,
  IMPORT_JOB_MODEL,
  IMPORT_JOBS_COLLECTION,
  importErrorSchema,
  importJobSchema,
} from './import-job.schema';
import { ImportOutbox } from './import-outbox';
import { ImportService } from './import.service';
import { IncompleteChildrenController } from './incomplete.controller';
import { IncompleteChildrenRepository } from './incomplete.repository';
import {
  INCOMPLETE_CHILD_MODEL,
  INCOMPLETE_CHILDREN_COLLECTION,
  incompleteChildSchema,
} from './incomplete.schema';
import { IncompleteChildrenService } from './incomplete.service';

/** 附件1 台账导入: upload -> job; progress; report; the worklist of records to complete (待补录). */
@Module({
  imports: [
    MongoModule.forFeature([
      { name: IMPORT_JOB_MODEL, schema: importJobSchema, collection: IMPORT_JOBS_COLLECTION },
      { name: IMPORT_ERROR_MODEL, schema: importErrorSchema, collection: IMPORT_ERRORS_COLLECTION },
      {
        name: INCOMPLETE_CHILD_MODEL,
        schema: incompleteChildSchema,
        collection: INCOMPLETE_CHILDREN_COLLECTION,
      },
    ]),
    // Uploads are held in memory (the codec streams from the buffer); IMPORT_MAX_MB bounds them.
    MulterModule.registerAsync({
      inject: [CONFIG],
      useFactory: (config: RegistryConfig) => ({
        limits: { fileSize: config.IMPORT_MAX_MB * 1024 * 1024, files: 1, fields: 10 },
      }),
    }),
    AccessModule,
    ChildrenModule,
    ChildrenLogModule,
    KeyCareModule,
  ],
  controllers: [ImportController, IncompleteChildrenController],
  providers: [
    ImportService,
    ImportOutbox,
    ImportJobRepository,
    ImportErrorRepository,
    IncompleteChildrenRepository,
    IncompleteChildrenService,
  ],
  exports: [ImportService, IncompleteChildrenService],
})
export class ImportModule {}
