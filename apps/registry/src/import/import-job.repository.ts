import { Injectable } from '@nestjs/common';
import type { Model } from 'mongoose';
import { InjectModel, ScopedRepository } from '@care/persistence';
import type { CountyScope } from '../children/children.repository';
import { IMPORT_ERROR_MODEL, IMPORT_JOB_MODEL } from './import-job.schema';
import type { ImportCounters, ImportErrorRecord, ImportJobRecord, ImportJobStatus } from './import-job.types';

/** import_jobs: the progress document of each import, scoped to its county. */
@Injectable()
export class ImportJobRepository extends ScopedRepository<ImportJobRecord, CountyScope> {
  constructor(@InjectModel(IMPORT_JOB_MODEL) model: Model<ImportJobRecord>) {
    super(model, ['countyCode']);
  }

  async create(job: ImportJobRecord): Promise<void> {
    await this.model.collection.insertOne(job as never);
  }

  /** Adds a chunk's counts in one atomic single-document update ($inc), so readers never see half a chunk. */
  async addProgress(scope: CountyScope, jobId: string, counters: ImportCounters, now: Date): Promise<void> {
    await this.updateOne(scope, { _id: jobId }, { $inc: { ...counters }, $set: { updatedAt: now } });
  }

  async setStatus(
    scope: CountyScope,
    jobId: string,
    status: ImportJobStatus,
    fields: Partial<ImportJobRecord>,
    now: Date,
  ): Promise<void> {
    await this.updateOne(scope, { _id: jobId }, { $set: { ...fields, status, updatedAt: now } });
  }

  /**
   * Jobs left running by a process that stopped (crash, redeploy): marked interrupted at start-up.
   * Re-importing the file is safe — rows already stored come back as duplicates.
   */
  async markAbandoned(now: Date): Promise<number> {
    const counties = (await this.model
      .distinct('countyCode', { status: { $in: ['queued', 'running'] } })
      .exec()) as string[];
    let count = 0;
    for (const countyCode of counties) {
      const stale = await this.find(
        { countyCode },
        { status: { $in: ['queued', 'running'] } },
        { projection: { _id: 1 } },
      );
      for (const job of stale) {
        await this.setStatus({ countyCode }, job._id, 'interrupted', { finishedAt: now }, now);
        count += 1;
      }
    }
    return count;
  }
}

/** import_job_errors: one document per refused row (row number, columns, reasons; never values). */
@Injectable()
export class ImportErrorRepository extends ScopedRepository<ImportErrorRecord, CountyScope> {
  constructor(@InjectModel(IMPORT_ERROR_MODEL) model: Model<ImportErrorRecord>) {
    super(model, ['countyCode']);
  }

  async append(records: readonly ImportErrorRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await this.model.collection.insertMany(records as never[], { ordered: false });
    } catch (error) {
      // A retried chunk may log a row twice: the key is (job, row), so the second copy is refused.
      const writeErrors = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
      const list =
        writeErrors === undefined ? undefined : Array.isArray(writeErrors) ? writeErrors : [writeErrors];
      if (list === undefined || list.some((e) => e.code !== 11000)) throw error;
    }
  }

  /** The job's refused rows in row order, a page at a time (for the streamed error report). */
  async *rowsOf(scope: CountyScope, jobId: string, pageSize = 1000): AsyncGenerator<ImportErrorRecord> {
    let after = 0;
    for (;;) {
      const page = await this.find(
        scope,
        { jobId, rowNumber: { $gt: after } },
        { sort: { rowNumber: 1 }, limit: pageSize },
      );
      for (const row of page) yield row;
      if (page.length < pageSize) return;
      after = page[page.length - 1].rowNumber;
    }
  }
}
