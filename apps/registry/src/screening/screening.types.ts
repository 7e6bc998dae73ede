import type { LocalDate } from '@care/child-rules';
import type { RoundPeriod } from './round-period';
import type { RoundSummary, ScreeningOutcome, ScreeningWorkerKind } from './screening-rules';

export type RoundStatus = 'open' | 'closed';

/** A township handed to a worker for this round (摸排任务分配). */
export interface TownshipAssignment {
  townshipCode: string;
  workerId: string;
  workerKind: ScreeningWorkerKind;
  /** Display name of the worker or organisation (a worker's name is not a child's personal data). */
  workerName: string;
  assignedOn: LocalDate;
  /** Children assigned by the last (re-)assignment of this township. */
  children: number;
}

/** A `screening_rounds` document: one county's screening for one half-year (监测摸排轮次). */
export interface ScreeningRoundRecord {
  /** roundId: a ULID. */
  _id: string;
  version: number;
  countyCode: string;
  period: RoundPeriod;
  status: RoundStatus;
  /**
   * Unique: `<countyCode>:<period>` while open, `closed:<roundId>` after — one open round per
   * county and half-year without a partial index (FerretDB has none).
   */
  openSlot: string;
  openedOn: LocalDate;
  openedBy: string;
  closedOn: LocalDate | null;
  closedBy: string;
  townships: TownshipAssignment[];
  /** The tally frozen at closing (摸排汇总); null while open (computed live). */
  summary: RoundSummary | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A `screening_assignments` document: one child in one round, with the worker's result once
 * reported. `_id` is `<roundId>:<childId>`, so assigning twice cannot create two.
 *
 * The result here is the source of truth for the child's verification: it is written first with
 * `verificationPending`, then the child's lastVerifiedOn is advanced through ChildrenService, then
 * the flag is cleared. A crash in between leaves the flag set, and the repair pass re-applies it
 * (advancing lastVerifiedOn to a date it already has is harmless: it only moves forward).
 */
export interface ScreeningAssignmentRecord {
  _id: string;
  roundId: string;
  countyCode: string;
  townshipCode: string;
  childId: string;
  workerId: string;
  workerKind: ScreeningWorkerKind;
  assignedOn: LocalDate;
  outcome: ScreeningOutcome | null;
  visitedOn: LocalDate | null;
  /** The worker who visited (may differ from the one assigned). */
  resultWorkerId: string;
  note: string;
  recordedBy: string;
  recordedAt: Date | null;
  /** +1 per result written, so the repair pass clears only the flag of the result it applied. */
  resultVersion: number;
  verificationPending: boolean;
  updatedAt: Date;
}

export function assignmentId(roundId: string, childId: string): string {
  return `${roundId}:${childId}`;
}
