import { formatLocalDate, isLocalDate } from '@care/child-rules';
import { invalidArgument } from '@care/errors';
import type { CareActivity } from './key-care.types';

// The ledger's list-valued columns as they appear in one Excel cell, both ways. Export then
// import of the same workbook must give back the same values, so re-imports stay silent.

/** The Attachment 1 ledger cells an import keeps (ImportedLedgerFields), with their column names. */
export const LEDGER_CELL_COLUMNS = {
  schoolGrade: '就读学校/年级',
  situation: '基本情况概述',
  careActivities: '关爱服务活动',
  notes: '备注',
} as const;
export type LedgerCell = keyof typeof LEDGER_CELL_COLUMNS;

/**
 * The text of one ledger cell, the one place a blank cell is decided: absent (undefined), null
 * (how MongoDB keeps an undefined property; records stored before the import omitted blank
 * cells hold it), '' and whitespace are all ''. Anything but text is refused, naming the stored
 * field (`ledger.<cell>`) and the rule, so a damaged record answers 400, never 500.
 */
export function ledgerCellText(value: unknown, cell: LedgerCell): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string')
    throw invalidArgument(
      `ledger.${cell}`,
      '文本或空白',
      `${LEDGER_CELL_COLUMNS[cell]}：须为文本或空白（当前保存的值不是文本）；请更正台账中该行后重新导入`,
    );
  return value.normalize('NFKC').trim();
}

// A leading date: 2026-03-01, 2026/3/1, 2026.3.1 or 2026年3月1日, then a separator or a space.
const DATED_LINE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s*[:：、,，]\s*|\s+)(.+)$/;
// Activities are separated by line breaks (LF, CRLF, a lone CR), or by a semicolon before a date.
const ACTIVITY_SEPARATOR = /\r\n|\r|\n|[；;]\s*(?=\d{4}[-/.年])/;
// What offices write in a cell with nothing to report (无 / 暂无 / “/” / “—”): not an activity.
const NOTHING_YET = new Set(['无', '暂无', '尚无', '没有']);

/**
 * Whether a text says "no activity" rather than describing one: a placeholder word (无, 暂无, 尚无,
 * 没有) or no letter or digit at all ("/", "-", "——", "；"). Such a line of the 关爱服务活动 cell
 * is dropped on import, and such a description is refused when an activity is recorded, so an
 * export always reads back as the same activities.
 */
export function isNoActivity(text: string): boolean {
  const t = text.normalize('NFKC').replace(/\s/g, '');
  return NOTHING_YET.has(t) || !/[\p{L}\p{N}]/u.test(t);
}

/**
 * 关爱服务活动 cell -> activities, oldest as written: one per line, a leading date when the line has
 * one. A blank cell (absent, null, '', whitespace, only placeholders) is no activity recorded yet:
 * the ledger is built while screening (seed 二(五), 边摸底排查、边建立台账), so a new entry has
 * none and that is not an error. A cell that is not text is refused (ledgerCellText).
 */
export function parseCareActivities(cell: unknown): CareActivity[] {
  const text = ledgerCellText(cell, 'careActivities');
  const activities: CareActivity[] = [];
  for (const rawLine of text.split(ACTIVITY_SEPARATOR)) {
    const line = rawLine.trim();
    if (line === '' || isNoActivity(line)) continue;
    const m = DATED_LINE.exec(line);
    if (m && !isNoActivity(m[4])) {
      const on = formatLocalDate({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) });
      if (isLocalDate(on)) {
        activities.push({ on, description: m[4].trim() });
        continue;
      }
    }
    activities.push({ on: null, description: line });
  }
  return activities;
}

/** Activities -> the cell: `YYYY-MM-DD description` per line (undated lines as written). */
export function formatCareActivities(activities: readonly CareActivity[]): string {
  return activities.map((a) => (a.on === null ? a.description : `${a.on} ${a.description}`)).join('\n');
}

/** 就读学校/年级 cell -> school and grade, split at the last slash (school names may hold one). */
export function parseSchoolGrade(cell: unknown): { school: string; grade: string } {
  const text = ledgerCellText(cell, 'schoolGrade');
  const at = text.lastIndexOf('/');
  if (at < 0) return { school: text, grade: '' };
  return { school: text.slice(0, at).trim(), grade: text.slice(at + 1).trim() };
}

/** School and grade -> the cell; a grade without a school keeps its slash so it reads back as a grade. */
export function formatSchoolGrade(school: string, grade: string): string {
  return grade === '' ? school : `${school}/${grade}`;
}
