/**
 * A medical institution is identified by its 统一社会信用代码 (GB 32100-2015): 18 characters of
 * the 31-character set (digits and capitals without I, O, Z, S, V), the last a check character
 * of MOD 31 with the weights 3^i mod 31. Every 医疗卫生机构 has one (public clinics as 事业单位,
 * code "12…"), so it is the one code both the township clinic and a private clinic carry.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters, or undefined when one is outside the set. */
export function creditCodeCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(first17[i]);
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i];
  }
  return CHARSET[(31 - (sum % 31)) % 31];
}

export type InstitutionCodeProblem = 'format' | 'check';

/** Why a code is not a 统一社会信用代码 (`format`: length or characters; `check`: check character), or undefined. */
export function institutionCodeProblem(code: unknown): InstitutionCodeProblem | undefined {
  if (typeof code !== 'string' || !/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return 'format';
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? undefined : 'check';
}
