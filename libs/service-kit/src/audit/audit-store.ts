import type { AuditAction, AuditEntry } from './audit-entry';

/** Read filter of the auditors' query. */
export interface AuditQuery {
  readonly recordId?: string;
  readonly from?: Date;
  /** Exclusive. */
  readonly to?: Date;
  readonly action?: AuditAction;
  /** Only entries about these counties (an auditor sees their own counties). */
  readonly countyCodes?: readonly string[];
  readonly limit: number;
  /** Entries with seq greater than this (paging). */
  readonly afterSeq?: number;
}

/**
 * Storage of the audit trail. Append-only by construction: there is no update or delete.
 * `insert` reports a taken seq as 'duplicate' so the trail can retry on the new head.
 */
export interface AuditStore {
  last(): Promise<AuditEntry | undefined>;
  insert(entry: AuditEntry): Promise<'inserted' | 'duplicate'>;
  /** Entries in ascending seq order, from `fromSeq` (inclusive) on. */
  scan(fromSeq: number): AsyncIterable<AuditEntry>;
  query(query: AuditQuery): Promise<AuditEntry[]>;
}

export const AUDIT_STORE = Symbol.for('care.service-kit.audit-store');
