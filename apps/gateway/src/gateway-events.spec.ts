import { gateway } from '@care/contracts';
import type { Difference } from '@care/exchange-rules';
import { comparisonTaskChangedEvent, pushReceiptedEvent, pushSentEvent } from './gateway-events';

const AT = new Date('2026-09-20T02:00:00.000Z');
const message = { _id: '371700.c-1.2', peerCity: '410100', countyCode: '371702', createdAt: AT };
const difference = (kind: Difference['kind']): Difference =>
  ({ kind, field: 'name', residenceValue: '张*', hukouValue: '李*' }) as Difference;
const task = (over: { status: 'open' | 'resolved'; resolution: null | 'corrected' | 'superseded' }) => ({
  _id: '410100:c-9:field-differs:name',
  peerCity: '410100',
  countyCode: '371721',
  difference: difference('field-differs'),
  dueOn: '2026-10-05',
  ...over,
});

describe('gateway events carry ids, codes and counts only', () => {
  it('PushSent names the message, the partner and the residence county', () => {
    expect(pushSentEvent(message)).toEqual({
      messageId: '371700.c-1.2',
      peerCity: '410100',
      countyCode: '371702',
      sentAt: '2026-09-20T02:00:00.000Z',
    });
  });

  it.each([
    // [receipt outcome, matched, differences, expected outcome, reason]
    ['applied', true, 0, gateway.ReceiptOutcome.RECEIPT_OUTCOME_APPLIED, 'a new record that agrees'],
    ['duplicate', false, 2, gateway.ReceiptOutcome.RECEIPT_OUTCOME_DUPLICATE, 'a repeat: the first answer'],
    ['stale', false, 1, gateway.ReceiptOutcome.RECEIPT_OUTCOME_STALE, 'a newer record landed first'],
  ] as const)(
    'PushReceipted of %s: matched %s with %i differences (%s)',
    (outcome, matched, n, expected, _reason) => {
      const differences = Array.from({ length: n }, () => difference('field-differs'));
      const event = pushReceiptedEvent(message, { outcome, result: { matched, differences } }, AT);
      expect(event).toEqual({
        messageId: '371700.c-1.2',
        peerCity: '410100',
        countyCode: '371702',
        outcome: expected,
        matched,
        differenceCount: n,
        receiptedAt: '2026-09-20T02:00:00.000Z',
      });
      // the masked values never leave the gateway
      expect(JSON.stringify(event)).not.toMatch(/张|李/);
    },
  );

  it.each([
    ['open', null, gateway.TaskStatus.TASK_STATUS_OPEN, 'just opened'],
    ['resolved', 'corrected', gateway.TaskStatus.TASK_STATUS_RESOLVED, 'settled by the county office'],
    ['resolved', 'superseded', gateway.TaskStatus.TASK_STATUS_SUPERSEDED, 'a newer push no longer shows it'],
  ] as const)('ComparisonTaskChanged %s/%s is status %i (%s)', (status, resolution, expected, _reason) => {
    const event = comparisonTaskChangedEvent(task({ status, resolution }), AT);
    expect(event).toEqual({
      taskId: '410100:c-9:field-differs:name',
      senderCity: '410100',
      countyCode: '371721',
      kind: gateway.DifferenceKind.DIFFERENCE_KIND_FIELD_DIFFERS,
      status: expected,
      dueOn: '2026-10-05',
      changedAt: '2026-09-20T02:00:00.000Z',
    });
    expect(JSON.stringify(event)).not.toMatch(/张|李/);
  });

  it.each([
    ['missing-here', gateway.DifferenceKind.DIFFERENCE_KIND_MISSING_HERE],
    ['missing-there', gateway.DifferenceKind.DIFFERENCE_KIND_MISSING_THERE],
    ['field-differs', gateway.DifferenceKind.DIFFERENCE_KIND_FIELD_DIFFERS],
    ['status-conflict', gateway.DifferenceKind.DIFFERENCE_KIND_STATUS_CONFLICT],
  ] as const)('maps the difference kind %s', (kind, expected) => {
    const event = comparisonTaskChangedEvent(
      { ...task({ status: 'open', resolution: null }), difference: difference(kind) },
      AT,
    );
    expect(event.kind).toBe(expected);
  });
});
