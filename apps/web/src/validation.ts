// Form rules that mirror the APIs' own validation (apps/auth sign-in.dto.ts, apps/registry
// children dto RevealQueryDto / ListChildrenQueryDto), so the form says the same thing before
// sending. Each returns the Chinese message naming the field and the rule, or null when valid.

export const USER_ID_MAX = 64;
export const PASSWORD_MAX = 128;
export const PURPOSE_MAX = 200;

export function checkUserId(value: string): string | null {
  if (value.trim() === '') return '请输入账号';
  if (value.length > USER_ID_MAX) return `账号不能超过${USER_ID_MAX}个字符`;
  return null;
}

export function checkPassword(value: string): string | null {
  if (value === '') return '请输入密码';
  if (value.length > PASSWORD_MAX) return `密码不能超过${PASSWORD_MAX}个字符`;
  return null;
}

export function checkTotpCode(value: string): string | null {
  if (value === '') return '请输入动态口令';
  if (!/^[0-9]{6}$/.test(value)) return '动态口令须为6位数字';
  return null;
}

/** The purpose of a reveal (查看完整信息的用途): required, audited with the read. */
export function checkPurpose(value: string): string | null {
  if (value.trim() === '') return '请填写查看完整信息的用途（将记入审计）';
  if (value.length > PURPOSE_MAX) return `用途不能超过${PURPOSE_MAX}个字符`;
  return null;
}

export function checkCountyCode(value: string): string | null {
  if (!/^\d{6}$/.test(value)) return '县区代码须为6位数字';
  return null;
}
