import { formatLocalDate, parseLocalDate, type LocalDate } from '@care/child-rules';

/**
 * A screening round's period: a half-year (半年), named `<year>-H1` (January to June) or
 * `<year>-H2` (July to December). The seed asks every child's information to be updated at
 * least every six months (至少每半年更新一次), so rounds are organised by half-year.
 */
export type RoundPeriod = `${number}-H${1 | 2}`;

export interface RoundPeriodBounds {
  readonly period: RoundPeriod;
  readonly startsOn: LocalDate;
  readonly endsOn: LocalDate;
}

const PERIOD_PATTERN = /^(\d{4})-H([12])$/;

export function isRoundPeriod(text: string): text is RoundPeriod {
  const m = PERIOD_PATTERN.exec(text);
  return m !== null && Number(m[1]) >= 1000;
}

/** The half-year a date falls in (2026-06-30 -> 2026-H1, 2026-07-01 -> 2026-H2). */
export function roundPeriodOf(date: LocalDate): RoundPeriod {
  const { year, month } = parseLocalDate(date);
  return `${year}-H${month <= 6 ? 1 : 2}` as RoundPeriod;
}

/** First and last day of a half-year; throws RangeError on a malformed name. */
export function roundPeriodBounds(period: string): RoundPeriodBounds {
  const m = PERIOD_PATTERN.exec(period);
  if (!m || !isRoundPeriod(period))
    throw new RangeError(`not a half-year period (YYYY-H1 | YYYY-H2): ${JSON.stringify(period)}`);
  const year = Number(m[1]);
  const first = m[2] === '1';
  return {
    period,
    startsOn: formatLocalDate({ year, month: first ? 1 : 7, day: 1 }),
    endsOn: formatLocalDate({ year, month: first ? 6 : 12, day: first ? 30 : 31 }),
  };
}

/** Whether a date lies inside a half-year (both ends included). */
export function isWithinRoundPeriod(period: RoundPeriod, date: LocalDate): boolean {
  const { startsOn, endsOn } = roundPeriodBounds(period);
  return date >= startsOn && date <= endsOn;
}
