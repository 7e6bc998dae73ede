import { compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import { countyOf, resolveDivision } from '@care/divisions';
import { DEFAULT_GRADE_AGE_POLICY, gradeAgeProblem, type GradeAgePolicy } from './grade-age';
import {
  GRADES,
  gradeLabel,
  isGradeId,
  isSchoolStage,
  stageGradeRange,
  stageLabel,
  type GradeId,
  type SchoolStage,
} from './grades';
import { isPlacement, PLACEMENTS, type Placement } from './placement';
import { problem, quoted, type EducationProblem } from './problem';
import type { School } from './school';
import { isSchoolYear, schoolYearBounds, schoolYearStartYear, type SchoolYear } from './school-year';

/**
 * An enrolment (学籍/就读): which school, stage and grade a child is in for a school year, and
 * on what place. The rules are the compulsory-education law's (义务教育法 art. 12: 就近入学;
 * migrant children study where their parents live, under the county's responsibility) and
 * HZ-03's (purchased places only at private compulsory schools that take them).
 */
export interface Enrolment {
  readonly childId: string;
  readonly schoolCode: string;
  readonly stage: SchoolStage;
  readonly grade: GradeId;
  readonly placement: Placement;
  /** The day the child entered this school. */
  readonly enrolledOn: LocalDate;
  readonly schoolYear: SchoolYear;
}

/** What the enrolment rules need of the child (never the identity). */
export interface EnrolledChild {
  readonly birthDate: LocalDate;
  /** Residence (居住地) county; a township code is read as its county. Without it the residence-county rule is skipped. */
  readonly countyCode?: string;
}

/** Stages where a child is placed near home (就近入学/入园), so the residence-county rule applies. */
export const NEAR_HOME_STAGES: readonly SchoolStage[] = [
  'preschool',
  'primary',
  'junior-secondary',
  'special',
];

/** Stages of compulsory education (义务教育): the only ones with purchased places (HZ-03). */
export const COMPULSORY_STAGES: readonly SchoolStage[] = ['primary', 'junior-secondary', 'special'];

/**
 * Every rule id validateEnrolment can report. `residence-county` is advisory: a child may have
 * good reason to study in another county (a special school, a boarding school), so the caller
 * decides whether it blocks.
 */
export const ENROLMENT_RULES = [
  'required',
  'school-mismatch',
  'stage-vocabulary',
  'stage-offered',
  'grade-vocabulary',
  'grade-in-stage',
  'grade-age-plausible',
  'placement-vocabulary',
  'placement-ownership',
  'government-purchased-place-private-only',
  'government-purchased-place-not-accepted',
  'government-purchased-place-compulsory-only',
  'date-format',
  'not-in-future',
  'after-birth',
  'enrolled-by-school-year',
  'school-year-format',
  'school-year-not-future',
  'residence-county',
] as const;
export type EnrolmentRule = (typeof ENROLMENT_RULES)[number];
export const ADVISORY_ENROLMENT_RULES: readonly EnrolmentRule[] = ['residence-county'];

export interface EnrolmentOptions {
  readonly gradeAgePolicy?: GradeAgePolicy;
}

function stageProblems(input: Enrolment, school: School): EducationProblem[] {
  if (!isSchoolStage(input.stage))
    return [problem('stage', 'stage-vocabulary', `学段：不是已知学段，实为${quoted(String(input.stage))}`)];
  if (school.stages.includes(input.stage)) return [];
  const offered = school.stages.map(stageLabel).join('、') || '无';
  return [
    problem('stage', 'stage-offered', `学段：该学校不设${stageLabel(input.stage)}（所设学段：${offered}）`),
  ];
}

function gradeProblems(input: Enrolment, child: EnrolledChild, asOf: LocalDate, options: EnrolmentOptions) {
  if (!isGradeId(input.grade))
    return [problem('grade', 'grade-vocabulary', `年级：不是已知年级，实为${quoted(String(input.grade))}`)];
  if (!isSchoolStage(input.stage)) return [];
  if (GRADES[input.grade].stage !== input.stage)
    return [
      problem(
        'grade',
        'grade-in-stage',
        `年级：须为该学段的年级（${stageLabel(input.stage)}为${stageGradeRange(input.stage)}），实为"${gradeLabel(input.grade)}"`,
      ),
    ];
  const found = gradeAgeProblem(
    child.birthDate,
    input.grade,
    asOf,
    options.gradeAgePolicy ?? DEFAULT_GRADE_AGE_POLICY,
  );
  return found ? [found] : [];
}

function placementProblems(input: Enrolment, school: School): EducationProblem[] {
  if (!isPlacement(input.placement))
    return [
      problem(
        'placement',
        'placement-vocabulary',
        `学位类型：不是已知学位类型，实为${quoted(String(input.placement))}`,
      ),
    ];
  const label = PLACEMENTS[input.placement].nameZh;
  switch (input.placement) {
    case 'public-school':
      return school.ownership === 'public'
        ? []
        : [problem('placement', 'placement-ownership', `学位类型："${label}"只能在公办学校，该学校为民办`)];
    case 'private-self-paid':
      return school.ownership === 'private'
        ? []
        : [problem('placement', 'placement-ownership', `学位类型："${label}"只能在民办学校，该学校为公办`)];
    case 'government-purchased-place': {
      const problems: EducationProblem[] = [];
      if (school.ownership === 'public')
        problems.push(
          problem(
            'placement',
            'government-purchased-place-private-only',
            `学位类型："${label}"只能在民办学校，该学校为公办`,
          ),
        );
      else if (!school.governmentPurchasedPlaces)
        problems.push(
          problem(
            'placement',
            'government-purchased-place-not-accepted',
            `学位类型：该民办学校不接受政府购买学位`,
          ),
        );
      if (isSchoolStage(input.stage) && !COMPULSORY_STAGES.includes(input.stage))
        problems.push(
          problem(
            'placement',
            'government-purchased-place-compulsory-only',
            `学位类型："${label}"只用于义务教育阶段，实为${stageLabel(input.stage)}`,
          ),
        );
      return problems;
    }
  }
}

function dateProblems(input: Enrolment, child: EnrolledChild, asOf: LocalDate): EducationProblem[] {
  const problems: EducationProblem[] = [];
  const bounds = schoolYearBounds(input.schoolYear);
  if (!bounds)
    problems.push(
      problem(
        'schoolYear',
        'school-year-format',
        `学年：须为相邻两年，如"2026-2027"，实为${quoted(String(input.schoolYear))}`,
      ),
    );
  else if (Number(input.schoolYear.slice(0, 4)) > schoolYearStartYear(asOf) + 1)
    problems.push(
      problem('schoolYear', 'school-year-not-future', `学年：不能晚于下一学年，实为"${input.schoolYear}"`),
    );
  if (!isLocalDate(input.enrolledOn)) {
    problems.push(problem('enrolledOn', 'date-format', '入学日期：须为有效日期（YYYY-MM-DD）'));
    return problems;
  }
  if (compareDates(input.enrolledOn, asOf) > 0)
    problems.push(
      problem('enrolledOn', 'not-in-future', `入学日期：不能晚于今天（${asOf}），实为"${input.enrolledOn}"`),
    );
  if (isLocalDate(child.birthDate) && compareDates(input.enrolledOn, child.birthDate) <= 0)
    problems.push(problem('enrolledOn', 'after-birth', '入学日期：须晚于出生日期'));
  if (bounds && isSchoolYear(input.schoolYear) && compareDates(input.enrolledOn, bounds.last) > 0)
    problems.push(
      problem(
        'enrolledOn',
        'enrolled-by-school-year',
        `入学日期：不能晚于${input.schoolYear}学年的最后一天（${bounds.last}）`,
      ),
    );
  return problems;
}

function countyName(code: string): string {
  return resolveDivision(code)?.name ?? code;
}

function residenceProblems(input: Enrolment, school: School, child: EnrolledChild): EducationProblem[] {
  if (!child.countyCode || !isSchoolStage(input.stage) || !NEAR_HOME_STAGES.includes(input.stage)) return [];
  const home = countyOf(child.countyCode) ?? child.countyCode.slice(0, 6);
  const schoolCounty = countyOf(school.countyCode) ?? school.countyCode;
  if (home === schoolCounty) return [];
  return [
    problem(
      'schoolCode',
      'residence-county',
      `就读学校：须在居住地县区就读（居住地${countyName(home)}，学校在${countyName(schoolCounty)}）`,
    ),
  ];
}

/**
 * Every problem of an enrolment at a known school (the caller looks the school up and reports
 * an unknown code itself). `asOf` is today in Asia/Shanghai.
 */
export function validateEnrolment(
  input: Enrolment,
  school: School,
  child: EnrolledChild,
  asOf: LocalDate,
  options: EnrolmentOptions = {},
): EducationProblem[] {
  const problems: EducationProblem[] = [];
  if (String(input.childId ?? '').trim() === '')
    problems.push(problem('childId', 'required', '儿童编号：未填写'));
  if (input.schoolCode !== school.code)
    problems.push(problem('schoolCode', 'school-mismatch', '学校标识码：与所给学校不一致'));
  problems.push(
    ...stageProblems(input, school),
    ...gradeProblems(input, child, asOf, options),
    ...placementProblems(input, school),
    ...dateProblems(input, child, asOf),
    ...residenceProblems(input, school, child),
  );
  return problems;
}
