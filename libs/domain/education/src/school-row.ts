import { cellText, cellValue, compactText, parseYesNo, type ImportColumn, type RawRow } from './cells';
import type { SchoolStage } from './grades';
import { problem, quoted, type EducationProblem, type Validated } from './problem';
import {
  schoolProblems,
  type KindergartenKind,
  type School,
  type SchoolContext,
  type SchoolOwnership,
} from './school';
import { parseStageList } from './stage-text';

/**
 * One row of the school list workbook (学校名单) the education bureau imports: Chinese headers,
 * one school per row. Optional 是/否 columns read as 否 when empty.
 */
export const SCHOOL_COLUMNS = [
  { key: 'code', header: '学校标识码', required: true },
  { key: 'name', header: '学校名称', required: true },
  { key: 'countyCode', header: '所在县区代码', required: true },
  { key: 'stages', header: '学段', required: true },
  { key: 'ownership', header: '办学性质', required: true },
  { key: 'kindergartenKind', header: '幼儿园类型', required: false }, // required when 学段 has 学前教育
  { key: 'special', header: '特殊教育学校', required: false },
  { key: 'governmentPurchasedPlaces', header: '接受政府购买学位', required: false },
] as const satisfies readonly ImportColumn<keyof School>[];

export type SchoolColumnKey = (typeof SCHOOL_COLUMNS)[number]['key'];

const HEADERS: Readonly<Record<SchoolColumnKey, string>> = Object.fromEntries(
  SCHOOL_COLUMNS.map((c) => [c.key, c.header]),
) as Record<SchoolColumnKey, string>;

const OWNERSHIP_WORDS: ReadonlyMap<string, SchoolOwnership> = new Map([
  ['公办', 'public'],
  ['民办', 'private'],
]);

/** 公办(园), 普惠性民办(园), 普惠民办, 民办普惠, 非普惠(性民办)(园): ids of KINDERGARTEN_KINDS. */
function kindergartenKindFrom(text: string): KindergartenKind | undefined {
  const t = text.replace(/(幼儿园|园)$/, '').replace(/性/g, '');
  if (t === '公办') return 'public';
  if (t === '普惠民办' || t === '民办普惠') return 'inclusive-private';
  if (t === '非普惠' || t === '非普惠民办' || t === '民办非普惠') return 'non-inclusive-private';
  return undefined;
}

function textOf(row: RawRow, key: SchoolColumnKey, problems: EducationProblem[]): string {
  const text = cellText(cellValue(row, HEADERS[key]));
  if (text === undefined) {
    problems.push(problem(key, 'cell-type', `${HEADERS[key]}：须为文字或数字单元格`));
    return '';
  }
  return text;
}

function yesNo(
  row: RawRow,
  key: 'special' | 'governmentPurchasedPlaces',
  problems: EducationProblem[],
): boolean {
  const text = textOf(row, key, problems);
  if (text === '') return false;
  const value = parseYesNo(text);
  if (value === undefined)
    problems.push(problem(key, 'yes-no', `${HEADERS[key]}：须为"是"或"否"，实为${quoted(text)}`));
  return value ?? false;
}

/**
 * A school from a school-list row, or every problem of the row (per column, then the rules
 * across columns). Problems of a column that did not read leave that column's rules unchecked.
 */
export function validateSchoolRow(row: RawRow, context: SchoolContext): Validated<School> {
  const problems: EducationProblem[] = [];
  const code = compactText(textOf(row, 'code', problems));
  const name = textOf(row, 'name', problems);
  const countyCode = compactText(textOf(row, 'countyCode', problems));

  // A cell that is no text (a date, a formula) is reported once, as such, not also as empty.
  const read = (key: SchoolColumnKey) => !problems.some((p) => p.field === key);

  let stages: SchoolStage[] = [];
  const stagesText = textOf(row, 'stages', problems);
  const parsedStages = read('stages') ? parseStageList(stagesText) : undefined;
  if (parsedStages?.ok) stages = parsedStages.value;
  else if (parsedStages) problems.push(...parsedStages.problems);

  const ownershipText = compactText(textOf(row, 'ownership', problems));
  const ownership = OWNERSHIP_WORDS.get(ownershipText);
  if (read('ownership') && ownershipText === '')
    problems.push(problem('ownership', 'required', '办学性质：未填写'));
  else if (read('ownership') && !ownership)
    problems.push(
      problem(
        'ownership',
        'ownership-vocabulary',
        `办学性质：须为"公办"或"民办"，实为${quoted(ownershipText)}`,
      ),
    );

  const kindText = compactText(textOf(row, 'kindergartenKind', problems));
  const kindergartenKind = kindText === '' ? undefined : kindergartenKindFrom(kindText);
  if (kindText !== '' && !kindergartenKind)
    problems.push(
      problem(
        'kindergartenKind',
        'kindergarten-kind-vocabulary',
        `幼儿园类型：须为"公办""普惠性民办"或"非普惠性民办"，实为${quoted(kindText)}`,
      ),
    );

  const special = yesNo(row, 'special', problems);
  const governmentPurchasedPlaces = yesNo(row, 'governmentPurchasedPlaces', problems);

  const school: School = {
    code,
    name,
    countyCode,
    stages,
    ownership: ownership ?? 'public',
    ...(kindergartenKind ? { kindergartenKind } : {}),
    special,
    governmentPurchasedPlaces,
  };
  // Rules across columns only speak of columns that read; a column's own problem is enough.
  const unread = new Set(problems.map((p) => p.field));
  if (!ownership) unread.add('ownership');
  if (!parsedStages?.ok) unread.add('stages');
  const crossProblems = schoolProblems(school, context).filter(
    (p) =>
      !unread.has(p.field) &&
      !(
        unread.has('ownership') &&
        (p.field === 'kindergartenKind' || p.field === 'governmentPurchasedPlaces')
      ) &&
      !(unread.has('stages') && (p.field === 'kindergartenKind' || p.field === 'special')),
  );
  const all = [...problems, ...crossProblems];
  return all.length === 0 ? { ok: true, value: school } : { ok: false, problems: all };
}
