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

// ---- 登记新儿童 (apps/registry children dto RegisterChildDto, child-builder buildNewChild) ----

export const CHILD_NAME_MAX = 50;
export const ADDRESS_MAX = 200;
export const GUARDIAN_NAME_MAX = 50;
export const GUARDIAN_RELATION_MAX = 20;
export const GUARDIANS_MAX = 10;
export const SCHOOL_MAX = 100;
export const GRADE_MAX = 20;

/**
 * The form ID numbers are checked in (@care/identity normalizeIdNumber): full-width → half-width,
 * every space removed, x → X.
 */
export function normalizeIdNumber(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/x/g, 'X');
}

// GB 11643-1999's check character (ISO 7064 MOD 11-2). Mirrored from @care/identity, whose entry
// point also loads the 800 KB division table (through `require`, which the browser bundle cannot
// run); validation.spec.ts checks this copy against the library's validateIdNumber.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARACTERS = '10X98765432';

export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARACTERS[sum % 11] ?? '';
}

/** The birth date and sex an 18-digit ID number carries, when it is well formed. */
export function idNumberFacts(raw: string): { birthDate: string; sex: 'male' | 'female' } | null {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birthDate) || Number(id.slice(6, 10)) < 1900) return null;
  return { birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

/**
 * 身份证号 as the registry checks it (@care/identity validateIdNumber, in its order and words),
 * every reason at once; blank is allowed (the child is registered without one, 待补录). The address
 * code is left to the registry (the table of GB/T 2260 codes stays out of the bundle).
 */
export function checkIdNumber(raw: string, today: string): string | null {
  const id = normalizeIdNumber(raw);
  if (id === '') return null;
  const reasons: string[] = [];
  if (id.length === 15) reasons.push('身份证号：此处不接受15位旧号码，请填写18位号码');
  else if (id.length !== 18) reasons.push('身份证号：长度应为18位（15位旧号码仅限成年监护人）');
  if (!(id.length === 15 ? /^\d+$/ : /^\d*X?$/).test(id))
    reasons.push('身份证号：只能由数字组成，最后一位可以是数字或X');
  if (id.length !== 15 && id.length >= 14 && /^\d{8}$/.test(id.slice(6, 14))) {
    const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    if (!isCalendarDate(birthDate) || Number(id.slice(6, 10)) < 1900)
      reasons.push('身份证号：第7至14位出生日期不是有效日期');
    else if (birthDate > today) reasons.push('身份证号：出生日期晚于今天');
  }
  if (/^\d{17}[\dX]$/.test(id) && idCheckCharacter(id.slice(0, 17)) !== id[17])
    reasons.push('身份证号：最后一位校验码错误（GB 11643-1999）');
  return reasons.length ? reasons.join('；') : null;
}

/** 出生日期: required without an ID number; with one, it must be the number's (or left blank). */
export function checkBirthDate(value: string, idNumber: string, today: string): string | null {
  const facts = idNumberFacts(idNumber);
  if (facts && checkIdNumber(idNumber, today) === null) {
    if (value.trim() === '') return null;
    return value === facts.birthDate ? null : '出生日期（birthDate）：与身份证号中的出生日期不一致';
  }
  if (normalizeIdNumber(idNumber) !== '' && value.trim() === '') return null; // the number's own error is shown
  if (value.trim() === '') return '请填写出生日期（无身份证号时必填）';
  if (!isCalendarDate(value)) return '出生日期（birthDate）：须为有效日期（YYYY-MM-DD）';
  if (value > today) return '出生日期（birthDate）：不能晚于今天';
  return null;
}

/** 性别: required without an ID number; with one, it must be the number's (or left blank). */
export function checkSex(value: string, idNumber: string, today: string): string | null {
  const facts = idNumberFacts(idNumber);
  if (facts && checkIdNumber(idNumber, today) === null)
    return value === '' || value === facts.sex ? null : '性别（sex）：与身份证号中的性别不一致';
  if (normalizeIdNumber(idNumber) !== '') return null;
  return value === 'male' || value === 'female' ? null : '请选择性别（无身份证号时必填）';
}

/** A county (6 digits) or township (9 digits) code, as every registry DTO words it. */
export function checkDivisionCode(label: string, value: string): string | null {
  if (value.trim() === '') return `请选择${label}`;
  return /^\d{6}(\d{3})?$/.test(value) ? null : `${label}须为6位区县或9位乡镇行政区划代码`;
}

/** 迁入现居住地日期: a real day, not after today, not before the birth date. */
export function checkMovedInOn(value: string, birthDate: string | undefined, today: string): string | null {
  const problem = checkDateNotAfter('迁入现居住地日期', value, today);
  if (problem) return problem;
  if (birthDate && isCalendarDate(birthDate) && value < birthDate)
    return '迁入现居住地日期（residence.movedInOn）：不能早于出生日期';
  return null;
}

/** 监护人联系方式 (child-builder normalisePhone): an 11-digit mobile or a landline with its area code. */
export function normalizePhone(raw: string): string | undefined {
  let digits = raw.normalize('NFKC').replace(/[\s\-()（）.]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  if (/^1[3-9][0-9]{9}$/.test(digits) || /^0[1-9][0-9]{8,10}$/.test(digits)) return digits;
  return undefined;
}

export function checkGuardianPhone(value: string): string | null {
  if (value.length > 30) return '监护人联系方式不能超过30个字符';
  return normalizePhone(value) === undefined ? '监护人联系方式：须为11位手机号或带区号的固定电话' : null;
}

// ---- 摸排 (apps/registry screening dto, round-period, screening-rules) ----

/** `2026-H1` (January–June) or `2026-H2` (July–December). */
export function checkRoundPeriod(value: string): string | null {
  if (!/^\d{4}-H[12]$/.test(value) || Number(value.slice(0, 4)) < 1000)
    return '摸排周期须为“年份-H1”（上半年）或“年份-H2”（下半年），如 2026-H1';
  return null;
}

/** The half-year a day falls in. */
export function roundPeriodOf(day: string): string {
  return `${day.slice(0, 4)}-H${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;
}

/** The periods a round can be opened for on `today`: this half-year and the next (periodNotOpenableReason). */
export function openablePeriods(today: string): [string, string] {
  const year = Number(today.slice(0, 4));
  const current = roundPeriodOf(today);
  return [current, current.endsWith('H1') ? `${year}-H2` : `${year + 1}-H1`];
}

export function checkOpenablePeriod(value: string, today: string): string | null {
  const problem = checkRoundPeriod(value);
  if (problem) return problem;
  const [current, next] = openablePeriods(today);
  if (value === current || value === next) return null;
  return value < current
    ? `摸排周期 ${value} 已结束，不能再开启摸排轮次`
    : `摸排周期 ${value} 尚未到来，只能开启本半年或下一个半年的摸排轮次`;
}

// ---- 重点关爱台账 变更 / 销档 (apps/registry key-care dto and aggregate) ----

export const LEDGER_LIMITS = {
  situationSummary: 2000,
  notes: 1000,
  school: 100,
  grade: 50,
  closeNote: 500,
} as const;

export function checkDifficultyTypes(types: readonly string[] | undefined): string | null {
  return types && types.length > 0 ? null : '至少选择一种困境类型';
}

export type CloseReason = 'moved-out' | 'turned-16' | 'difficulty-resolved' | 'no-longer-migrant' | 'other';

/** 销档: a reason; 其他 needs a note; a note of at most 500 characters. */
export function checkCloseNote(reason: CloseReason | undefined, note: string): string | null {
  if (note.length > LEDGER_LIMITS.closeNote) return `说明不能超过${LEDGER_LIMITS.closeNote}个字符`;
  if (reason === 'other' && note.trim() === '') return '销档原因为“其他”时须填写说明';
  return null;
}

/** 销档日期: a real day, not after today, not before the entry was opened. */
export function checkClosedOn(value: string, openedOn: string, today: string): string | null {
  const problem = checkDateNotAfter('销档日期', value, today);
  if (problem) return problem;
  return value < openedOn ? `销档日期 ${value} 不能早于建档日期 ${openedOn}` : null;
}
