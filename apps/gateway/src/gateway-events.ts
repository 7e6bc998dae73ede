import { gateway } from '@care/contracts';
import type { DifferenceKind } from '@care/exchange-rules';
import type { ReceiptOutcome } from './exchange/envelope';
import type { ComparisonTaskDocument, OutgoingMessageDocument, PushResult } from './gateway.schemas';

// The gateway's events for the city platform (proto/gateway/v1/events.proto): ids, codes and
// counts taken from the gateway's own documents; never the sealed payload, a name, an ID number
// or a compared (masked) value. Each is keyed by its county code.

/** The producer named in the gateway's event envelopes. */
export const GATEWAY_PRODUCER = 'gateway';

const OUTCOMES: Readonly<Record<ReceiptOutcome, gateway.ReceiptOutcome>> = {
  applied: gateway.ReceiptOutcome.RECEIPT_OUTCOME_APPLIED,
  duplicate: gateway.ReceiptOutcome.RECEIPT_OUTCOME_DUPLICATE,
  stale: gateway.ReceiptOutcome.RECEIPT_OUTCOME_STALE,
};

const KINDS: Readonly<Record<DifferenceKind, gateway.DifferenceKind>> = {
  'missing-here': gateway.DifferenceKind.DIFFERENCE_KIND_MISSING_HERE,
  'missing-there': gateway.DifferenceKind.DIFFERENCE_KIND_MISSING_THERE,
  'field-differs': gateway.DifferenceKind.DIFFERENCE_KIND_FIELD_DIFFERS,
  'status-conflict': gateway.DifferenceKind.DIFFERENCE_KIND_STATUS_CONFLICT,
};

/** PushSent of an outgoing message as written. */
export function pushSentEvent(
  message: Pick<OutgoingMessageDocument, '_id' | 'peerCity' | 'countyCode' | 'createdAt'>,
): gateway.PushSent {
  return {
    messageId: message._id,
    peerCity: message.peerCity,
    countyCode: message.countyCode,
    sentAt: message.createdAt.toISOString(),
  };
}

/** PushReceipted of an outgoing message and its verified receipt: the count of differences, not the differences. */
export function pushReceiptedEvent(
  message: Pick<OutgoingMessageDocument, '_id' | 'peerCity' | 'countyCode'>,
  receipt: { readonly outcome: ReceiptOutcome; readonly result: PushResult },
  receiptedAt: Date,
): gateway.PushReceipted {
  return {
    messageId: message._id,
    peerCity: message.peerCity,
    countyCode: message.countyCode,
    outcome: OUTCOMES[receipt.outcome],
    matched: receipt.result.matched,
    differenceCount: receipt.result.differences.length,
    receiptedAt: receiptedAt.toISOString(),
  };
}

/** ComparisonTaskChanged of a task as written: a superseded task is its own status, not a resolution. */
export function comparisonTaskChangedEvent(
  task: Pick<
    ComparisonTaskDocument,
    '_id' | 'peerCity' | 'countyCode' | 'difference' | 'status' | 'resolution' | 'dueOn'
  >,
  changedAt: Date,
): gateway.ComparisonTaskChanged {
  const status =
    task.status === 'open'
      ? gateway.TaskStatus.TASK_STATUS_OPEN
      : task.resolution === 'superseded'
        ? gateway.TaskStatus.TASK_STATUS_SUPERSEDED
        : gateway.TaskStatus.TASK_STATUS_RESOLVED;
  return {
    taskId: task._id,
    senderCity: task.peerCity,
    countyCode: task.countyCode,
    kind: KINDS[task.difference.kind],
    status,
    dueOn: task.dueOn,
    changedAt: changedAt.toISOString(),
  };
}
