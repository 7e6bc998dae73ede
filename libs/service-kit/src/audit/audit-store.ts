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
 * `append` writes consecutive entries in order and stops at the first seq already taken (another
 * writer's), reporting how many of them landed, so the trail can re-chain the rest on the new head.
 */
export interface AuditStore {
  last(): Promise<AuditEntry | undefined>;
  /** Inserts `entries` (consecutive seqs) in order; returns how many, from the first, were stored. */
  append(entries: readonly AuditEntry[]): Promise<number>;
  /** Entries in ascending seq order, from `fromSeq` (inclusive) on. */
  scan(fromSeq: number): AsyncIterable<AuditEntry>;
  query(query: AuditQuery): Promise<AuditEntry[]>;
}

export const AUDIT_STORE = Symbol.for('care.service-kit.audit-store');
