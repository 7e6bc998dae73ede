import { DomainError } from '@care/errors';
import { rulesRefusal } from './refusal';

describe('rulesRefusal', () => {
  it('names the first field and rule, every message, and each problem in the details', () => {
    const error = rulesRefusal(
      [
        { field: 'residencePermit', rule: '须持居住证或为农民工随迁子女', message: '两项均未确认' },
        { field: 'hukouEnrolment', rule: '不得重复参保', message: '户籍地参保状态不清楚' },
      ],
      '参保申请',
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'invalid-argument',
      field: 'residencePermit',
      rule: '须持居住证或为农民工随迁子女',
      message: '字段 residencePermit：两项均未确认；字段 hukouEnrolment：户籍地参保状态不清楚',
      details: {
        problem0: 'residencePermit:须持居住证或为农民工随迁子女',
        problem1: 'hukouEnrolment:不得重复参保',
      },
    });
  });

  it('still answers with no problem given', () => {
    expect(rulesRefusal([], '参保申请')).toMatchObject({ field: '(body)', message: '参保申请不正确' });
  });
});
