import { invalidArgument } from '@care/errors';
import { MentalHealthRuleError } from '@care/health-rules';

/** Runs a rule and rethrows its refusal as a bad request (400) naming field and rule. */
export function underRules<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof MentalHealthRuleError) throw invalidArgument(error.field, error.rule, error.message);
    throw error;
  }
}
