/**
 * Calendar dates without time of day ('YYYY-MM-DD'), as the domain speaks of them: birth
 * dates, move-in dates, due dates. "Today" is always taken in Asia/Shanghai, whatever the
 * server's zone, because the law counts days where the child lives.
 */
export type LocalDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000; // China has no daylight saving time

export interface DateParts {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Parts of a date, or undefined when the text is not a real calendar date. */
export function tryParseLocalDate(text: string): DateParts | undefined {
  const m = DATE_PATTERN.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isLocalDate(text: string): text is LocalDate {
  return tryParseLocalDate(text) !== undefined;
}

export function parseLocalDate(text: string): DateParts {
  const parts = tryParseLocalDate(text);
  if (!parts) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  return parts;
}

export function formatLocalDate({ year, month, day }: DateParts): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The calendar date in Asia/Shanghai at the given instant. */
export function shanghaiDate(instant: Date): LocalDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Negative, zero or positive as a is before, on or after b (ISO dates sort as text). */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toEpochDay(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

function fromEpochDay(epochDay: number): LocalDate {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/**
 * The same day n months later; when that month is shorter the date is clamped to its last
 * day (2024-08-31 + 6 months = 2025-02-28), the usual reading of "满N个月" for month-end dates.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatLocalDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/**
 * The n-th anniversary of a date. A 29 February birth has its anniversary on 1 March in
 * common years: the person has not completed the year until 28 February has fully passed
 * (周岁 counts whole years; see docs/decisions for the reading).
 */
export function anniversary(date: LocalDate, years: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const y = year + years;
  if (month === 2 && day === 29 && !isLeapYear(y)) return formatLocalDate({ year: y, month: 3, day: 1 });
  return formatLocalDate({ year: y, month, day });
}

/** Age in completed years (周岁) on a date: the anniversary itself counts as completed. */
export function completedYears(birthDate: LocalDate, onDate: LocalDate): number {
  const birth = parseLocalDate(birthDate);
  const on = parseLocalDate(onDate);
  let years = on.year - birth.year;
  if (years > 0 && compareDates(onDate, anniversary(birthDate, years)) < 0) years -= 1;
  return Math.max(years, compareDates(onDate, birthDate) < 0 ? -1 : 0);
}

/** "Today" of a clock (anything with `now()`, e.g. @care/service-kit's Clock): the date in Asia/Shanghai. */
export function today(clock: { now(): Date }): LocalDate {
  return shanghaiDate(clock.now());
}
