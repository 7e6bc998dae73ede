import type { DepartmentId } from '@care/catalogue';
import type { LocalDate } from '@care/child-rules';
import type {
  ClosedBy,
  DeliveryOutcomeId,
  DeliveryState,
  DepartmentEntitlementDocument,
} from './projection.schema';

/** The stored state of one entitlement, without storage bookkeeping. */
export type EntitlementState = Omit<
  DepartmentEntitlementDocument,
  '_id' | 'rev' | 'updatedAt' | 'outbox' | 'outboxPending'
>;

export interface GrantFact {
  readonly childId: string;
  readonly itemCode: string;
  /** The item's name as granted ('' when the grant did not carry it). */
  readonly itemName: string;
  readonly countyCode: string;
  readonly departments: readonly DepartmentId[];
  readonly listVersion: number;
  /** RFC 3339 instant of the grant. */
  readonly grantedAt: string;
  readonly grantedOn: LocalDate;
  readonly dueOn: LocalDate;
}

export interface WithdrawalFact {
  readonly childId: string;
  readonly itemCode: string;
  readonly countyCode: string;
  readonly departments: readonly DepartmentId[];
  readonly reason: string;
  readonly withdrawnAt: string;
}

export function entitlementId(childId: string, itemCode: string): string {
  return `${childId}|${itemCode}`;
}

/** Owed, no final outcome, not closed. */
export function isOpen(state: Pick<EntitlementState, 'granted' | 'closedBy' | 'delivery'>): boolean {
  const final = state.delivery !== null && state.delivery.outcome !== 'pending';
  return state.granted && state.closedBy === null && !final;
}

/** Instants as the catalogue writes them (ISO-8601); compared as instants, not text. */
function after(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}

/**
 * A grant, applied to what is stored (null: never heard of). Returns the next state, or null
 * when nothing changes: a replay, or a grant older than a withdrawal already applied. A re-grant
 * keeps the department's delivery record (the family was already served).
 */
export function applyGrant(current: EntitlementState | null, grant: GrantFact): EntitlementState | null {
  if (current !== null && !after(grant.grantedAt, current.stateAt)) {
    // Same or older instant: a redelivery, unless it carries departments we did not have.
    return null;
  }
  const base: EntitlementState = current ?? {
    childId: grant.childId,
    itemCode: grant.itemCode,
    itemName: grant.itemName,
    countyCode: grant.countyCode,
    departments: [...grant.departments],
    granted: true,
    grantedAt: grant.grantedAt,
    grantedOn: grant.grantedOn,
    listVersion: grant.listVersion,
    stateAt: grant.grantedAt,
    closedBy: null,
    withdrawnReason: '',
    dueOn: grant.dueOn,
    delivery: null,
    history: [],
    open: true,
  };
  const next: EntitlementState = {
    ...base,
    // A grant without a name (an older producer) keeps the name already known.
    itemName: grant.itemName !== '' ? grant.itemName : base.itemName,
    countyCode: grant.countyCode,
    departments: [...grant.departments],
    granted: true,
    // A new grant after a withdrawal starts a new due period; a reassignment keeps the first grant.
    grantedAt: current !== null && current.granted ? current.grantedAt : grant.grantedAt,
    grantedOn: current !== null && current.granted ? current.grantedOn : grant.grantedOn,
    dueOn: current !== null && current.granted ? current.dueOn : grant.dueOn,
    listVersion: grant.listVersion,
    stateAt: grant.grantedAt,
    closedBy: current?.closedBy === 'moved-out' ? 'moved-out' : null,
    withdrawnReason: '',
  };
  return { ...next, open: isOpen(next) };
}

/** A withdrawal: the item leaves the worklist. Null when older than what is stored or already withdrawn. */
export function applyWithdrawal(
  current: EntitlementState | null,
  withdrawal: WithdrawalFact,
): EntitlementState | null {
  if (current !== null && !after(withdrawal.withdrawnAt, current.stateAt)) return null;
  const base: EntitlementState = current ?? {
    childId: withdrawal.childId,
    itemCode: withdrawal.itemCode,
    itemName: '',
    countyCode: withdrawal.countyCode,
    departments: [...withdrawal.departments],
    granted: false,
    grantedAt: '',
    grantedOn: '',
    listVersion: 0,
    stateAt: withdrawal.withdrawnAt,
    closedBy: 'withdrawn',
    withdrawnReason: withdrawal.reason,
    dueOn: '',
    delivery: null,
    history: [],
    open: false,
  };
  const next: EntitlementState = {
    ...base,
    granted: false,
    stateAt: withdrawal.withdrawnAt,
    closedBy: base.closedBy === 'moved-out' ? 'moved-out' : 'withdrawn',
    withdrawnReason: withdrawal.reason,
  };
  return { ...next, open: false };
}

/** The child moved out of the city (迁出) or back: open items close at once; a return reopens what is still granted. */
export function applyResidence(current: EntitlementState, movedOut: boolean): EntitlementState | null {
  const closedBy: ClosedBy | null = movedOut
    ? 'moved-out'
    : current.closedBy === 'moved-out'
      ? current.granted
        ? null
        : 'withdrawn'
      : current.closedBy;
  if (closedBy === current.closedBy) return null;
  const next = { ...current, closedBy };
  return { ...next, open: isOpen(next) };
}

export interface OutcomeInput {
  readonly outcome: DeliveryOutcomeId;
  readonly onDate: LocalDate;
  readonly reason: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/**
 * The department records what became of the item: the record keeps its id across revisions
 * (`newId` is used only for the first), the previous revision goes to the history. Null when
 * the same outcome, date and reason are recorded again (a double click is one record).
 */
/** The record already says this (the same outcome, day and reason): recording it again is nothing. */
export function sameOutcome(
  previous: Pick<DeliveryState, 'outcome' | 'onDate' | 'reason'> | null,
  input: Pick<OutcomeInput, 'outcome' | 'onDate' | 'reason'>,
): boolean {
  return (
    previous !== null &&
    previous.outcome === input.outcome &&
    previous.onDate === input.onDate &&
    previous.reason === input.reason
  );
}

export function recordOutcome(
  current: EntitlementState,
  input: OutcomeInput,
  newId: () => string,
): { state: EntitlementState; delivery: DeliveryState } | null {
  const previous = current.delivery;
  if (sameOutcome(previous, input)) return null;
  const delivery: DeliveryState = {
    deliveryId: previous?.deliveryId ?? newId(),
    revision: (previous?.revision ?? 0) + 1,
    outcome: input.outcome,
    onDate: input.onDate,
    reason: input.reason,
    recordedBy: input.recordedBy,
    recordedAt: input.recordedAt,
  };
  const next: EntitlementState = {
    ...current,
    delivery,
    history: previous === null ? current.history : [...current.history, previous],
  };
  return { state: { ...next, open: isOpen(next) }, delivery };
}
