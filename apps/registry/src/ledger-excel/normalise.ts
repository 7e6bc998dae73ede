import {
  DIFFICULTY_TYPES,
  DIFFICULTY_TYPE_LABELS,
  difficultyTypeFromLabel,
  formatLocalDate,
  isLocalDate,
  type DifficultyType,
  type LocalDate,
} from '@care/child-rules';

// Cell-level clean-up and parsing of what people type into the ledger. Every parser returns
// either a value or a Chinese reason (without the column name: the report has its own column).

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * Full-width letters and digits (ＡＢＣ１２３) and the ideographic space folded to ASCII, invisible
 * characters dropped, spaces trimmed and runs collapsed. Chinese punctuation (，：（）) is kept:
 * it is correct in Chinese prose, unlike NFKC, which would turn it into ASCII.
 */
export function cleanText(text: string): string {
  return text
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) =>
      String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    )
    .replace(INVISIBLE, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

/** For names, IDs and addresses, where a space is always a typing slip: removes every space. */
export function compactText(text: string): string {
  return cleanText(text).replace(/\s+/g, '');
}

/** For codes, numbers and dates: every full-width form folded (NFKC, punctuation too) and no spaces. */
export function codeText(text: string): string {
  return compactText(text.normalize('NFKC'));
}

const MOBILE = /^1[3-9][0-9]{9}$/;

/**
 * A mobile number as 11 digits (`+86 138-1234-5678`, `0086 13812345678`, `138 1234 5678` ->
 * `13812345678`), or a landline with its area code as `0530-5551234` (`(0530)5551234`,
 * `0530 555 1234`, `+86 530 5551234`). An extension is kept after `-`.
 */
export function parsePhone(raw: string): Parsed<string> {
  const text = codeText(raw);
  if (text === '') return fail('未填写');
  const [main, extension, ...more] = text.split(/转|ext\.?|#/i);
  if (more.length > 0 || (extension !== undefined && !/^[0-9]{1,6}$/.test(extension)))
    return fail(`号码格式不正确：分机号应为1至6位数字`);
  let digits = (main ?? '').replace(/[-()./]/g, '');
  if (!/^\+?[0-9]+$/.test(digits)) return fail('号码只能包含数字、空格、-、+ 和括号');
  let international = false;
  if (digits.startsWith('+86')) [digits, international] = [digits.slice(3), true];
  else if (digits.startsWith('0086')) [digits, international] = [digits.slice(4), true];
  else if (digits.startsWith('86') && digits.length === 13 && MOBILE.test(digits.slice(2)))
    [digits, international] = [digits.slice(2), true];
  if (digits.startsWith('+')) return fail('只接受中国大陆号码（+86）');
  if (MOBILE.test(digits)) return extension === undefined ? ok(digits) : fail('手机号码不应有分机号');
  // International form drops the trunk 0 of the area code.
  if (international && /^[2-9]/.test(digits)) digits = `0${digits}`;
  if (!digits.startsWith('0')) {
    return digits.length === 11
      ? fail('手机号码应为1开头的11位数字')
      : fail('固定电话须含区号（如 0530-5551234），手机号码应为11位');
  }
  // Area codes: 010 and 02x are 3 digits, all others 4 (GB/T 2260's telephone plan).
  const areaLength = /^0(10|2[0-9])/.test(digits) ? 3 : 4;
  const area = digits.slice(0, areaLength);
  const local = digits.slice(areaLength);
  if (!/^[2-9][0-9]{6,7}$/.test(local)) return fail('固定电话号码应为区号加7至8位号码');
  return ok(`${area}-${local}${extension === undefined ? '' : `-${extension}`}`);
}

export type SexLabel = 'male' | 'female';

export function parseSex(raw: string): Parsed<SexLabel | undefined> {
  const text = codeText(raw);
  if (text === '') return ok(undefined);
  if (text === '男' || text === '男性') return ok('male');
  if (text === '女' || text === '女性') return ok('female');
  return fail(`应填写“男”或“女”`);
}

export function parseAge(raw: string): Parsed<number | undefined> {
  const text = codeText(raw).replace(/周?岁$/, '');
  if (text === '') return ok(undefined);
  if (!/^[0-9]{1,2}$/.test(text)) return fail('应为0至17之间的整数（周岁）');
  const age = Number(text);
  if (age > 17) return fail('应为0至17之间的整数（周岁）');
  return ok(age);
}

// Spellings seen in county spreadsheets for the attachment's labels; anything else is refused
// rather than guessed, because a wrong type changes the child's visit plan.
const DIFFICULTY_ALIASES: Readonly<Record<string, DifficultyType>> = {
  家庭困难: 'family-hardship',
  残疾: 'disability',
  心理行为异常: 'psychological-behavioural',
  跨乡镇主动提出救助帮扶需求: 'cross-township-help-request',
  跨街道主动提出救助帮扶需求: 'cross-township-help-request',
  '跨乡镇(街道)主动提出救助需求': 'cross-township-help-request',
};

const ALLOWED_LABELS = DIFFICULTY_TYPES.map((t) => DIFFICULTY_TYPE_LABELS[t]).join('、');

/** Labels separated by 、 , ， ; ； / or line breaks; duplicates collapse; order of the sheet kept. */
export function parseDifficultyTypes(raw: string): Parsed<DifficultyType[]> {
  const labels = cleanText(raw)
    .split(/[、,，;；/\n]+/)
    .map((l) => l.replace(/\s+/g, ''))
    .filter((l) => l !== '');
  const types: DifficultyType[] = [];
  const unknown: string[] = [];
  for (const label of labels) {
    const type = difficultyTypeFromLabel(label) ?? DIFFICULTY_ALIASES[label.normalize('NFKC')];
    if (type === undefined) unknown.push(label);
    else if (!types.includes(type)) types.push(type);
  }
  if (unknown.length > 0)
    return fail(`无法识别“${unknown.join('、')}”，应为：${ALLOWED_LABELS}（多项用“、”分隔）`);
  return ok(types);
}

// Excel counts days from 1899-12-30 in the 1900 date system (its 1900-02-29 bug included).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301, an Excel date cell or its serial number. */
export function parseDate(raw: string | Date | number): Parsed<LocalDate | undefined> {
  if (raw instanceof Date) {
    // exceljs gives date cells as UTC midnight of the calendar day shown.
    return Number.isNaN(raw.getTime()) ? fail('不是有效日期') : ok(raw.toISOString().slice(0, 10));
  }
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 1 || raw > 2958465) return fail('不是有效日期');
    return ok(new Date(EXCEL_EPOCH_MS + Math.floor(raw) * 86_400_000).toISOString().slice(0, 10));
  }
  const text = codeText(raw);
  if (text === '') return ok(undefined);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const date =
    m === null ? undefined : formatLocalDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
  if (date === undefined || !isLocalDate(date)) return fail('应为有效日期，如 2025-03-01');
  return ok(date);
}
