import { ValidationError } from 'class-validator';
import { validationErrorToDomainError } from './validation';

function error(
  property: string,
  constraints: Record<string, string>,
  children: ValidationError[] = [],
): ValidationError {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('validationErrorToDomainError', () => {
  it.each([
    [
      'an unknown field (forbidNonWhitelisted)',
      error('idNumber', { whitelistValidation: 'property idNumber should not exist' }),
      'idNumber',
      '不允许的字段',
    ],
    [
      'a missing required field',
      error('childId', { isNotEmpty: 'childId should not be empty' }),
      'childId',
      '不能为空',
    ],
    [
      'a number out of range',
      error('month', { max: 'month must not be greater than 12' }),
      'month',
      '数值过大',
    ],
    [
      'a DTO that wrote its own Chinese message',
      error('phone', { matches: '监护人联系方式须为11位手机号' }),
      'phone',
      '监护人联系方式须为11位手机号',
    ],
    [
      'a constraint without a Chinese name',
      error('x', { isHexColor: 'x must be a hex color' }),
      'x',
      '不满足规则 isHexColor',
    ],
  ])('%s', (_reason, validationError, field, rule) => {
    const domain = validationErrorToDomainError([validationError]);
    expect(domain).toMatchObject({ code: 'invalid-argument', field, rule });
    expect(domain.message).toBe(`字段 ${field}：${rule}`);
  });

  it('names nested fields with their path and lists every problem', () => {
    const nested = error('guardians', {}, [error('0', {}, [error('phone', { matches: 'bad' })])]);
    const domain = validationErrorToDomainError([nested, error('month', { isInt: 'not int' })]);
    expect(domain.field).toBe('guardians[0].phone');
    expect(domain.message).toBe('字段 guardians[0].phone：格式不正确；字段 month：须为整数');
    expect(domain.details).toMatchObject({ problem0: 'guardians[0].phone:matches', problem1: 'month:isInt' });
  });
});
