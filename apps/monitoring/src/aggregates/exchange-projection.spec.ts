import mongoose from 'mongoose';
import { gateway } from '@care/contracts';
import { AggregateStore } from './aggregate-store';
import { comparisonTaskBuckets, pushBuckets } from './contributions';
import {
  comparisonTaskUpdate,
  mergeComparisonTask,
  mergePushReceipt,
  mergePushSent,
  pushReceiptUpdate,
  pushSentUpdate,
  type ComparisonTaskState,
  type ComparisonTaskUpdate,
  type PushState,
} from './exchange-projection';
import { ContractViolation } from './projection';
import { PROJECTION_SCHEMAS } from './projection.schema';

const SENT: gateway.PushSent = {
  messageId: '371700.c-1.1',
  peerCity: '410100',
  countyCode: '371702',
  sentAt: '2026-09-19T16:30:00.000Z', // 2026-09-20 00:30 in Heze
};

const RECEIPTED: gateway.PushReceipted = {
  messageId: '371700.c-1.1',
  peerCity: '410100',
  countyCode: '371702',
  outcome: gateway.ReceiptOutcome.RECEIPT_OUTCOME_APPLIED,
  matched: false,
  differenceCount: 2,
  receiptedAt: '2026-09-20T02:00:00.000Z',
};

const TASK: gateway.ComparisonTaskChanged = {
  taskId: '410100:zz-7:field-differs:guardianName',
  senderCity: '410100',
  countyCode: '371721',
  kind: gateway.DifferenceKind.DIFFERENCE_KIND_FIELD_DIFFERS,
  status: gateway.TaskStatus.TASK_STATUS_OPEN,
  dueOn: '2026-09-27',
  changedAt: '2026-09-20T01:00:00.000Z',
};

const resolvedTask = (
  changedAt = '2026-09-22T03:00:00.000Z',
  status = gateway.TaskStatus.TASK_STATUS_RESOLVED,
) => comparisonTaskUpdate({ ...TASK, status, changedAt });

/** Applies updates in order as the projection service would: each merge from the previous state. */
function fold<S, U>(merge: (s: S | null, u: U) => S | null, updates: readonly U[]): S | null {
  let state: S | null = null;
  for (const u of updates) state = merge(state, u) ?? state;
  return state;
}

describe('gateway events through the filtering projection', () => {
  it('keeps ids, codes, days, outcomes and counts only', () => {
    expect(pushSentUpdate(SENT)).toEqual({
      messageId: '371700.c-1.1',
      countyCode: '371702',
      peerCity: '410100',
      sentOn: '2026-09-20', // the Asia/Shanghai day, not UTC's
    });
    expect(pushReceiptUpdate(RECEIPTED)).toEqual({
      messageId: '371700.c-1.1',
      countyCode: '371702',
      peerCity: '410100',
      receipt: {
        at: '2026-09-20T02:00:00.000Z',
        day: '2026-09-20',
        outcome: 'applied',
        matched: false,
        differenceCount: 2,
      },
    });
    expect(comparisonTaskUpdate(TASK)).toEqual({
      taskId: '410100:zz-7:field-differs:guardianName',
      countyCode: '371721',
      senderCity: '410100',
      kind: 'field-differs',
      status: 'open',
      dueOn: '2026-09-27',
      at: '2026-09-20T01:00:00.000Z',
    });
  });

  it('drops a field beyond the contract’s (a personal value added upstream never passes the projection)', () => {
    const leaky = { ...SENT, childName: '王小明', idNumber: '410102201503070011' } as gateway.PushSent;
    expect(Object.keys(pushSentUpdate(leaky)).sort()).toEqual([
      'countyCode',
      'messageId',
      'peerCity',
      'sentOn',
    ]);
    const leakyTask = { ...TASK, residenceValue: '王*明' } as gateway.ComparisonTaskChanged;
    expect(JSON.stringify(comparisonTaskUpdate(leakyTask))).not.toContain('王');
  });

  it.each([
    ['pushes', { messageId: 'm', countyCode: '371702', peerCity: '410100', childName: '王小明' }],
    [
      'pushes',
      {
        messageId: 'm',
        countyCode: '371702',
        peerCity: '410100',
        receipts: [
          { at: 'x', day: 'd', outcome: 'applied', matched: true, differenceCount: 0, hukouValue: '王*明' },
        ],
      },
    ],
    ['comparison-tasks', { taskId: 't', countyCode: '371702', residenceValue: '王*明' }],
  ] as const)('the %s store refuses a field outside its schema at the write (strict)', (kind, doc) => {
    const connection = mongoose.createConnection();
    const Model = connection.model(`strict-${kind}`, PROJECTION_SCHEMAS[kind]);
    // A top-level extra field throws at once; one inside a receipt fails the document's validation.
    let refusal = 'accepted';
    try {
      refusal = new Model({ _id: 'x', rev: 1, ...doc }).validateSync()?.message ?? 'accepted';
    } catch (error) {
      refusal = (error as Error).message;
    }
    expect(refusal).toMatch(/strict mode is set to throw|StrictModeError/);
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'a push without its message id',
      () => pushSentUpdate({ ...SENT, messageId: ' ' }),
      /message_id is required/,
    ],
    ['a push county of 4 digits', () => pushSentUpdate({ ...SENT, countyCode: '3717' }), /county_code/],
    [
      'a partner that is a county, not a city',
      () => pushSentUpdate({ ...SENT, peerCity: '410102' }),
      /peer_city/,
    ],
    [
      'a sent day instead of an instant',
      () => pushSentUpdate({ ...SENT, sentAt: '2026-09-20' }),
      /sent_at must be an instant/,
    ],
    ['a sent instant that is no date', () => pushSentUpdate({ ...SENT, sentAt: 'yesterday' }), /sent_at/],
    [
      'an unspecified receipt outcome',
      () => pushReceiptUpdate({ ...RECEIPTED, outcome: gateway.ReceiptOutcome.RECEIPT_OUTCOME_UNSPECIFIED }),
      /outcome must be APPLIED, DUPLICATE or STALE/,
    ],
    [
      'an unknown receipt outcome',
      () => pushReceiptUpdate({ ...RECEIPTED, outcome: 9 as gateway.ReceiptOutcome }),
      /outcome/,
    ],
    [
      'a negative difference count',
      () => pushReceiptUpdate({ ...RECEIPTED, differenceCount: -1 }),
      /difference_count/,
    ],
    [
      'a fractional difference count',
      () => pushReceiptUpdate({ ...RECEIPTED, differenceCount: 1.5 }),
      /difference_count/,
    ],
    [
      'a receipt without its instant',
      () => pushReceiptUpdate({ ...RECEIPTED, receiptedAt: '' }),
      /receipted_at/,
    ],
    ['a task without its id', () => comparisonTaskUpdate({ ...TASK, taskId: '' }), /task_id is required/],
    [
      'a task sender that is not a city',
      () => comparisonTaskUpdate({ ...TASK, senderCity: '41010' }),
      /sender_city/,
    ],
    [
      'a task county of 9 digits',
      () => comparisonTaskUpdate({ ...TASK, countyCode: '371721001' }),
      /county_code/,
    ],
    [
      'an unspecified difference kind',
      () => comparisonTaskUpdate({ ...TASK, kind: gateway.DifferenceKind.DIFFERENCE_KIND_UNSPECIFIED }),
      /kind must be/,
    ],
    [
      'an unspecified task status',
      () => comparisonTaskUpdate({ ...TASK, status: gateway.TaskStatus.TASK_STATUS_UNSPECIFIED }),
      /status must be OPEN, RESOLVED or SUPERSEDED/,
    ],
    ['a due day that is no date', () => comparisonTaskUpdate({ ...TASK, dueOn: '2026-02-30' }), /due_on/],
    [
      'a change instant that is a day',
      () => comparisonTaskUpdate({ ...TASK, changedAt: '2026-09-20' }),
      /changed_at/,
    ],
  ])('refuses %s as a contract violation (dead-lettered, never stored)', (_why, project, message) => {
    expect(project).toThrow(ContractViolation);
    expect(project).toThrow(message);
  });

  it.each([
    ['APPLIED', gateway.ReceiptOutcome.RECEIPT_OUTCOME_APPLIED, 'applied'],
    ['DUPLICATE', gateway.ReceiptOutcome.RECEIPT_OUTCOME_DUPLICATE, 'duplicate'],
    ['STALE', gateway.ReceiptOutcome.RECEIPT_OUTCOME_STALE, 'stale'],
  ])('maps the receipt outcome %s', (_name, outcome, id) => {
    expect(pushReceiptUpdate({ ...RECEIPTED, outcome }).receipt.outcome).toBe(id);
  });

  it.each([
    [gateway.DifferenceKind.DIFFERENCE_KIND_MISSING_HERE, 'missing-here'],
    [gateway.DifferenceKind.DIFFERENCE_KIND_MISSING_THERE, 'missing-there'],
    [gateway.DifferenceKind.DIFFERENCE_KIND_FIELD_DIFFERS, 'field-differs'],
    [gateway.DifferenceKind.DIFFERENCE_KIND_STATUS_CONFLICT, 'status-conflict'],
  ])('maps the difference kind %s', (kind, id) => {
    expect(comparisonTaskUpdate({ ...TASK, kind }).kind).toBe(id);
  });
});

describe('pushes: merged in any order, each fact once', () => {
  const sent = pushSentUpdate(SENT);
  const receipt = pushReceiptUpdate(RECEIPTED);
  const merge = (s: PushState | null, u: typeof sent | typeof receipt) =>
    'sentOn' in u ? mergePushSent(s, u) : mergePushReceipt(s, u);

  it('gives one state whichever topic comes first, and a redelivery changes nothing', () => {
    const a = fold(merge, [sent, receipt]);
    const b = fold(merge, [receipt, sent]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ sentOn: '2026-09-20', receipts: [receipt.receipt] });
    expect(mergePushSent(a, sent)).toBeNull();
    expect(mergePushReceipt(a, receipt)).toBeNull();
  });

  it('keeps the earliest sent day, and a second receipt (a message sent again) beside the first, in time order', () => {
    const later = { ...sent, sentOn: '2026-09-21' };
    expect(mergePushSent(fold(merge, [sent]), later)).toBeNull();
    expect(fold(merge, [later, sent])?.sentOn).toBe('2026-09-20');
    const again = pushReceiptUpdate({
      ...RECEIPTED,
      outcome: gateway.ReceiptOutcome.RECEIPT_OUTCOME_DUPLICATE,
      receiptedAt: '2026-09-21T02:00:00.000Z',
    });
    const both = fold(merge, [sent, again, receipt]);
    expect(both?.receipts.map((r) => r.outcome)).toEqual(['applied', 'duplicate']);
    expect(fold(merge, [receipt, again, sent])).toEqual(both);
  });

  it('counts sent, awaiting, receipted, mismatched and each receipt by outcome and day', () => {
    const store = new AggregateStore();
    const awaiting = fold(merge, [sent]);
    store.move([], pushBuckets(awaiting));
    expect(store.count('371702', 'push-awaiting-receipt', '2026-09-20')).toBe(1);
    expect(store.count('371700', 'push-sent-on', '2026-09-20')).toBe(1);
    const receipted = mergePushReceipt(awaiting, receipt);
    store.move(pushBuckets(awaiting), pushBuckets(receipted));
    expect(store.dims('371702', 'push-awaiting-receipt').size).toBe(0);
    expect(store.count('371702', 'push-sent-on', '2026-09-20')).toBe(1); // moved nothing it should keep
    expect(store.count('371702', 'push-receipted-on', '2026-09-20')).toBe(1);
    expect(store.count('371702', 'push-mismatched-on', '2026-09-20')).toBe(1);
    expect(store.count('371702', 'push-receipt-on', 'applied|2026-09-20')).toBe(1);
    const duplicate = mergePushReceipt(
      receipted,
      pushReceiptUpdate({
        ...RECEIPTED,
        outcome: gateway.ReceiptOutcome.RECEIPT_OUTCOME_DUPLICATE,
        receiptedAt: '2026-09-21T02:00:00.000Z',
      }),
    );
    store.move(pushBuckets(receipted), pushBuckets(duplicate));
    // One push, receipted once (its first receipt decides), answered twice.
    expect(store.count('371700', 'push-receipted-on', '2026-09-20')).toBe(1);
    expect(store.dims('371700', 'push-receipted-on').size).toBe(1);
    expect(store.count('371700', 'push-receipt-on', 'duplicate|2026-09-21')).toBe(1);
  });

  it('does not count a matched receipt as mismatched, nor a push without its sent event as sent', () => {
    const matched = fold(merge, [pushReceiptUpdate({ ...RECEIPTED, matched: true, differenceCount: 0 })]);
    expect(pushBuckets(matched).map((b) => b.metric)).toEqual(['push-receipted-on', 'push-receipt-on']);
    expect(pushBuckets(null)).toEqual([]);
    // The gateway's events name no township: counted for the county and the city.
    expect(new Set(pushBuckets(matched).map((b) => b.townshipCode))).toEqual(new Set(['']));
  });
});

describe('comparison tasks: opened once, closed once', () => {
  const opened = comparisonTaskUpdate(TASK);

  it('OPEN then RESOLVED moves one count from open to resolved; the opening day stays counted', () => {
    const store = new AggregateStore();
    const open = mergeComparisonTask(null, opened) as ComparisonTaskState;
    store.move([], comparisonTaskBuckets(open));
    expect(store.count('371721', 'comparison-open', 'field-differs|2026-09-27')).toBe(1);
    expect(store.count('371700', 'comparison-opened-on', '2026-09-20')).toBe(1);
    const resolved = mergeComparisonTask(open, resolvedTask()) as ComparisonTaskState;
    expect(resolved).toMatchObject({ status: 'resolved', openedOn: '2026-09-20', closedOn: '2026-09-22' });
    store.move(comparisonTaskBuckets(open), comparisonTaskBuckets(resolved));
    expect(store.dims('371721', 'comparison-open').size).toBe(0);
    expect(store.count('371721', 'comparison-resolved-on', '2026-09-22')).toBe(1);
    expect(store.count('371721', 'comparison-opened-on', '2026-09-20')).toBe(1);
  });

  it.each<[string, readonly ComparisonTaskUpdate[]]>([
    ['in order', [opened, resolvedTask()]],
    ['the close first (a redelivery after it)', [resolvedTask(), opened]],
    ['every event twice', [opened, opened, resolvedTask(), resolvedTask(), opened]],
  ])('gives one state %s', (_why, updates) => {
    expect(fold(mergeComparisonTask, updates)).toEqual(fold(mergeComparisonTask, [opened, resolvedTask()]));
  });

  it('keeps a closed task closed (no reopening) and its earliest close', () => {
    const closed = fold(mergeComparisonTask, [opened, resolvedTask('2026-09-22T03:00:00.000Z')]);
    expect(mergeComparisonTask(closed, opened)).toBeNull();
    expect(
      mergeComparisonTask(
        closed,
        resolvedTask('2026-09-25T03:00:00.000Z', gateway.TaskStatus.TASK_STATUS_SUPERSEDED),
      ),
    ).toBeNull();
    const earlier = mergeComparisonTask(
      closed,
      resolvedTask('2026-09-21T03:00:00.000Z', gateway.TaskStatus.TASK_STATUS_SUPERSEDED),
    );
    expect(earlier).toMatchObject({ status: 'superseded', closedOn: '2026-09-21' });
  });

  it('counts a superseded task on its own day, not as resolved', () => {
    const superseded = fold(mergeComparisonTask, [
      opened,
      resolvedTask('2026-09-23T01:00:00.000Z', gateway.TaskStatus.TASK_STATUS_SUPERSEDED),
    ]);
    expect(comparisonTaskBuckets(superseded).map((b) => `${b.metric}:${b.dim}`)).toEqual([
      'comparison-opened-on:2026-09-20',
      'comparison-superseded-on:2026-09-23',
    ]);
  });

  it('counts a close seen without its opening only as closed until the opening arrives', () => {
    const closedOnly = mergeComparisonTask(null, resolvedTask());
    expect(comparisonTaskBuckets(closedOnly).map((b) => b.metric)).toEqual(['comparison-resolved-on']);
    expect(comparisonTaskBuckets(null)).toEqual([]);
  });
});
