import { formatLocalDate, isLocalDate } from '@care/child-rules';
import type { CareActivity } from './key-care.types';

// The ledger's list-valued columns as they appear in one Excel cell, both ways. Export then
// import of the same workbook must give back the same values, so re-imports stay silent.

// A leading date: 2026-03-01, 2026/3/1, 2026.3.1 or 2026年3月1日, then a separator or a space.
const DATED_LINE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s*[:：、,，]\s*|\s+)(.+)$/;

/** 关爱服务活动 cell -> activities: one per line, a leading date when the line has one. */
export function parseCareActivities(cell: string | undefined): CareActivity[] {
  if (cell === undefined) return [];
  const activities: CareActivity[] = [];
  for (const rawLine of cell.normalize('NFKC').split(/\r?\n|[；;]\s*(?=\d{4}[-/.年])/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    const m = DATED_LINE.exec(line);
    if (m) {
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
export function parseSchoolGrade(cell: string | undefined): { school: string; grade: string } {
  const text = (cell ?? '').normalize('NFKC').trim();
  const at = text.lastIndexOf('/');
  if (at < 0) return { school: text, grade: '' };
  return { school: text.slice(0, at).trim(), grade: text.slice(at + 1).trim() };
}

/** School and grade -> the cell; a grade without a school keeps its slash so it reads back as a grade. */
export function formatSchoolGrade(school: string, grade: string): string {
  return grade === '' ? school : `${school}/${grade}`;
}
