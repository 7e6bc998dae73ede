import {
  addDays,
  addMonths,
  compareDates,
  isStale,
  VERIFICATION_INTERVAL_MONTHS,
  type LocalDate,
} from '@care/child-rules';

/**
 * The earliest last-verified date that is NOT stale on `asOf`: a record is stale exactly when its
 * lastVerifiedOn is before this date, so the stale list is one indexed range query.
 * isStale (the rule, with month-end clamping) decides; this only inverts it, searching a few days
 * around asOf minus six months (addMonths is monotonic, so the boundary is unique).
 */
export function staleBefore(asOf: LocalDate): LocalDate {
  let candidate = addDays(addMonths(asOf, -VERIFICATION_INTERVAL_MONTHS), -4);
  while (isStale(candidate, asOf)) candidate = addDays(candidate, 1);
  // candidate is the first non-stale date; every earlier date is stale (monotonic rule).
  if (compareDates(candidate, asOf) > 0) throw new Error('staleBefore: no non-stale date before asOf');
  return candidate;
}
