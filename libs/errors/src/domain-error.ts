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

/** What a person reads when all that is known is the code (e.g. an HttpException Nest raised itself). */
export const DEFAULT_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  'not-found': '请求的资源不存在',
  'invalid-argument': '请求参数不正确',
  'already-exists': '资源已存在',
  'failed-precondition': '当前状态不允许此操作',
  'permission-denied': '无权执行此操作',
  unauthenticated: '未登录或登录已失效',
  conflict: '数据已被他人修改，请刷新后重试',
  unavailable: '服务暂时不可用，请稍后重试',
};

/** The message for faults we do not explain to callers (the details go to the log only). */
export const INTERNAL_ERROR_MESSAGE = '服务器内部错误，请稍后重试';
