import { completedYears, isLocalDate, type LocalDate } from '@care/child-rules';

/**
 * The school year (学年) runs from 1 September to 31 August. Children start primary school in
 * the September after they turn six: the national cut-off is age on 31 August (义务教育法 art. 11
 * "年满六周岁", counted by the provinces, Shandong included, on 31 August).
 */

/** "2026-2027": the school year that starts on 1 September 2026. */
export type SchoolYear = string;

const SCHOOL_YEAR_PATTERN = /^(\d{4})-(\d{4})$/;

/** The calendar year in which the school year containing `date` started. */
export function schoolYearStartYear(date: LocalDate): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '09-01' ? year : year - 1;
}

/** The school year containing `date` ("2025-2026" for 2026-03-01 and for 2025-09-01). */
export function schoolYearOf(date: LocalDate): SchoolYear {
  const start = schoolYearStartYear(date);
  return `${start}-${start + 1}`;
}

/** Whether text is a school year: two consecutive four-digit years ("2026-2027"). */
export function isSchoolYear(text: string): text is SchoolYear {
  const m = SCHOOL_YEAR_PATTERN.exec(text);
  return m !== null && Number(m[2]) === Number(m[1]) + 1;
}

/** First and last day of a school year; undefined when the text is not one. */
export function schoolYearBounds(schoolYear: string): { first: LocalDate; last: LocalDate } | undefined {
  if (!isSchoolYear(schoolYear)) return undefined;
  const start = Number(schoolYear.slice(0, 4));
  return { first: `${start}-09-01`, last: `${start + 1}-08-31` };
}

/**
 * Age on 31 August before the school year containing `asOf` (入学年龄): 6 for a child in its
 * first primary year, whatever its birthday within that year; 0 when born after that day.
 */
export function schoolYearAge(birthDate: LocalDate, asOf: LocalDate): number {
  return completedYears(birthDate, `${schoolYearStartYear(asOf)}-08-31`);
}

/** `schoolYearAge` for unchecked dates: undefined when either is not a calendar date. */
export function trySchoolYearAge(birthDate: string, asOf: string): number | undefined {
  return isLocalDate(birthDate) && isLocalDate(asOf) ? schoolYearAge(birthDate, asOf) : undefined;
}
