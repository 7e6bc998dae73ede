/**
 * The closed set of failure kinds every service speaks. Transports map each one to their own
 * status in exactly one exhaustive place (@care/grpc), so a new code fails to compile there
 * until it has a gRPC status and an HTTP status.
 */
export const ERROR_CODES = [
  'not-found',
  'invalid-argument',
  'already-exists',
  'failed-precondition',
  'permission-denied',
  'unauthenticated',
  'conflict',
  'unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Small, non-personal facts that help a caller act on the error (never names, ID numbers, phones). */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

export interface DomainErrorOptions {
  /** The input field at fault, in the caller's naming (e.g. `idNumber`, `guardians[0].phone`). */
  readonly field?: string;
  /** The rule the field broke, short and stable (e.g. `必填`, `GB 11643 校验位`). */
  readonly rule?: string;
  readonly details?: ErrorDetails;
  readonly cause?: unknown;
}

/**
 * An expected failure of a use case. `message` is the Chinese text a person reads: it names
 * the field and the rule where there is one. It must not carry personal data, because it is
 * logged and returned across service boundaries.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly rule?: string;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.field = options.field;
    this.rule = options.rule;
    this.details = options.details ?? {};
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Compile-time exhaustiveness guard for switches over closed unions. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${String(value)}`);
}
