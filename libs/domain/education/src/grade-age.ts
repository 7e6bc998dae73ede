import { compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import {
  gradeById,
  gradesOf,
  gradeTypicalAge,
  stageLabel,
  typicalGrade,
  type Grade,
  type GradeId,
  type SchoolStage,
} from './grades';
import { problem, type EducationProblem } from './problem';
import { schoolYearAge } from './school-year';

/**
 * Whether a grade is plausible for a child's age ("grade out of range" validation). The age is
 * the 入学年龄 (age on 31 August, school-year.ts), so a whole class shares it. Kindergartens
 * take children of 3 to 6 (幼儿园工作规程 art. 2: 三周岁以上学龄前幼儿), whatever the class; from
 * primary school on, a pupil may be up to two years younger or older than the grade's typical
 * age (late entry, repeated years, a migrant child placed by level after a move). The bounds
 * are data: the education bureau may widen them (special schools admit late).
 */
export interface GradeAgePolicy {
  /** 入学年龄 a kindergarten child may have, both bounds inclusive. */
  readonly preschoolAges: { readonly min: number; readonly max: number };
  /** Years a pupil may differ from the grade's typical 入学年龄, per stage. */
  readonly toleranceYears: Readonly<Record<Exclude<SchoolStage, 'preschool'>, number>>;
}

export const DEFAULT_GRADE_AGE_POLICY: GradeAgePolicy = {
  preschoolAges: { min: 3, max: 6 },
  toleranceYears: {
    primary: 2,
    'junior-secondary': 2,
    'senior-secondary': 2,
    'secondary-vocational': 2,
    special: 2,
  },
};

/** The 入学年龄 range a child in this grade may have under the policy, both bounds inclusive. */
export function plausibleAges(
  grade: GradeId,
  policy: GradeAgePolicy = DEFAULT_GRADE_AGE_POLICY,
): { min: number; max: number } {
  const { stage } = gradeById(grade);
  if (stage === 'preschool') return { ...policy.preschoolAges };
  const typical = gradeTypicalAge(grade);
  const tolerance = policy.toleranceYears[stage];
  return { min: typical - tolerance, max: typical + tolerance };
}

/**
 * The grade a child of this age would be in without delay: in the same stage when the stage
 * has one for the age (a special school's 四年级 for a 9-year-old), otherwise the general or
 * vocational sequence's grade. Undefined below 3 and from 18.
 */
export function expectedGrade(stage: SchoolStage, age: number): Grade | undefined {
  const inStage = gradesOf(stage).find((g) => gradeTypicalAge(g.id) === age);
  return inStage ?? typicalGrade(age, stage === 'secondary-vocational' ? 'vocational' : 'general');
}

/** An age/grade problem carries what a form needs to propose the correction. */
export interface GradeAgeProblem extends EducationProblem {
  readonly schoolYearAge: number;
  readonly expectedGrade?: GradeId;
}

export function isGradeAgeProblem(p: EducationProblem): p is GradeAgeProblem {
  return p.rule === 'grade-age-plausible' && 'schoolYearAge' in p;
}

function expectedText(grade: Grade, age: number): string {
  const expected = expectedGrade(grade.stage, age);
  if (expected) return `按年龄应为${stageLabel(expected.stage)}${expected.label}`;
  return age < 3 ? '按年龄尚未到入园年龄' : '按年龄已超过高中阶段';
}

/**
 * The problem when the grade does not fit the child's age on `asOf`, else undefined. A birth
 * date that is no date, or lies after `asOf`, is itself the problem (field `birthDate`).
 */
export function gradeAgeProblem(
  birthDate: string,
  grade: GradeId,
  asOf: LocalDate,
  policy: GradeAgePolicy = DEFAULT_GRADE_AGE_POLICY,
): EducationProblem | undefined {
  if (!isLocalDate(birthDate))
    return problem('birthDate', 'date-format', '出生日期：须为有效日期（YYYY-MM-DD）');
  if (compareDates(birthDate, asOf) > 0)
    return problem('birthDate', 'not-in-future', '出生日期：晚于核对日期');
  const age = schoolYearAge(birthDate, asOf);
  const { min, max } = plausibleAges(grade, policy);
  if (age >= min && age <= max) return undefined;
  const g = gradeById(grade);
  const expected = expectedGrade(g.stage, age);
  const message =
    `年级：年级与年龄不符（${stageLabel(g.stage)}${g.label}的入学年龄应为${min}至${max}岁，` +
    `该儿童按8月31日计为${age}岁，${expectedText(g, age)}）`;
  const found: GradeAgeProblem = { field: 'grade', rule: 'grade-age-plausible', message, schoolYearAge: age };
  if (!expected) return found;
  const withExpected: GradeAgeProblem = { ...found, expectedGrade: expected.id };
  return withExpected;
}
