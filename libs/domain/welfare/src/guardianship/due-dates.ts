import { addDays, compareDates, daysBetween, type LocalDate } from '@care/child-rules';
import type { GuardianshipCaseStatus } from './case-status';
import type { OpenGuardianshipState } from './vocabulary';

/**
 * Days each open state may last before its next step is due, counted from the case's last
 * step (entering the state, or the last follow-up or review within it). The seed sets no time
 * limits ("及时"): these are configuration, with defaults a county can start from.
 */
export type GuardianshipDueDays = Readonly<Record<OpenGuardianshipState, number>>;

export const DEFAULT_GUARDIANSHIP_DUE_DAYS: GuardianshipDueDays = {
  reported: 3, // the committee admonishes or stops promptly
  'reported-to-police': 1, // the police acknowledge a report the next day
  'admonition-pending': 7, // admonition (训诫) within a week of acknowledging
  'family-education-guidance': 60, // the ordered guidance is given within two months
  'follow-up': 30, // a follow-up visit every month
  'temporary-guardianship': 30, // temporary care is reviewed monthly: return home or long-term care
  'long-term-guardianship': 180, // long-term care is reviewed every six months
};

export interface GuardianshipRules {
  readonly dueDays: GuardianshipDueDays;
  /** Follow-up visits needed in the follow-up state before the case may close. */
  readonly followUpsBeforeClosing: number;
}

export const DEFAULT_GUARDIANSHIP_RULES: GuardianshipRules = {
  dueDays: DEFAULT_GUARDIANSHIP_DUE_DAYS,
  followUpsBeforeClosing: 1,
};

/** Refuses a rule set with a non-whole or non-positive number of days (configuration errors). */
export function assertGuardianshipRules(rules: GuardianshipRules): void {
  for (const [state, days] of Object.entries(rules.dueDays)) {
    if (!Number.isInteger(days) || days < 1 || days > 3650)
      throw new RangeError(`due days of ${state} must be a whole number from 1 to 3650, got ${days}`);
  }
  if (!Number.isInteger(rules.followUpsBeforeClosing) || rules.followUpsBeforeClosing < 0)
    throw new RangeError(
      `followUpsBeforeClosing must be a whole number >= 0, got ${rules.followUpsBeforeClosing}`,
    );
}

/** When the case's next step is due; undefined for a closed case. */
export function caseDueOn(
  status: GuardianshipCaseStatus,
  rules: GuardianshipRules = DEFAULT_GUARDIANSHIP_RULES,
): LocalDate | undefined {
  if (status.state === 'closed') return undefined;
  return addDays(status.lastStepOn, rules.dueDays[status.state]);
}

/** A due day has passed (a step on the due day itself is on time); never for no due day. */
export function isPastDue(dueOn: LocalDate | undefined | null, asOf: LocalDate): boolean {
  return dueOn !== undefined && dueOn !== null && compareDates(asOf, dueOn) > 0;
}

/** Days past a due day (0 when not past or there is none). */
export function daysPastDue(dueOn: LocalDate | undefined | null, asOf: LocalDate): number {
  return isPastDue(dueOn, asOf) ? daysBetween(dueOn as LocalDate, asOf) : 0;
}

/** Overdue: the case's due day has passed without a step. */
export function isCaseOverdue(
  status: GuardianshipCaseStatus,
  asOf: LocalDate,
  rules: GuardianshipRules = DEFAULT_GUARDIANSHIP_RULES,
): boolean {
  return isPastDue(caseDueOn(status, rules), asOf);
}

/** Days the case is past its due day (0 when not overdue or closed). */
export function daysOverdue(
  status: GuardianshipCaseStatus,
  asOf: LocalDate,
  rules: GuardianshipRules = DEFAULT_GUARDIANSHIP_RULES,
): number {
  return daysPastDue(caseDueOn(status, rules), asOf);
}
