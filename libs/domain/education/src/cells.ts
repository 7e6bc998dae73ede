import { formatLocalDate, isLocalDate, shanghaiDate, type LocalDate } from '@care/child-rules';

/**
 * Reading the cells of an Excel import row (school lists, school rosters). A row arrives as the
 * reader gives it: header → string, number, boolean, Date or nothing. Headers and text are
 * compared after NFKC, because Chinese input methods type full-width digits, letters and spaces.
 */
export type RawRow = Readonly<Record<string, unknown>>;

/** One column of an import workbook; `key` is the field name problems use, `header` what the sheet shows. */
export interface ImportColumn<K extends string = string> {
  readonly key: K;
  readonly header: string;
  readonly required: boolean;
}

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/** NFKC, zero-width characters removed, spaces at the ends trimmed and inner runs collapsed to one. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** The same with every space removed: for codes and closed vocabularies (年级, 学段, 是/否). */
export function compactText(text: string): string {
  return normalizeText(text).replace(/ /g, '');
}

/** A header as typed by whoever made the sheet: "学校标识码*" and "学校标识码（必填）" are 学校标识码. */
function headerKey(header: string): string {
  return compactText(header)
    .replace(/\(必填\)$/, '')
    .replace(/\*+$/, '');
}

/** The raw value under a header, also when the sheet's header carries spaces, width variants or a required mark. */
export function cellValue(row: RawRow, header: string): unknown {
  if (Object.prototype.hasOwnProperty.call(row, header)) return row[header];
  const wanted = headerKey(header);
  const match = Object.keys(row).find((key) => headerKey(key) === wanted);
  return match === undefined ? undefined : row[match];
}

/**
 * A cell as normalised text: '' when empty, undefined when the cell holds something that is not
 * text (a date cell, a formula object). Numbers become their decimal digits.
 */
export function cellText(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return normalizeText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return undefined;
}

/** 是/否 cells: true, false, or undefined when the text is neither. */
export function parseYesNo(text: string): boolean | undefined {
  const t = compactText(text);
  if (t === '是') return true;
  if (t === '否') return false;
  return undefined;
}

const DATE_FORMS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/**
 * A date cell: an Excel date (read as a Date; its calendar day in Asia/Shanghai) or text in
 * 2026-09-01, 2026/9/1, 2026.9.1, 2026年9月1日 or 20260901 form. Undefined when it is no real
 * calendar date. Excel serial numbers are refused: 46266 could as well be a typing slip.
 */
export function parseCellDate(value: unknown): LocalDate | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : shanghaiDate(value);
  if (typeof value !== 'string') return undefined;
  const text = compactText(value);
  for (const form of DATE_FORMS) {
    const m = form.exec(text);
    if (!m) continue;
    const date = formatLocalDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
    return isLocalDate(date) ? date : undefined;
  }
  return undefined;
}
