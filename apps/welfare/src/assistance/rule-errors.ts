import { assertNever, invalidArgument, permissionDenied } from '@care/errors';
import { AssistanceRuleError } from '@care/welfare-rules';

/**
 * A refused step as the transports speak it: the wrong party is a permission refusal (403);
 * a step the state, kind, dates or values do not allow is a bad request (400) naming field
 * and rule. Anything else passes through unchanged.
 */
export function toDomainError(error: unknown): unknown {
  if (!(error instanceof AssistanceRuleError)) return error;
  switch (error.kind) {
    case 'party':
      return permissionDenied(error.message, { field: error.field, rule: error.rule });
    case 'state':
    case 'date':
    case 'precondition':
    case 'value':
      return invalidArgument(error.field, error.rule, error.message);
    default:
      return assertNever(error.kind, 'rule kind');
  }
}

/** Runs a rule and rethrows its refusal as a DomainError. */
export function underRules<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toDomainError(error);
  }
}
