import type { LocalDate } from '@care/child-rules';
import type { LedgerCellError } from '../ledger-excel';

export type ImportJobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted';

/** Progress and outcome of one Attachment 1 import (import_jobs). No personal data. */
export interface ImportJobRecord {
  /** jobId (ULID). */
  _id: string;
  countyCode: string;
  status: ImportJobStatus;
  /** Who uploaded (user id of the actor). */
  createdBy: string;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  /** SHA-256 of the uploaded file: tells two uploads of the same file apart from a changed one. */
  fileSha256: string;
  fileBytes: number;
  /** 迁入日期 applied to the rows (Attachment 1 has no such column). */
  residentSince: LocalDate;
  /** Data rows in the file; null until known. */
  total: number | null;
  processed: number;
  /** New children stored. */
  stored: number;
  /** Existing children (matched on the ID number) whose row changed: updated. */
  updated: number;
  /** Rows identical to what is stored: nothing written. */
  duplicates: number;
  /** Rows refused (see the error report). */
  failed: number;
  /** Key-care ledger entries opened / changed by the import. */
  keyCareAdded: number;
  keyCareChanged: number;
  /** Why the whole file was refused (e.g. missing headers), in Chinese. */
  failure?: { code: string; message: string };
  updatedAt: Date;
}

/** One refused row of an import (import_job_errors): row number, columns and reasons, no values. */
export interface ImportErrorRecord {
  /** `${jobId}:${rowNumber}`. */
  _id: string;
  jobId: string;
  countyCode: string;
  rowNumber: number;
  errors: LedgerCellError[];
}

export type ImportCounters = Pick<
  ImportJobRecord,
  'processed' | 'stored' | 'updated' | 'duplicates' | 'failed' | 'keyCareAdded' | 'keyCareChanged'
>;
