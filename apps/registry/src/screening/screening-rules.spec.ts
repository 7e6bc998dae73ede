import {
  isRoundPeriod,
  isWithinRoundPeriod,
  roundPeriodBounds,
  roundPeriodOf,
  type RoundPeriod,
} from './round-period';
import {
  outcomeVerifiesChild,
  periodNotOpenableReason,
  summariseRound,
  visitDateProblem,
  type ScreeningOutcome,
} from './screening-rules';

describe('round period naming (半年摸排周期)', () => {
  it.each([
    ['2026-01-01', '2026-H1', 'first day of the year'],
    ['2026-06-30', '2026-H1', 'last day of the first half'],
    ['2026-07-01', '2026-H2', 'first day of the second half'],
    ['2026-12-31', '2026-H2', 'last day of the year'],
    ['2024-02-29', '2024-H1', 'leap day'],
  ])('%s is in %s (%s)', (date, period, _reason) => {
    expect(roundPeriodOf(date)).toBe(period);
  });

  it.each([
    ['2026-H1', '2026-01-01', '2026-06-30', 'January to June'],
    ['2026-H2', '2026-07-01', '2026-12-31', 'July to December'],
  ])('%s runs %s..%s (%s)', (period, startsOn, endsOn, _reason) => {
    expect(roundPeriodBounds(period)).toEqual({ period, startsOn, endsOn });
  });

  it.each([
    ['2026-H1', true, 'well formed'],
    ['2026-H2', true, 'well formed'],
    ['2026-H3', false, 'a year has two halves'],
    ['2026-H0', false, 'halves count from 1'],
    ['2026-h1', false, 'upper-case H only, so names sort and compare as text'],
    ['26-H1', false, 'four-digit year'],
    ['2026H1', false, 'dash required'],
    [' 2026-H1', false, 'no surrounding spaces'],
    ['0999-H1', false, 'not a plausible year'],
  ])('isRoundPeriod(%j) is %s (%s)', (text, expected, _reason) => {
    expect(isRoundPeriod(text)).toBe(expected);
  });

  it('refuses to give bounds of a malformed name', () => {
    expect(() => roundPeriodBounds('2026-H3')).toThrow(RangeError);
  });

  it.each([
    ['2026-H1', '2025-12-31', false, 'the day before'],
    ['2026-H1', '2026-01-01', true, 'first day included'],
    ['2026-H1', '2026-06-30', true, 'last day included'],
    ['2026-H1', '2026-07-01', false, 'the day after'],
  ])('%s contains %s: %s (%s)', (period, date, expected, _reason) => {
    expect(isWithinRoundPeriod(period as RoundPeriod, date)).toBe(expected);
  });
});

describe('which periods can be opened', () => {
  it.each([
    ['2026-H1', '2026-03-15', undefined, 'the current half-year'],
    ['2026-H2', '2026-03-15', undefined, 'the next half-year, planned ahead'],
    ['2027-H1', '2026-09-01', undefined, 'the next half-year across the new year'],
    ['2026-H1', '2026-06-30', undefined, 'the last day of the period is still inside it'],
    ['2026-H1', '2026-07-01', /已结束/, 'a half-year that has ended'],
    ['2027-H1', '2026-03-15', /尚未到来/, 'two half-years ahead'],
  ])('%s on %s -> %s (%s)', (period, today, expected, _reason) => {
    const reason = periodNotOpenableReason(period as RoundPeriod, today);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toMatch(expected);
  });
});

describe('visit dates in a round', () => {
  it.each([
    ['2026-03-10', '2026-03-01', '2026-03-15', undefined, 'between opening and today'],
    ['2026-03-01', '2026-03-01', '2026-03-15', undefined, 'on the opening day'],
    ['2026-03-15', '2026-03-01', '2026-03-15', undefined, 'today'],
    ['2026-03-16', '2026-03-01', '2026-03-15', /不能晚于今天/, 'in the future'],
    ['2026-02-28', '2026-03-01', '2026-03-15', /不能早于/, 'before the round opened'],
  ])('visited %s, opened %s, today %s -> %s (%s)', (visitedOn, openedOn, today, expected, _reason) => {
    const problem = visitDateProblem(visitedOn, openedOn, today);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});

describe('screening outcomes', () => {
  it.each([
    ['found', true, 'the child was seen: the record is verified'],
    ['confirmed', true, 'the record was checked'],
    ['not-found', false, 'nobody saw the child: the record stays stale'],
  ] as const)('%s verifies the child: %s (%s)', (outcome: ScreeningOutcome, expected, _reason) => {
    expect(outcomeVerifiesChild(outcome)).toBe(expected);
  });
});

describe('round summary (摸排汇总)', () => {
  it.each([
    [{ assigned: 0, found: 0, confirmed: 0, notFound: 0 }, 0, 0, 'an empty round'],
    [{ assigned: 10, found: 0, confirmed: 0, notFound: 0 }, 0, 10, 'nobody visited yet'],
    [{ assigned: 10, found: 2, confirmed: 5, notFound: 1 }, 8, 2, 'partly visited'],
    [
      { assigned: 3, found: 1, confirmed: 1, notFound: 1 },
      3,
      0,
      'fully visited, not-found counts as covered',
    ],
  ])('%j -> covered %i, not yet visited %i (%s)', (counts, covered, notYetVisited, _reason) => {
    expect(summariseRound(counts)).toEqual({ ...counts, covered, notYetVisited });
  });
});
