import { addMonths, compareDates, type LocalDate } from './local-date';

/** Every child's information must be updated at least every six months (MISSION.md core rule 2). */
export const VERIFICATION_INTERVAL_MONTHS = 6;

/** The last day on which a record verified on lastVerifiedOn is still current. */
export function verificationDueOn(lastVerifiedOn: LocalDate): LocalDate {
  return addMonths(lastVerifiedOn, VERIFICATION_INTERVAL_MONTHS);
}

/**
 * Stale: not verified for more than six months. The sixth-month anniversary is the due day and
 * still current; the day after it is stale. A record never verified is stale.
 */
export function isStale(lastVerifiedOn: LocalDate | undefined, asOf: LocalDate): boolean {
  if (!lastVerifiedOn) return true;
  return compareDates(asOf, verificationDueOn(lastVerifiedOn)) > 0;
}
