import { AggregateStore } from '../aggregates/aggregate-store';
import type { Bucket } from '../aggregates/contributions';
import { alertConditions } from './alert-rules';

const b = (metric: Bucket['metric'], dim: string, countyCode = '371702'): Bucket => ({
  metric,
  countyCode,
  townshipCode: '',
  dim,
});
const thresholds = { gapAlertDays: 30, visitsOverdueMin: 2, comparisonOverdueMin: 1 };

describe('alert rules', () => {
  it.each([
    ['verified on the six-month anniversary is still current', '2026-03-20', false],
    ['verified the day before the anniversary is stale', '2026-03-19', true],
    ['never verified is stale', '', true],
  ])('screening: %s', (_why, lastVerifiedOn, raised) => {
    const store = new AggregateStore();
    store.move([], [b('migrant-verified', lastVerifiedOn)]);
    const kinds = alertConditions(store, ['371702'], '2026-09-20', thresholds).map((c) => c.kind);
    expect(kinds.includes('screening-overdue')).toBe(raised);
  });

  it('screening: a county with one child verified recently is not overdue', () => {
    const store = new AggregateStore();
    store.move([], [b('migrant-verified', '2025-01-01'), b('migrant-verified', '2026-09-01')]);
    expect(alertConditions(store, ['371702'], '2026-09-20', thresholds)).toEqual([]);
  });

  it('visits: raises at the configured minimum of visits past due (due today is not overdue)', () => {
    const store = new AggregateStore();
    store.move([], [b('visit-open', '2026-09-19'), b('visit-open', '2026-09-20')]);
    expect(alertConditions(store, ['371702'], '2026-09-20', thresholds)).toEqual([]);
    store.move([], [b('visit-open', '2026-08-01')]);
    expect(alertConditions(store, ['371702'], '2026-09-20', thresholds)).toEqual([
      {
        kind: 'visits-overdue',
        countyCode: '371702',
        itemCode: '',
        count: 2,
        thresholdDays: 0,
        sinceOn: '2026-08-01',
      },
    ]);
  });

  it('service gaps: open more than N days after the grant, per item', () => {
    const store = new AggregateStore();
    store.move(
      [],
      [
        b('gap-open', 'HZ-06|2026-08-21'),
        b('gap-open', 'HZ-06|2026-08-20'),
        b('gap-open', 'HZ-11|2026-01-01'),
      ],
    );
    expect(alertConditions(store, ['371702'], '2026-09-20', thresholds)).toEqual([
      {
        kind: 'service-gap-aged',
        countyCode: '371702',
        itemCode: 'HZ-06',
        count: 1,
        thresholdDays: 30,
        sinceOn: '2026-08-20',
      },
      {
        kind: 'service-gap-aged',
        countyCode: '371702',
        itemCode: 'HZ-11',
        count: 1,
        thresholdDays: 30,
        sinceOn: '2026-01-01',
      },
    ]);
  });

  it('comparison tasks: raises at the configured minimum open past their due day, whatever their kind', () => {
    const store = new AggregateStore();
    store.move(
      [],
      [b('comparison-open', 'field-differs|2026-09-20'), b('comparison-open', 'missing-here|2026-10-01')],
    );
    expect(alertConditions(store, ['371702'], '2026-09-20', thresholds)).toEqual([]); // due today is not overdue
    store.move(
      [],
      [b('comparison-open', 'status-conflict|2026-09-12'), b('comparison-open', 'missing-here|2026-09-19')],
    );
    expect(alertConditions(store, ['371702'], '2026-09-20', thresholds)).toEqual([
      {
        kind: 'comparison-tasks-overdue',
        countyCode: '371702',
        itemCode: '',
        count: 2,
        thresholdDays: 0,
        sinceOn: '2026-09-12',
      },
    ]);
    const stricter = { ...thresholds, comparisonOverdueMin: 3 };
    expect(alertConditions(store, ['371702'], '2026-09-20', stricter)).toEqual([]);
    // Another county's tasks are that county's alert.
    expect(alertConditions(store, ['371721'], '2026-09-20', thresholds)).toEqual([]);
  });

  it('a resolved task (no longer open) clears the condition', () => {
    const store = new AggregateStore();
    const open = [b('comparison-open', 'field-differs|2026-09-01')];
    store.move([], open);
    expect(alertConditions(store, ['371702'], '2026-09-20', thresholds)).toHaveLength(1);
    store.move(open, [b('comparison-resolved-on', '2026-09-20')]);
    expect(alertConditions(store, ['371702'], '2026-09-20', thresholds)).toEqual([]);
  });
});
