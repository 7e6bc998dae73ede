import type { EducationStage } from '@care/catalogue';
import { compactText } from './cells';
import {
  GRADE_IDS,
  gradeById,
  gradesOf,
  stageGradeRange,
  stageLabel,
  isSchoolStage,
  type Grade,
  type GradeId,
  type SchoolStage,
} from './grades';
import { problem, quoted, type EducationProblem, type Validated } from './problem';

/**
 * Reading a grade as people type it on rosters: NFKC and spaces are normalised, an Arabic
 * digit reads as its numeral ("3年级" = 三年级), and the usual aliases are accepted: 初一–初三
 * and 初中一年级 for 七年级–九年级, 高中一年级 and 高一年级 for 高一, 中职一 for 中职一年级,
 * 幼儿园小班 for 小班, 小学三年级 for 三年级. A grade is always read within a stage, because
 * "一年级" is a primary grade in one school and a special-school grade in another.
 */

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

function aliasesOf(grade: Grade): string[] {
  const n = NUMERALS[grade.year - 1];
  switch (grade.stage) {
    case 'preschool':
      return [grade.label, `幼儿园${grade.label}`];
    case 'primary':
      return [grade.label, `小学${grade.label}`];
    case 'junior-secondary':
      return [grade.label, `初中${grade.label}`, `初${n}`, `初${n}年级`, `初中${n}年级`];
    case 'senior-secondary':
      return [grade.label, `${grade.label}年级`, `高中${n}年级`];
    case 'secondary-vocational':
      return [grade.label, `中职${n}`];
    case 'special':
      return [grade.label, `特教${grade.label}`, `特殊教育${grade.label}`];
  }
}

const ALIASES: ReadonlyMap<SchoolStage, ReadonlyMap<string, GradeId>> = (() => {
  const byStage = new Map<SchoolStage, Map<string, GradeId>>();
  for (const id of GRADE_IDS) {
    const grade = gradeById(id);
    const map = byStage.get(grade.stage) ?? new Map<string, GradeId>();
    for (const alias of aliasesOf(grade)) map.set(alias, id);
    byStage.set(grade.stage, map);
  }
  return byStage;
})();

/** The text in the form aliases are stored in: compact, single Arabic digits as numerals. */
export function canonicalGradeText(text: string): string {
  return compactText(text).replace(/(?<!\d)([1-9])(?!\d)/g, (d) => NUMERALS[Number(d) - 1]);
}

/** The grade of a stage the text names, or undefined. */
export function findGrade(stage: EducationStage, text: string): Grade | undefined {
  const id = isSchoolStage(stage) ? ALIASES.get(stage)?.get(canonicalGradeText(text)) : undefined;
  return id === undefined ? undefined : gradeById(id);
}

function stagesNaming(text: string): EducationStage[] {
  return [...ALIASES.keys()].filter((stage) => findGrade(stage, text) !== undefined);
}

function stageRangeText(stage: EducationStage): string {
  return `${stageLabel(stage)}为${stageGradeRange(stage)}`;
}

function notInStage(stages: readonly EducationStage[], text: string): EducationProblem {
  const elsewhere = stagesNaming(text).filter((s) => !stages.includes(s));
  const hint = elsewhere.length > 0 ? `；${quoted(text)}是${elsewhere.map(stageLabel).join('或')}的年级` : '';
  const ranges = stages.map(stageRangeText).join('；');
  const what = stages.length === 1 ? '该学段' : '本校所设学段';
  return problem(
    'grade',
    'grade-in-stage',
    `年级：须为${what}的年级（${ranges}），实为${quoted(text)}${hint}`,
  );
}

/** A grade of the stage from typed text (`年级` of a roster or a form), or the problem. */
export function parseGrade(stage: EducationStage, text: string): Validated<Grade> {
  return parseGradeInStages([stage], text);
}

/**
 * A grade from typed text when the school offers several stages (九年一贯制: 小学 and 初中):
 * the text must name a grade of exactly one of them.
 */
export function parseGradeInStages(stages: readonly EducationStage[], text: string): Validated<Grade> {
  if (compactText(text) === '')
    return { ok: false, problems: [problem('grade', 'required', '年级：未填写')] };
  const withGrades = stages.filter((s) => gradesOf(s).length > 0);
  if (withGrades.length === 0) {
    const names = stages.length === 0 ? '未填写' : stages.map(stageLabel).join('、');
    return {
      ok: false,
      problems: [problem('grade', 'stage-has-grades', `年级：学段（${names}）没有年级，实为${quoted(text)}`)],
    };
  }
  const found = withGrades.map((s) => findGrade(s, text)).filter((g): g is Grade => g !== undefined);
  if (found.length === 1) return { ok: true, value: found[0] };
  if (found.length === 0) return { ok: false, problems: [notInStage(withGrades, text)] };
  const which = found.map((g) => `${stageLabel(g.stage)}${g.label}`).join('还是');
  return {
    ok: false,
    problems: [problem('grade', 'grade-ambiguous', `年级：${quoted(text)}不能确定是${which}，请写明学段`)],
  };
}
