import { invalidArgument } from '@care/errors';

// The password rule of staff accounts (MLPS level 3: password complexity). Checked where a
// password is set (account creation, reset, change), naming the field and the rule in Chinese.

export const PASSWORD_MAX_CHARS = 128;

/** The classes a password draws from; at least three of the four are required. */
const CLASSES: readonly [RegExp, string][] = [
  [/[a-z]/, '小写字母'],
  [/[A-Z]/, '大写字母'],
  [/[0-9]/, '数字'],
  [/[^A-Za-z0-9]/, '符号'],
];

/** Throws invalid-argument naming `field` unless the password meets the rule; returns it unchanged. */
export function assertPasswordRule(password: unknown, minChars: number, field = 'password'): string {
  const rule = `${minChars}至${PASSWORD_MAX_CHARS}个字符，含大写字母、小写字母、数字、符号中的至少三类`;
  if (typeof password !== 'string') throw invalidArgument(field, rule, `${field} 必填：${rule}`);
  const length = Array.from(password).length;
  if (length < minChars || length > PASSWORD_MAX_CHARS)
    throw invalidArgument(field, rule, `${field} 长度须为${minChars}至${PASSWORD_MAX_CHARS}个字符`);
  const used = CLASSES.filter(([pattern]) => pattern.test(password)).length;
  if (used < 3)
    throw invalidArgument(
      field,
      rule,
      `${field} 须包含${CLASSES.map(([, label]) => label).join('、')}中的至少三类`,
    );
  return password;
}
