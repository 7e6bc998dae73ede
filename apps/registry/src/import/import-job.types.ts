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
  /** Rows refused (see the error report): nothing of them was stored. */
  failed: number;
  /** Rows kept on the county's worklist as incomplete (待补录): not determined nor published. */
  incomplete: number;
  /** Incomplete records that rows of this file completed (counted in stored as well). */
  completed: number;
  /** Stored rows (children or incomplete records) whose values were corrected on the way in. */
  warned: number;
  /** Key-care ledger entries opened / changed by the import. */
  keyCareAdded: number;
  keyCareChanged: number;
  /** Why the whole file was refused (e.g. missing headers), in Chinese. */
  failure?: { code: string; message: string };
  updatedAt: Date;
}

/**
 * One row of an import's report (import_job_errors): a refused row (errors), a row stored with
 * corrections (warnings), or a row kept as incomplete (incomplete: what is missing and why).
 * Row number, columns and reasons only, never values.
 */
export interface ImportErrorRecord {
  /** `${jobId}:${rowNumber}`. */
  _id: string;
  jobId: string;
  countyCode: string;
  rowNumber: number;
  errors: LedgerCellError[];
  warnings?: LedgerCellError[];
  incomplete?: LedgerCellError[];
}

export type ImportCounters = Pick<
  ImportJobRecord,
  | 'processed'
  | 'stored'
  | 'updated'
  | 'duplicates'
  | 'failed'
  | 'incomplete'
  | 'completed'
  | 'warned'
  | 'keyCareAdded'
  | 'keyCareChanged'
>;
