/**
 * What a refused step broke:
 * - `state`: the action does not apply to the case's current state (a transition not in the table);
 * - `party`: the action belongs to another party (公安机关 admonishes, not the committee);
 * - `date`: the step's date is not a date, lies in the future, or precedes the case's last step;
 * - `precondition`: the state allows the action but the case is not ready (e.g. no follow-up yet).
 */
export type GuardianshipRuleKind = 'state' | 'party' | 'date' | 'precondition';

/**
 * A refused step of a guardianship case. `rule` is the rule's short Chinese name and `message`
 * the sentence a person reads, naming the rule; neither carries personal data.
 */
export class GuardianshipRuleError extends Error {
  constructor(
    readonly kind: GuardianshipRuleKind,
    /** The input field at fault (`action`, `party`, `on`). */
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'GuardianshipRuleError';
  }
}
