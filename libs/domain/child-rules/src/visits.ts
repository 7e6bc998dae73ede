import { DIFFICULTY_TYPES, type DifficultyType } from './difficulty-type';
import { addMonths, compareDates, type LocalDate } from './local-date';

/**
 * Months between regular visits (定期走访探视) per difficulty type. The seed requires regular
 * visits but fixes no interval: these are configuration, and a child with several types is
 * visited at the shortest interval among them.
 */
export type VisitFrequencyConfig = Readonly<Record<DifficultyType, number>>;

/** Defaults (configurable, not from the seed): lack of guardianship monthly, the rest quarterly. */
export const DEFAULT_VISIT_FREQUENCY: VisitFrequencyConfig = {
  'family-hardship': 3,
  disability: 3,
  'lack-of-guardianship': 1,
  vagrancy: 3,
  'psychological-behavioural': 3,
  'cross-township-help-request': 3,
};

/** The visit interval in months for a set of types, or undefined when there is no type. */
export function visitIntervalMonths(
  types: readonly DifficultyType[],
  config: VisitFrequencyConfig = DEFAULT_VISIT_FREQUENCY,
): number | undefined {
  const months = DIFFICULTY_TYPES.filter((t) => types.includes(t)).map((t) => config[t]);
  for (const m of months) {
    if (!Number.isInteger(m) || m < 1)
      throw new RangeError(`visit interval must be a whole number of months >= 1, got ${m}`);
  }
  return months.length > 0 ? Math.min(...months) : undefined;
}

/**
 * When the next visit is due, counted from the last visit or, before the first visit, from the
 * day the ledger entry was opened. Undefined when the child has no difficulty type.
 */
export function nextVisitDue(
  lastVisitOrEntryOpenedOn: LocalDate,
  types: readonly DifficultyType[],
  config: VisitFrequencyConfig = DEFAULT_VISIT_FREQUENCY,
): LocalDate | undefined {
  const months = visitIntervalMonths(types, config);
  return months === undefined ? undefined : addMonths(lastVisitOrEntryOpenedOn, months);
}

/** Overdue: the due day has passed without a visit (a visit on the due day is on time). */
export function isVisitOverdue(
  lastVisitOrEntryOpenedOn: LocalDate,
  types: readonly DifficultyType[],
  asOf: LocalDate,
  config: VisitFrequencyConfig = DEFAULT_VISIT_FREQUENCY,
): boolean {
  const due = nextVisitDue(lastVisitOrEntryOpenedOn, types, config);
  return due !== undefined && compareDates(asOf, due) > 0;
}

/**
 * The due dates of a visit plan from a start day up to and including `until`, if every visit
 * happens on its due day. Dates are counted from the start (start + n×interval) so month-end
 * clamping does not drift (31 Jan -> 28 Feb -> 31 Mar).
 */
export function visitDueDates(
  from: LocalDate,
  types: readonly DifficultyType[],
  until: LocalDate,
  config: VisitFrequencyConfig = DEFAULT_VISIT_FREQUENCY,
): LocalDate[] {
  const months = visitIntervalMonths(types, config);
  if (months === undefined) return [];
  const dates: LocalDate[] = [];
  for (let n = 1; ; n++) {
    const due = addMonths(from, n * months);
    if (compareDates(due, until) > 0) return dates;
    dates.push(due);
  }
}
