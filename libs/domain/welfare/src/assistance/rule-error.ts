/**
 * What a refused step of an assistance application broke:
 * - `state`: the action does not apply to the application's current state;
 * - `party`: the action belongs to another party (the kind's deciding department);
 * - `date`: the date is not a date, lies in the future, or precedes the last step;
 * - `precondition`: the state allows the action but not for this kind (e.g. a kind without
 *   hukou confirmation is not referred to the hukou city);
 * - `value`: a value of the step is missing or out of range (reason, amount, start month).
 */
export type AssistanceRuleKind = 'state' | 'party' | 'date' | 'precondition' | 'value';

/** A refused step: `rule` is the rule's short Chinese name, `message` the sentence a person reads; no personal data. */
export class AssistanceRuleError extends Error {
  constructor(
    readonly kind: AssistanceRuleKind,
    /** The input field at fault (`action`, `party`, `on`, `reason`, `amountFen`, `startMonth`, `hukouCountyCode`). */
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'AssistanceRuleError';
  }
}
