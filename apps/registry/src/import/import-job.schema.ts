import { Schema } from 'mongoose';
import type { ImportErrorRecord, ImportJobRecord } from './import-job.types';

export const IMPORT_JOB_MODEL = 'ImportJob';
export const IMPORT_JOBS_COLLECTION = 'import_jobs';
export const IMPORT_ERROR_MODEL = 'ImportError';
export const IMPORT_ERRORS_COLLECTION = 'import_job_errors';

export const importJobSchema = new Schema<ImportJobRecord>(
  {
    _id: { type: String, required: true },
    countyCode: { type: String, required: true },
    status: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    startedAt: Date,
    finishedAt: Date,
    fileSha256: { type: String, required: true },
    fileBytes: { type: Number, required: true },
    residentSince: { type: String, required: true },
    total: { type: Number, default: null },
    processed: { type: Number, default: 0 },
    stored: { type: Number, default: 0 },
    updated: { type: Number, default: 0 },
    duplicates: { type: Number, default: 0 },
    failed: { type: Number, default: 0 },
    incomplete: { type: Number, default: 0 },
    completed: { type: Number, default: 0 },
    warned: { type: Number, default: 0 },
    keyCareAdded: { type: Number, default: 0 },
    keyCareChanged: { type: Number, default: 0 },
    failure: { type: new Schema({ code: String, message: String }, { _id: false }), required: false },
    updatedAt: { type: Date, required: true },
  },
  { collection: IMPORT_JOBS_COLLECTION, versionKey: false, id: false },
);
importJobSchema.index({ countyCode: 1, _id: 1 });
importJobSchema.index({ status: 1 });

export const importErrorSchema = new Schema<ImportErrorRecord>(
  {
    _id: { type: String, required: true },
    jobId: { type: String, required: true },
    countyCode: { type: String, required: true },
    rowNumber: { type: Number, required: true },
    errors: { type: [new Schema({ column: String, reason: String }, { _id: false })], default: [] },
    warnings: { type: [new Schema({ column: String, reason: String }, { _id: false })], default: undefined },
    incomplete: {
      type: [new Schema({ column: String, reason: String }, { _id: false })],
      default: undefined,
    },
  },
  { collection: IMPORT_ERRORS_COLLECTION, versionKey: false, id: false, suppressReservedKeysWarning: true },
);
importErrorSchema.index({ countyCode: 1, jobId: 1, rowNumber: 1 });
