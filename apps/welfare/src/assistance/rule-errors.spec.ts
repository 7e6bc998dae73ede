import { DomainError } from '@care/errors';
import { AssistanceRuleError } from '@care/welfare-rules';
import { toDomainError, underRules } from './rule-errors';

describe('toDomainError (assistance)', () => {
  it.each([
    ['state', 'invalid-argument'],
    ['date', 'invalid-argument'],
    ['precondition', 'invalid-argument'],
    ['value', 'invalid-argument'],
    ['party', 'permission-denied'],
  ] as const)('a %s refusal is %s, keeping message and rule', (kind, code) => {
    const mapped = toDomainError(new AssistanceRuleError(kind, 'reason', '规则名', '消息（规则：某规则）'));
    expect(mapped).toBeInstanceOf(DomainError);
    expect(mapped).toMatchObject({ code, message: '消息（规则：某规则）' });
    if (code === 'invalid-argument') expect(mapped).toMatchObject({ field: 'reason', rule: '规则名' });
    else expect((mapped as DomainError).details).toMatchObject({ rule: '规则名' });
  });

  it('passes other errors through', () => {
    const error = new Error('x');
    expect(toDomainError(error)).toBe(error);
    expect(() =>
      underRules(() => {
        throw error;
      }),
    ).toThrow(error);
    expect(underRules(() => 3)).toBe(3);
  });
});
