import { isLocalDate, type LocalDate } from '@care/child-rules';
import { gateway } from '@care/contracts';
import type { DifferenceKind } from '@care/exchange-rules';
import { ContractViolation, dayOf, earliest, requireCounty, requireInstant, requireText } from './projection';

// The filtering projection of the cross-region gateway's events (proto/gateway/v1/events.proto):
// a push keeps its message id (to de-duplicate), the residence county, the partner city, its day
// and its receipts' instants, outcomes and counts; a comparison task keeps its id, the county it is
// routed to, the sender city, the difference kind, its status and its days. Nothing else: the
// events carry no personal field, and nothing beyond these codes, days, flags and counts is kept.

export type ReceiptOutcomeId = 'applied' | 'duplicate' | 'stale';
export type TaskStatusId = 'open' | 'resolved' | 'superseded';

/** One signed receipt of a push (回执): when, how the hukou city answered, whether the records agree. */
export interface ReceiptState {
  /** Instant the receipt was verified (ISO-8601): a receipt's identity within its push. */
  readonly at: string;
  readonly day: LocalDate;
  readonly outcome: ReceiptOutcomeId;
  readonly matched: boolean;
  readonly differenceCount: number;
}

/** A record pushed to the child's hukou city (推送户籍地), monitoring_pushes. */
export interface PushState {
  readonly messageId: string;
  /** The child's residence county here. */
  readonly countyCode: string;
  readonly peerCity: string;
  /** Day the message was written ('' until its PushSent is seen). */
  readonly sentOn: LocalDate | '';
  /** Its receipts by instant (a message sent again after a lost receipt is answered again). */
  readonly receipts: readonly ReceiptState[];
}

export interface PushSentUpdate {
  readonly messageId: string;
  readonly countyCode: string;
  readonly peerCity: string;
  readonly sentOn: LocalDate;
}

export interface PushReceiptUpdate {
  readonly messageId: string;
  readonly countyCode: string;
  readonly peerCity: string;
  readonly receipt: ReceiptState;
}

/** A comparison task (比对差异任务) routed to a county office here, monitoring_comparison_tasks. */
export interface ComparisonTaskState {
  readonly taskId: string;
  readonly countyCode: string;
  readonly senderCity: string;
  readonly kind: DifferenceKind;
  readonly status: TaskStatusId;
  readonly dueOn: LocalDate;
  /** Day it was opened ('' until its OPEN event is seen). */
  readonly openedOn: LocalDate | '';
  /** Day and instant it was resolved or superseded ('' while open). */
  readonly closedOn: LocalDate | '';
  readonly closedAt: string;
}

export interface ComparisonTaskUpdate {
  readonly taskId: string;
  readonly countyCode: string;
  readonly senderCity: string;
  readonly kind: DifferenceKind;
  readonly status: TaskStatusId;
  readonly dueOn: LocalDate;
  readonly at: string;
}

const CITY = /^[0-9]{4}00$/;

function requireCity(value: string, field: string): string {
  if (!CITY.test(value)) throw new ContractViolation(`${field} must be a 6-digit city code ending in 00`);
  return value;
}

function outcomeOf(value: gateway.ReceiptOutcome): ReceiptOutcomeId {
  switch (value) {
    case gateway.ReceiptOutcome.RECEIPT_OUTCOME_APPLIED:
      return 'applied';
    case gateway.ReceiptOutcome.RECEIPT_OUTCOME_DUPLICATE:
      return 'duplicate';
    case gateway.ReceiptOutcome.RECEIPT_OUTCOME_STALE:
      return 'stale';
    case gateway.ReceiptOutcome.RECEIPT_OUTCOME_UNSPECIFIED:
    default:
      throw new ContractViolation('outcome must be APPLIED, DUPLICATE or STALE');
  }
}

function kindOf(value: gateway.DifferenceKind): DifferenceKind {
  switch (value) {
    case gateway.DifferenceKind.DIFFERENCE_KIND_MISSING_HERE:
      return 'missing-here';
    case gateway.DifferenceKind.DIFFERENCE_KIND_MISSING_THERE:
      return 'missing-there';
    case gateway.DifferenceKind.DIFFERENCE_KIND_FIELD_DIFFERS:
      return 'field-differs';
    case gateway.DifferenceKind.DIFFERENCE_KIND_STATUS_CONFLICT:
      return 'status-conflict';
    case gateway.DifferenceKind.DIFFERENCE_KIND_UNSPECIFIED:
    default:
      throw new ContractViolation(
        'kind must be MISSING_HERE, MISSING_THERE, FIELD_DIFFERS or STATUS_CONFLICT',
      );
  }
}

function statusOf(value: gateway.TaskStatus): TaskStatusId {
  switch (value) {
    case gateway.TaskStatus.TASK_STATUS_OPEN:
      return 'open';
    case gateway.TaskStatus.TASK_STATUS_RESOLVED:
      return 'resolved';
    case gateway.TaskStatus.TASK_STATUS_SUPERSEDED:
      return 'superseded';
    case gateway.TaskStatus.TASK_STATUS_UNSPECIFIED:
    default:
      throw new ContractViolation('status must be OPEN, RESOLVED or SUPERSEDED');
  }
}

/** gateway.v1.PushSent cut down (it holds nothing more; validated). */
export function pushSentUpdate(message: gateway.PushSent): PushSentUpdate {
  return {
    messageId: requireText(message.messageId, 'message_id'),
    countyCode: requireCounty(message.countyCode, 'county_code'),
    peerCity: requireCity(message.peerCity, 'peer_city'),
    sentOn: dayOf(requireInstant(message.sentAt, 'sent_at'), 'sent_at'),
  };
}

/** gateway.v1.PushReceipted: the receipt's outcome and the count of differences, never the differences. */
export function pushReceiptUpdate(message: gateway.PushReceipted): PushReceiptUpdate {
  const at = requireInstant(message.receiptedAt, 'receipted_at');
  if (!Number.isSafeInteger(message.differenceCount) || message.differenceCount < 0)
    throw new ContractViolation('difference_count must be a whole number ≥ 0');
  return {
    messageId: requireText(message.messageId, 'message_id'),
    countyCode: requireCounty(message.countyCode, 'county_code'),
    peerCity: requireCity(message.peerCity, 'peer_city'),
    receipt: {
      at,
      day: dayOf(at, 'receipted_at'),
      outcome: outcomeOf(message.outcome),
      matched: message.matched,
      differenceCount: message.differenceCount,
    },
  };
}

/** gateway.v1.ComparisonTaskChanged cut down (validated). */
export function comparisonTaskUpdate(message: gateway.ComparisonTaskChanged): ComparisonTaskUpdate {
  if (!isLocalDate(message.dueOn)) throw new ContractViolation('due_on must be YYYY-MM-DD');
  return {
    taskId: requireText(message.taskId, 'task_id'),
    countyCode: requireCounty(message.countyCode, 'county_code'),
    senderCity: requireCity(message.senderCity, 'sender_city'),
    kind: kindOf(message.kind),
    status: statusOf(message.status),
    dueOn: message.dueOn,
    at: requireInstant(message.changedAt, 'changed_at'),
  };
}

function emptyPush(update: { messageId: string; countyCode: string; peerCity: string }): PushState {
  return {
    messageId: update.messageId,
    countyCode: update.countyCode,
    peerCity: update.peerCity,
    sentOn: '',
    receipts: [],
  };
}

/**
 * The push's sent day (the earliest seen). PushSent and PushReceipted travel on two topics, so
 * either may come first: the place is the first event's, and each merge is idempotent.
 */
export function mergePushSent(current: PushState | null, update: PushSentUpdate): PushState | null {
  const base = current ?? emptyPush(update);
  const sentOn = earliest(base.sentOn, update.sentOn);
  if (current !== null && sentOn === current.sentOn) return null;
  return { ...base, sentOn };
}

/** A receipt once per instant (a redelivered event changes nothing), the receipts in time order. */
export function mergePushReceipt(current: PushState | null, update: PushReceiptUpdate): PushState | null {
  const base = current ?? emptyPush(update);
  if (base.receipts.some((r) => r.at === update.receipt.at)) return null;
  const receipts = [...base.receipts, update.receipt].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || a.at.localeCompare(b.at),
  );
  return { ...base, receipts };
}

/** The receipt that decides a push's answer: the first (a later one repeats it or reports it stale). */
export function firstReceipt(push: PushState): ReceiptState | undefined {
  return push.receipts[0];
}

function sameTask(a: ComparisonTaskState, b: ComparisonTaskState): boolean {
  return (
    a.status === b.status &&
    a.openedOn === b.openedOn &&
    a.closedOn === b.closedOn &&
    a.closedAt === b.closedAt &&
    a.countyCode === b.countyCode &&
    a.dueOn === b.dueOn &&
    a.kind === b.kind
  );
}

/**
 * A task is opened once and closed once (the gateway never reopens one: a difference seen again
 * keeps its task). The opening day is the earliest OPEN seen; a close is final and the earliest
 * close wins, so an OPEN redelivered after the close, or events in any order, give one state.
 */
export function mergeComparisonTask(
  current: ComparisonTaskState | null,
  update: ComparisonTaskUpdate,
): ComparisonTaskState | null {
  const base: ComparisonTaskState = current ?? {
    taskId: update.taskId,
    countyCode: update.countyCode,
    senderCity: update.senderCity,
    kind: update.kind,
    status: 'open',
    dueOn: update.dueOn,
    openedOn: '',
    closedOn: '',
    closedAt: '',
  };
  const day = dayOf(update.at, 'changed_at');
  let next: ComparisonTaskState;
  if (update.status === 'open') next = { ...base, openedOn: earliest(base.openedOn, day) };
  else if (base.closedAt !== '' && Date.parse(base.closedAt) <= Date.parse(update.at)) next = base;
  else next = { ...base, status: update.status, closedOn: day, closedAt: update.at };
  return current !== null && sameTask(current, next) ? null : next;
}
