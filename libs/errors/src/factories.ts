import { DomainError, type ErrorDetails } from './domain-error';

// One helper per code, so call sites read as the outcome (`throw notFound('儿童', id)`).

/** 未找到: `entity` is the Chinese name of the thing looked for (e.g. `儿童`, `服务清单`). */
export function notFound(entity: string, key?: string, details?: ErrorDetails): DomainError {
  const message = key === undefined ? `${entity}不存在` : `${entity}不存在：${key}`;
  return new DomainError('not-found', message, {
    details: { entity, ...(key === undefined ? {} : { key }), ...details },
  });
}

/** A field broke a rule; the message must name both (e.g. `身份证号校验位错误`). */
export function invalidArgument(
  field: string,
  rule: string,
  message: string,
  details?: ErrorDetails,
): DomainError {
  return new DomainError('invalid-argument', message, { field, rule, details });
}

export function alreadyExists(entity: string, field?: string, details?: ErrorDetails): DomainError {
  return new DomainError('already-exists', `${entity}已存在`, {
    field,
    rule: field === undefined ? undefined : '唯一',
    details,
  });
}

/** The system is not in the state the operation needs (e.g. `服务清单未发布`). */
export function failedPrecondition(
  message: string,
  options: { field?: string; rule?: string; details?: ErrorDetails } = {},
): DomainError {
  return new DomainError('failed-precondition', message, options);
}

export function permissionDenied(message = '无权执行此操作', details?: ErrorDetails): DomainError {
  return new DomainError('permission-denied', message, { details });
}

export function unauthenticated(message = '未登录或登录已失效', details?: ErrorDetails): DomainError {
  return new DomainError('unauthenticated', message, { details });
}

/** Optimistic concurrency or a competing write (e.g. a stale version). */
export function conflict(message: string, details?: ErrorDetails): DomainError {
  return new DomainError('conflict', message, { details });
}

/** A dependency is down; callers may retry. `cause` is kept for logs, never sent to clients. */
export function unavailable(dependency: string, cause?: unknown): DomainError {
  return new DomainError('unavailable', `${dependency}暂时不可用，请稍后重试`, {
    details: { dependency },
    cause,
  });
}
