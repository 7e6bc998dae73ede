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

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A required date named `label` (走访日期, 服务日期, 生效日期…), as the APIs word it. */
export function checkDate(label: string, value: string): string | null {
  if (value.trim() === '') return `请填写${label}`;
  if (!isCalendarDate(value)) return `${label}须为有效日期（YYYY-MM-DD）`;
  return null;
}

/** A date not after today (a visit, a delivery): apps/registry key-care, @care/department-kit. */
export function checkDateNotAfter(label: string, value: string, today: string): string | null {
  return checkDate(label, value) ?? (value > today ? `${label} ${value} 不能晚于今日 ${today}` : null);
}

/** A date not before today (a list's effective date): @care/catalogue publish. */
export function checkDateNotBefore(label: string, value: string, today: string): string | null {
  return checkDate(label, value) ?? (value < today ? `${label} ${value} 不能早于今日 ${today}` : null);
}

/** An optional date (the import's 迁入日期). */
export function checkOptionalDate(label: string, value: string): string | null {
  return value.trim() === '' ? null : checkDate(label, value);
}

/** Required text with a maximum length (RecordVisitDto.findings 2000, workerId 64, list items 2000). */
export function checkText(label: string, value: string, max: number, required = true): string | null {
  if (required && value.trim() === '') return `请填写${label}`;
  if (value.length > max) return `${label}不能超过${max}个字符`;
  return null;
}

export const FINDINGS_MAX = 2000;
export const WORKER_ID_MAX = 64;
export const ITEM_TEXT_MAX = 2000;
export const DELIVERY_REASON_MAX = 200;

export type DeliveryOutcome = 'delivered' | 'refused' | 'pending';

/** RecordDeliveryDto.reason: required for 拒绝/不需要, at most 200 characters, no personal data. */
export function checkDeliveryReason(outcome: DeliveryOutcome, value: string): string | null {
  if (outcome === 'refused' && value.trim() === '') return '登记为"拒绝/不需要"时须填写原因';
  if (value.length > DELIVERY_REASON_MAX) return `原因不能超过${DELIVERY_REASON_MAX}个字符`;
  return null;
}

/** The import's file: an Attachment 1 workbook (.xlsx) within the registry's IMPORT_MAX_MB (30). */
export const IMPORT_MAX_BYTES = 30 * 1024 * 1024;

export function checkImportFile(file: { name: string; size: number } | undefined): string | null {
  if (!file) return '请选择附件1台账 Excel 文件（.xlsx）';
  if (!/\.xlsx$/i.test(file.name)) return '只能导入 .xlsx 格式的附件1台账';
  if (file.size === 0) return '文件为空';
  if (file.size > IMPORT_MAX_BYTES) return `文件不能超过${IMPORT_MAX_BYTES / 1024 / 1024}MB`;
  return null;
}
