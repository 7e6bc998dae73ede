import { DomainError } from '@care/errors';
import { AggregateStore } from '../aggregates/aggregate-store';
import type { Bucket } from '../aggregates/contributions';
import { dailySeries, exchangeOf, kpiRange, MAX_RANGE_DAYS, periodTotals } from './kpi-view';

const TODAY = '2026-09-20';

describe('the day range of a KPI query', () => {
  it.each<[string, string | undefined, string | undefined, [string, string]]>([
    ['nothing given is today', undefined, undefined, [TODAY, TODAY]],
    ['from alone reaches today', '2026-09-01', undefined, ['2026-09-01', TODAY]],
    ['from alone in the future is that day', '2026-10-01', undefined, ['2026-10-01', '2026-10-01']],
    ['to alone is that day', undefined, '2026-08-31', ['2026-08-31', '2026-08-31']],
    ['both given', '2026-09-01', '2026-09-10', ['2026-09-01', '2026-09-10']],
    ['one day', '2026-09-01', '2026-09-01', ['2026-09-01', '2026-09-01']],
    ['366 days (a leap year) is the most', '2028-01-01', '2028-12-31', ['2028-01-01', '2028-12-31']],
  ])('%s', (_why, from, to, expected) => {
    expect(kpiRange(from, to, TODAY)).toEqual(expected);
  });

  it.each<[string, string | undefined, string | undefined, string, string, RegExp]>([
    [
      'from after to',
      '2026-09-21',
      '2026-09-20',
      'from',
      '不晚于 to',
      /起始日期 from（2026-09-21）晚于截止日期 to（2026-09-20）/,
    ],
    [
      '367 days',
      '2026-01-01',
      '2027-01-02',
      'to',
      `跨度不超过${MAX_RANGE_DAYS}天`,
      new RegExp(`不能超过${MAX_RANGE_DAYS}天`),
    ],
  ])('refuses %s naming the field and the rule', (_why, from, to, field, rule, message) => {
    let error: unknown;
    try {
      kpiRange(from, to, TODAY);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'invalid-argument', field, rule });
    expect((error as Error).message).toMatch(message);
  });
});

describe('the exchange figures of an area', () => {
  const at = (metric: Bucket['metric'], dim: string, countyCode = '371702'): Bucket => ({
    metric,
    countyCode,
    townshipCode: '',
    dim,
  });
  const store = new AggregateStore();
  store.move(
    [],
    [
      at('push-sent-on', '2026-09-19'),
      at('push-sent-on', '2026-09-20'),
      at('push-sent-on', '2026-09-20', '371721'),
      at('push-awaiting-receipt', '2026-09-20', '371721'),
      at('push-receipted-on', '2026-09-19'),
      at('push-receipted-on', '2026-09-20'),
      at('push-mismatched-on', '2026-09-20'),
      at('push-receipt-on', 'applied|2026-09-19'),
      at('push-receipt-on', 'applied|2026-09-20'),
      at('push-receipt-on', 'duplicate|2026-09-20'),
      at('push-receipt-on', 'stale|2026-09-20'),
      at('comparison-opened-on', '2026-09-18'),
      at('comparison-opened-on', '2026-09-19'),
      at('comparison-opened-on', '2026-09-20'),
      at('comparison-opened-on', '2026-09-20'),
      at('comparison-open', 'field-differs|2026-09-19'),
      at('comparison-open', 'field-differs|2026-09-20'),
      at('comparison-open', 'missing-here|2026-09-10'),
      at('comparison-resolved-on', '2026-09-20'),
      at('comparison-superseded-on', '2026-09-19'),
    ],
  );

  it('sums the flows to date and reads open and overdue (past the due day, Shanghai days) now', () => {
    expect(exchangeOf(store, '371700', '2026-09-20')).toEqual({
      pushes: {
        sent: 3,
        awaitingReceipt: 1,
        receipted: 2,
        mismatched: 1,
        receipts: { applied: 2, duplicate: 1, stale: 1 },
      },
      comparisonTasks: {
        opened: 4,
        resolved: 1,
        superseded: 1,
        open: 3,
        overdue: 2,
        oldestOverdueDueOn: '2026-09-10',
        openByKind: [
          { code: 'missing-here', label: '户籍地无记录', count: 1 },
          { code: 'field-differs', label: '字段不一致', count: 2 },
        ],
      },
    });
    expect(exchangeOf(store, '371721', '2026-09-20').pushes).toMatchObject({ sent: 1, awaitingReceipt: 1 });
    expect(
      exchangeOf(new AggregateStore(), '371700', '2026-09-20').comparisonTasks.oldestOverdueDueOn,
    ).toBeNull();
  });

  it('lists each day’s flows and sums them over the period', () => {
    const rows = dailySeries(store, '371702', ['2026-09-19', '2026-09-20'], () => null);
    expect(rows.map((r) => [r.day, r.pushesSent, r.receiptsDuplicate, r.comparisonTasksOpened])).toEqual([
      ['2026-09-19', 1, 0, 1],
      ['2026-09-20', 1, 1, 2],
    ]);
    expect(periodTotals(rows)).toEqual({
      registered: 0,
      visitsRecorded: 0,
      granted: 0,
      delivered: 0,
      refused: 0,
      pushesSent: 2,
      pushesReceipted: 2,
      pushesMismatched: 1,
      receiptsDuplicate: 1,
      receiptsStale: 1,
      comparisonTasksOpened: 3,
      comparisonTasksResolved: 1,
      comparisonTasksSuperseded: 1,
    });
  });
});
