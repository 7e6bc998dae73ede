import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { CONFIG } from '@care/config';
import type { RegistryConfig } from '../config';
import { MongoModule } from '@care/persistence';
import { AccessModule } from '@care/access';
import { ChildrenModule } from '../children/children.module';
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
import { ImportService } from './import.service';

/** 附件1 台账导入: upload -> job; progress; error report. */
@Module({
  imports: [
    MongoModule.forFeature([
      { name: IMPORT_JOB_MODEL, schema: importJobSchema, collection: IMPORT_JOBS_COLLECTION },
      { name: IMPORT_ERROR_MODEL, schema: importErrorSchema, collection: IMPORT_ERRORS_COLLECTION },
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
    KeyCareModule,
  ],
  controllers: [ImportController],
  providers: [ImportService, ImportJobRepository, ImportErrorRepository],
  exports: [ImportService],
})
export class ImportModule {}
