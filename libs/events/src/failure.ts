/**
 * What to do with a message whose handling failed: retry it (the cause may pass: a database
 * failover, a timeout) or dead-letter it at once (the message itself is at fault and every retry
 * would fail the same way while its partition waits).
 */

/** Thrown by a handler for a message it can never process (a rule violation in the data). */
export class NonRetryableError extends Error {
  override readonly name: string = 'NonRetryableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export type PoisonReason = 'decode' | 'no-value' | 'schema-version' | 'unknown-topic';

/** A record that cannot even be read as its event type: its bytes, not a handler, are at fault. */
export class PoisonMessageError extends NonRetryableError {
  override readonly name: string = 'PoisonMessageError';
  constructor(
    readonly reason: PoisonReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type FailureAction = 'retry' | 'dead-letter';

/** Error names of mongoose/MongoDB failures caused by the data, which a retry cannot fix. */
const DATA_ERROR_NAMES = new Set([
  'ValidationError',
  'CastError',
  'StrictModeError',
  'DocumentNotFoundError',
]);
const DUPLICATE_KEY = 11000;

export function classifyFailure(error: unknown): FailureAction {
  if (error instanceof NonRetryableError) return 'dead-letter';
  if (error instanceof Error) {
    if (DATA_ERROR_NAMES.has(error.name)) return 'dead-letter';
    // A unique-index conflict in a projection is a logic conflict, not a transient fault.
    if ((error as { code?: unknown }).code === DUPLICATE_KEY) return 'dead-letter';
  }
  return 'retry';
}

/** Exponential backoff: initialDelayMs · multiplier^(n-1), capped at maxDelayMs, minus up to jitter of it. */
export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly multiplier: number;
  readonly maxDelayMs: number;
  /** 0..1: the share of each delay that is randomised downwards, so retries of many clients spread. */
  readonly jitter: number;
}

export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in all, the first included; 1 means no retry. */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 200,
  multiplier: 2,
  maxDelayMs: 5000,
  jitter: 0.2,
};

/** Delay before attempt `failedAttempt + 1`: initial * multiplier^(n-1), capped, minus up to jitter of it. */
export function backoffDelay(
  failedAttempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(failedAttempt) || failedAttempt < 1)
    throw new RangeError(`failedAttempt must be >= 1, got ${failedAttempt}`);
  const exponential = policy.initialDelayMs * policy.multiplier ** (failedAttempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(capped * (1 - jitter * random()));
}

/** Retry or dead-letter, given what failed and how many attempts were made. */
export function nextStep(error: unknown, attemptsMade: number, policy: RetryPolicy): FailureAction {
  if (classifyFailure(error) === 'dead-letter') return 'dead-letter';
  return attemptsMade >= policy.maxAttempts ? 'dead-letter' : 'retry';
}

export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const problems = backoffProblems(policy);
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
    problems.unshift('maxAttempts must be an integer >= 1');
  if (problems.length > 0) throw new RangeError(`invalid retry policy: ${problems.join('; ')}`);
  return policy;
}

/** What is wrong with a backoff policy (empty when nothing is). */
export function backoffProblems(policy: BackoffPolicy): string[] {
  const problems: string[] = [];
  if (!(policy.initialDelayMs >= 0)) problems.push('initialDelayMs must be >= 0');
  if (!(policy.multiplier >= 1)) problems.push('multiplier must be >= 1');
  if (!(policy.maxDelayMs >= policy.initialDelayMs)) problems.push('maxDelayMs must be >= initialDelayMs');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) problems.push('jitter must be within 0..1');
  return problems;
}
