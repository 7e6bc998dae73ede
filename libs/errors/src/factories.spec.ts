import {
  alreadyExists,
  conflict,
  failedPrecondition,
  invalidArgument,
  notFound,
  permissionDenied,
  unauthenticated,
  unavailable,
} from './factories';
import { DEFAULT_MESSAGES, DomainError, ERROR_CODES, isDomainError, isErrorCode } from './domain-error';

describe('error factories', () => {
  // [helper call, code, Chinese message, field, rule]
  it.each([
    [notFound('儿童', 'c-1'), 'not-found', '儿童不存在：c-1', undefined, undefined],
    [notFound('服务清单'), 'not-found', '服务清单不存在', undefined, undefined],
    [
      invalidArgument('idNumber', 'GB 11643 校验位', '身份证号校验位错误'),
      'invalid-argument',
      '身份证号校验位错误',
      'idNumber',
      'GB 11643 校验位',
    ],
    [alreadyExists('儿童档案', 'idNumber'), 'already-exists', '儿童档案已存在', 'idNumber', '唯一'],
    [
      failedPrecondition('服务清单未发布', { field: 'listId', rule: '已发布' }),
      'failed-precondition',
      '服务清单未发布',
      'listId',
      '已发布',
    ],
    [permissionDenied(), 'permission-denied', '无权执行此操作', undefined, undefined],
    [unauthenticated(), 'unauthenticated', '未登录或登录已失效', undefined, undefined],
    [conflict('记录已被修改'), 'conflict', '记录已被修改', undefined, undefined],
    [unavailable('登记库'), 'unavailable', '登记库暂时不可用，请稍后重试', undefined, undefined],
  ])('%#: %o', (error, code, message, field, rule) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code, message, field, rule, name: 'DomainError' });
  });

  it('keeps the cause of an outage for the log without putting it in the message', () => {
    const cause = new Error('ECONNREFUSED 10.0.0.5:27017');
    const error = unavailable('登记库', cause);
    expect(error.cause).toBe(cause);
    expect(error.message).not.toContain('ECONNREFUSED');
  });

  it('has a default Chinese message for every code, and recognises codes and errors', () => {
    for (const code of ERROR_CODES) {
      expect(DEFAULT_MESSAGES[code]).toMatch(/[\u4e00-\u9fff]/);
      expect(isErrorCode(code)).toBe(true);
    }
    expect(isErrorCode('internal')).toBe(false);
    expect(isDomainError(notFound('儿童'))).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});
