import type { LocalDate } from '@care/child-rules';
import type { ClosureOutcome, GuardianshipState } from './vocabulary';

/** What the rules need to know of a case: its state and the dates that drive its due date. */
export interface GuardianshipCaseStatus {
  readonly state: GuardianshipState;
  readonly openedOn: LocalDate;
  /** The day the case entered its current state. */
  readonly stateSince: LocalDate;
  /** The day of the case's last step (entering the state, a follow-up, a review): the due date's anchor. */
  readonly lastStepOn: LocalDate;
  /** Follow-up visits (回访) or reviews (复查) recorded since the case entered its current state. */
  readonly visitsInState: number;
  /** Set when closed. */
  readonly outcome?: ClosureOutcome;
  readonly closedOn?: LocalDate;
}
