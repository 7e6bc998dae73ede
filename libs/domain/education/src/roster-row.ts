import { compareDates, type LocalDate } from '@care/child-rules';
import { idNumberReasonText, validateIdNumber, type Sex } from '@care/identity';
import { cellText, cellValue, parseCellDate, type ImportColumn, type RawRow } from './cells';
import type { EducationStage } from '@care/catalogue';
import type { GradeId, SchoolStage } from './grades';
import { parseGradeInStages } from './parse-grade';
import { placementFromText, type Placement } from './placement';
import { problem, quoted, type EducationProblem, type Validated } from './problem';

/**
 * One row of a school's roster workbook (学籍名单): who is in which grade, since when, on what
 * place. The ID number is checked with @care/identity (GB 11643-1999: check character, birth
 * date, address code) and gives the birth date and sex. Problems never carry the ID number or
 * the name: with a row number they read "第12行 身份证号：最后一位校验码错误".
 */
export const ROSTER_COLUMNS = [
  { key: 'idNumber', header: '身份证号', required: true },
  { key: 'name', header: '姓名', required: true },
  { key: 'grade', header: '年级', required: true },
  { key: 'enrolledOn', header: '入学日期', required: true },
  { key: 'placement', header: '学位类型', required: true },
] as const satisfies readonly ImportColumn[];

export type RosterColumnKey = (typeof ROSTER_COLUMNS)[number]['key'];

/** A roster row that passed: normalised and completed from the ID number. */
export interface RosterRow {
  /** 18-digit normalised form (full-width, spaces and lowercase x fixed). */
  readonly idNumber: string;
  readonly name: string;
  readonly birthDate: LocalDate;
  readonly sex: Sex;
  readonly stage: SchoolStage;
  readonly grade: GradeId;
  readonly placement: Placement;
  readonly enrolledOn: LocalDate;
}

export interface RosterContext {
  /** The stages the school offers: the grade must name a grade of exactly one of them. */
  readonly stages: readonly EducationStage[];
  /** The sheet row, for messages (第N行). */
  readonly rowNumber?: number;
}

export const MAX_NAME_LENGTH = 50;

const HEADERS: Readonly<Record<RosterColumnKey, string>> = Object.fromEntries(
  ROSTER_COLUMNS.map((c) => [c.key, c.header]),
) as Record<RosterColumnKey, string>;

/**
 * A roster row, normalised, or every problem of the row per column. Age/grade plausibility and
 * the placement's fit with the school are validateEnrolment's, once the row is an enrolment.
 */
export function validateRosterRow(
  row: RawRow,
  asOf: LocalDate,
  context: RosterContext,
): Validated<RosterRow> {
  const at = context.rowNumber === undefined ? '' : `第${context.rowNumber}行 `;
  const problems: EducationProblem[] = [];
  const add = (field: RosterColumnKey, rule: string, message: string) =>
    problems.push(problem(field, rule, at + message));
  const text = (key: RosterColumnKey): string => {
    const value = cellValue(row, HEADERS[key]);
    const t = key === 'idNumber' && typeof value === 'number' ? undefined : cellText(value);
    if (t === undefined && key !== 'enrolledOn')
      add(
        key,
        'cell-type',
        key === 'idNumber'
          ? '身份证号：须为文本单元格（数字格式会丢失末几位）'
          : `${HEADERS[key]}：须为文字单元格`,
      );
    return t ?? '';
  };

  const id = validateIdNumber(text('idNumber'), { asOf });
  if (!id.ok && !problems.some((p) => p.field === 'idNumber'))
    for (const reason of id.reasons) add('idNumber', reason, idNumberReasonText(reason));

  const name = text('name');
  if (name === '' && !problems.some((p) => p.field === 'name')) add('name', 'required', '姓名：未填写');
  else if ([...name].length > MAX_NAME_LENGTH)
    add('name', 'max-length', `姓名：不超过${MAX_NAME_LENGTH}个字`);
  else if (/\d/.test(name)) add('name', 'name-characters', '姓名：不能含数字');

  const gradeText = text('grade');
  const grade = problems.some((p) => p.field === 'grade')
    ? undefined
    : parseGradeInStages(context.stages, gradeText);
  if (grade && !grade.ok) grade.problems.forEach((p) => add('grade', p.rule, p.message));

  const enrolledValue = cellValue(row, HEADERS.enrolledOn);
  const enrolledOn = parseCellDate(enrolledValue);
  const enrolledText = cellText(enrolledValue);
  if (enrolledOn === undefined) {
    if (enrolledText === '') add('enrolledOn', 'required', '入学日期：未填写');
    else
      add(
        'enrolledOn',
        'date-format',
        `入学日期：须为日期（如2026-09-01）${enrolledText === undefined ? '' : `，实为${quoted(enrolledText)}`}`,
      );
  } else {
    if (compareDates(enrolledOn, asOf) > 0)
      add('enrolledOn', 'not-in-future', `入学日期：不能晚于今天（${asOf}）`);
    if (id.ok && compareDates(enrolledOn, id.birthDate) <= 0)
      add('enrolledOn', 'after-birth', '入学日期：须晚于身份证号中的出生日期');
  }

  const placementText = text('placement');
  const placement = placementFromText(placementText);
  if (!problems.some((p) => p.field === 'placement')) {
    if (placementText === '') add('placement', 'required', '学位类型：未填写');
    else if (!placement)
      add(
        'placement',
        'placement-vocabulary',
        `学位类型：须为"公办学位""政府购买学位"或"民办自费"，实为${quoted(placementText)}`,
      );
  }

  if (problems.length > 0 || !id.ok || !grade?.ok || !enrolledOn || !placement)
    return { ok: false, problems };
  return {
    ok: true,
    value: {
      idNumber: id.normalized,
      name,
      birthDate: id.birthDate,
      sex: id.sex,
      stage: grade.value.stage,
      grade: grade.value.id,
      placement,
      enrolledOn,
    },
  };
}
