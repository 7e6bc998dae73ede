import { addDays, compareDates, daysBetween, type LocalDate } from '@care/child-rules';
import {
  DUE_ASSISTANCE_STATES,
  isDueAssistanceState,
  type AssistanceApplicationStatus,
  type DueAssistanceState,
} from './vocabulary';

/**
 * Days an application may stay in a state before its next step is due, counted from the day
 * it entered the state. These are configuration, with defaults a county can start from
 * (the seed asks for 及时 handling and sets no figures).
 */
export type AssistanceDueDays = Readonly<Record<DueAssistanceState, number>>;

export const DEFAULT_ASSISTANCE_DUE_DAYS: AssistanceDueDays = {
  submitted: 5, // accepted or referred within five days
  'awaiting-hukou-city': 20, // the hukou city answers within twenty days
  'under-review': 30, // decided within a month of acceptance
  suspended: 90, // a suspension is resolved (resumed or ended) within three months
};

export interface AssistanceRules {
  readonly dueDays: AssistanceDueDays;
}

export const DEFAULT_ASSISTANCE_RULES: AssistanceRules = { dueDays: DEFAULT_ASSISTANCE_DUE_DAYS };

/** Refuses a rule set with a non-whole or out-of-range number of days (configuration errors). */
export function assertAssistanceRules(rules: AssistanceRules): void {
  for (const state of DUE_ASSISTANCE_STATES) {
    const days = rules.dueDays[state];
    if (!Number.isInteger(days) || days < 1 || days > 3650)
      throw new RangeError(`due days of ${state} must be a whole number from 1 to 3650, got ${days}`);
  }
}

/** When the application's next step is due; undefined while approved and once closed. */
export function applicationDueOn(
  status: Pick<AssistanceApplicationStatus, 'state' | 'stateSince'>,
  rules: AssistanceRules = DEFAULT_ASSISTANCE_RULES,
): LocalDate | undefined {
  return isDueAssistanceState(status.state)
    ? addDays(status.stateSince, rules.dueDays[status.state])
    : undefined;
}

/** A due day has passed (a step on the due day itself is on time); never for no due day. */
export function isAssistancePastDue(dueOn: LocalDate | undefined | null, asOf: LocalDate): boolean {
  return dueOn !== undefined && dueOn !== null && compareDates(asOf, dueOn) > 0;
}

/** Days past a due day (0 when not past or there is none). */
export function assistanceDaysPastDue(dueOn: LocalDate | undefined | null, asOf: LocalDate): number {
  return isAssistancePastDue(dueOn, asOf) ? daysBetween(dueOn as LocalDate, asOf) : 0;
}
