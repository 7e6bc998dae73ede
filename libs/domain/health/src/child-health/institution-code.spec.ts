import { creditCodeCheckChar, institutionCodeProblem } from './institution-code';

describe('统一社会信用代码 (GB 32100-2015) of a medical institution', () => {
  it.each([
    ['a published enterprise code', '91110108551385082Q'],
    ['a 事业单位 (public clinic) code', '12371702MB0000001F'],
    ['another', '12371703MB1234567J'],
  ])('accepts %s', (_why, code) => {
    expect(institutionCodeProblem(code)).toBeUndefined();
  });

  it.each<[string, unknown, 'format' | 'check']>([
    ['a wrong check character', '91110108551385082R', 'check'],
    ['two characters swapped', '91110108553185082Q', 'check'],
    ['17 characters', '91110108551385082', 'format'],
    ['19 characters', '91110108551385082QQ', 'format'],
    ['a lower-case letter', '12371702mb0000001F', 'format'],
    ['a letter outside the set (I)', '12371702MI0000001F', 'format'],
    ['a letter outside the set (O)', '12371702MO0000001F', 'format'],
    ['blank', '', 'format'],
    ['not text', 123, 'format'],
    ['null', null, 'format'],
  ])('refuses %s', (_why, code, problem) => {
    expect(institutionCodeProblem(code)).toBe(problem);
  });

  it('computes a check character only for 17 characters of the set', () => {
    expect(creditCodeCheckChar('91110108551385082')).toBe('Q');
    // A sum divisible by 31 gives the check character 0, not 31.
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
    expect(creditCodeCheckChar('9111010855138508')).toBeUndefined();
    expect(creditCodeCheckChar('9111010855138508I')).toBeUndefined();
  });
});
