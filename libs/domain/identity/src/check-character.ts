/** ISO 7064 MOD 11-2 weights for positions 1..17 of a GB 11643-1999 number: 2^(18-i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The check character (校验码, '0'-'9' or 'X') of the first 17 digits of an ID number. */
export function computeCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('computeCheckCharacter needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}
