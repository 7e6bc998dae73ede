import { isStale, verificationDueOn } from './verification';
import {
  DEFAULT_VISIT_FREQUENCY,
  isVisitOverdue,
  nextVisitDue,
  visitDueDates,
  visitIntervalMonths,
  type VisitFrequencyConfig,
} from './visits';
import type { DifficultyType } from './difficulty-type';

describe('isStale (information updated at least every six months)', () => {
  it.each<[string | undefined, string, boolean, string]>([
    ['2025-01-15', '2025-07-15', false, 'exactly six months: due today, still current'],
    ['2025-01-15', '2025-07-16', true, 'the day after: stale'],
    ['2025-01-15', '2025-07-14', false, 'a day early'],
    ['2024-08-31', '2025-02-28', false, 'month-end: due on 28 Feb'],
    ['2024-08-31', '2025-03-01', true, 'month-end: stale on 1 Mar'],
    ['2025-06-01', '2025-06-01', false, 'verified today'],
    [undefined, '2025-06-01', true, 'never verified'],
  ])('verified %s, on %s: stale %s (%s)', (last, asOf, stale) => expect(isStale(last, asOf)).toBe(stale));
  it('names the due day', () => expect(verificationDueOn('2024-08-31')).toBe('2025-02-28'));
});

describe('visits (定期走访探视)', () => {
  it.each<[DifficultyType[], number | undefined, string]>([
    [['lack-of-guardianship'], 1, 'lack of guardianship: monthly by default'],
    [['family-hardship'], 3, 'others quarterly'],
    [['family-hardship', 'lack-of-guardianship'], 1, 'several types: the shortest interval'],
    [['cross-township-help-request'], 3, 'help request quarterly'],
    [[], undefined, 'no type: no visit plan'],
  ])('%j -> %p months (%s)', (types, months) => expect(visitIntervalMonths(types)).toBe(months));

  it.each<[string, DifficultyType[], string | undefined, string]>([
    ['2025-01-31', ['lack-of-guardianship'], '2025-02-28', 'month-end clamps'],
    ['2025-01-15', ['disability'], '2025-04-15', 'quarterly'],
    ['2025-01-15', [], undefined, 'no type'],
  ])('from %s with %j: next due %p (%s)', (from, types, due) => expect(nextVisitDue(from, types)).toBe(due));

  it('a configured interval replaces the default', () => {
    const config: VisitFrequencyConfig = { ...DEFAULT_VISIT_FREQUENCY, disability: 2 };
    expect(nextVisitDue('2025-01-15', ['disability'], config)).toBe('2025-03-15');
  });
  it.each([[0], [1.5], [-1]])('refuses an interval of %p months', (m) => {
    expect(() => visitIntervalMonths(['vagrancy'], { ...DEFAULT_VISIT_FREQUENCY, vagrancy: m })).toThrow(
      RangeError,
    );
  });

  it.each<[string, string, boolean, string]>([
    ['2025-01-15', '2025-04-15', false, 'visit due today: on time'],
    ['2025-01-15', '2025-04-16', true, 'a day late'],
  ])('last visit %s, on %s: overdue %s (%s)', (last, asOf, overdue) =>
    expect(isVisitOverdue(last, ['family-hardship'], asOf)).toBe(overdue),
  );
  it('no type is never overdue', () => expect(isVisitOverdue('2020-01-01', [], '2025-01-01')).toBe(false));

  it('due dates from the start do not drift at month ends', () => {
    expect(visitDueDates('2025-01-31', ['lack-of-guardianship'], '2025-05-31')).toEqual([
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
    ]);
    expect(visitDueDates('2025-01-15', ['vagrancy'], '2025-12-31')).toEqual([
      '2025-04-15',
      '2025-07-15',
      '2025-10-15',
    ]);
    expect(visitDueDates('2025-01-15', [], '2025-12-31')).toEqual([]);
  });
});
