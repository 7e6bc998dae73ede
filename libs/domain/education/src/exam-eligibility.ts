import { addDays, compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import type { EducationStage } from '@care/catalogue';
import { schoolYearStartYear } from './school-year';

/**
 * 随迁子女在流入地参加升学考试: whether a migrant child may sit the 中考 (senior-secondary
 * entrance exam, organised by the city) and the 高考 (college entrance exam, organised by the
 * province) where the family lives. Shandong admits to the 高考 a child whose family holds a
 * residence permit (居住证) and who has studied the full three years of senior high school in the
 * province (山东省 policy on 随迁子女 taking entrance exams locally); cities admit to the 中考 children
 * with local junior-secondary study. The thresholds are data (ExamEligibilityRule), because each
 * province and city words its own.
 *
 * A school year (1 September – 31 August) counts as a local year when the child was enrolled
 * locally without a break from at most `lateStartDays` after 1 September until the end of
 * teaching (`teachingEndsOn`, 30 June) or until `asOf` in the current year: the exam is taken at
 * the end of the current year, so the year under way counts when the child is still there.
 */
export interface ExamRule {
  readonly minLocalSchoolYears: number;
  readonly requireResidencePermit: boolean;
}

export interface GaokaoRule extends ExamRule {
  /** All senior-secondary study in one unbroken local run (no earlier high school elsewhere). */
  readonly requireLocalHighSchoolFullCycle: boolean;
}

export interface ExamEligibilityRule {
  readonly zhongkao: ExamRule;
  readonly gaokao: GaokaoRule;
  readonly counting: {
    /** Days after 1 September by which a year's enrolment must have begun. */
    readonly lateStartDays: number;
    /** 'MM-DD' on which teaching of a school year ends. */
    readonly teachingEndsOn: string;
    /** Longest break between two local enrolments (a transfer) that still counts as unbroken. */
    readonly maxGapDays: number;
  };
}

export const SHANDONG_EXAM_RULE: ExamEligibilityRule = {
  zhongkao: { minLocalSchoolYears: 3, requireResidencePermit: false },
  gaokao: { minLocalSchoolYears: 3, requireResidencePermit: true, requireLocalHighSchoolFullCycle: true },
  counting: { lateStartDays: 30, teachingEndsOn: '06-30', maxGapDays: 31 },
};

/** One enrolment in the child's history; `to` is absent while it continues. */
export interface EnrolmentPeriod {
  readonly stage: EducationStage;
  /** County (6 digits) of the school: decides whether the study was local. */
  readonly schoolCountyCode: string;
  readonly from: LocalDate;
  readonly to?: LocalDate;
}

export interface ExamApplicant {
  /** The city the family lives in ('371700'): 中考 is local to it, 高考 to its province. */
  readonly residenceCityCode: string;
  /** The family holds a residence permit (居住证) here; undefined when not known. */
  readonly residencePermit?: boolean;
}

/** A condition of the exam rule, by stable id (callers switch on it, never on the text). */
export type ExamConditionRule =
  'valid-dates' | 'studying-locally' | 'min-local-school-years' | 'local-full-cycle' | 'residence-permit';

export interface UnmetExamCondition {
  readonly rule: ExamConditionRule;
  /** What is missing, in Chinese. */
  readonly reason: string;
}

export interface ExamVerdict {
  readonly eligible: boolean;
  /** Why, in Chinese, naming the rule (every unmet condition when not eligible). */
  readonly reason: string;
  /** Local school years counted in the unbroken run that includes today (0 when none). */
  readonly localSchoolYears: number;
  /** Every condition the child does not meet, in the rule's order; [] when eligible. */
  readonly unmet: readonly UnmetExamCondition[];
}

export interface ExamEligibility {
  readonly zhongkao: ExamVerdict;
  readonly gaokao: ExamVerdict;
}

interface Span {
  from: LocalDate;
  to: LocalDate;
}

/** The periods' unbroken runs up to asOf, merged across breaks of at most maxGapDays. */
function runs(periods: readonly EnrolmentPeriod[], asOf: LocalDate, maxGapDays: number): Span[] {
  const clipped = periods
    .filter((p) => compareDates(p.from, asOf) <= 0)
    .map((p) => ({ from: p.from, to: p.to === undefined || compareDates(p.to, asOf) > 0 ? asOf : p.to }))
    .filter((p) => compareDates(p.from, p.to) <= 0)
    .sort((a, b) => compareDates(a.from, b.from));
  const merged: Span[] = [];
  for (const p of clipped) {
    const last = merged[merged.length - 1];
    if (last && compareDates(p.from, addDays(last.to, maxGapDays + 1)) <= 0) {
      if (compareDates(p.to, last.to) > 0) last.to = p.to;
    } else merged.push({ ...p });
  }
  return merged;
}

function yearEnd(startYear: number, rule: ExamEligibilityRule, asOf: LocalDate): LocalDate {
  const end = `${startYear + 1}-${rule.counting.teachingEndsOn}`;
  return compareDates(end, asOf) < 0 ? end : asOf;
}

/** The run that lasts into the current school year (to asOf, or to the end of its teaching), if any. */
function currentRun(spans: readonly Span[], rule: ExamEligibilityRule, asOf: LocalDate): Span | undefined {
  const due = yearEnd(schoolYearStartYear(asOf), rule, asOf);
  return spans.find((s) => compareDates(s.to, due) >= 0);
}

/** School years of the run that count (see the header). */
function countedYears(run: Span, rule: ExamEligibilityRule, asOf: LocalDate): number {
  let count = 0;
  for (let y = schoolYearStartYear(run.from); y <= schoolYearStartYear(asOf); y += 1) {
    const latestStart = addDays(`${y}-09-01`, rule.counting.lateStartDays);
    if (compareDates(run.from, latestStart) <= 0 && compareDates(run.to, yearEnd(y, rule, asOf)) >= 0)
      count += 1;
  }
  return count;
}

interface ExamSetting {
  readonly stage: EducationStage;
  readonly stageZh: string;
  readonly placeZh: string; // 本市 / 本省
  readonly examZh: string;
  readonly prefixLength: number; // 4 = city, 2 = province
}

const ZHONGKAO: ExamSetting = {
  stage: 'junior-secondary',
  stageZh: '初中',
  placeZh: '本市',
  examZh: '中考',
  prefixLength: 4,
};
const GAOKAO: ExamSetting = {
  stage: 'senior-secondary',
  stageZh: '普通高中',
  placeZh: '本省',
  examZh: '高考',
  prefixLength: 2,
};

function verdict(
  history: readonly EnrolmentPeriod[],
  exam: ExamSetting,
  examRule: ExamRule & Partial<Pick<GaokaoRule, 'requireLocalHighSchoolFullCycle'>>,
  rule: ExamEligibilityRule,
  asOf: LocalDate,
  applicant: ExamApplicant,
): ExamVerdict {
  const bad = history.findIndex((p) => !isLocalDate(p.from) || (p.to !== undefined && !isLocalDate(p.to)));
  if (bad >= 0) {
    const reason = `就读记录第${bad + 1}条的日期无效，无法判断`;
    return { eligible: false, reason, localSchoolYears: 0, unmet: [{ rule: 'valid-dates', reason }] };
  }
  const place = applicant.residenceCityCode.slice(0, exam.prefixLength);
  const inStage = history.filter((p) => p.stage === exam.stage);
  const local = inStage.filter((p) => p.schoolCountyCode.startsWith(place));
  const run = currentRun(runs(local, asOf, rule.counting.maxGapDays), rule, asOf);
  const years = run ? countedYears(run, rule, asOf) : 0;
  const unmet: UnmetExamCondition[] = [];
  if (!run)
    unmet.push({ rule: 'studying-locally', reason: `目前不在${exam.placeZh}${exam.stageZh}学校就读` });
  else if (years < examRule.minLocalSchoolYears)
    unmet.push({ rule: 'min-local-school-years', reason: `须满${examRule.minLocalSchoolYears}个学年` });
  if (
    run &&
    examRule.requireLocalHighSchoolFullCycle &&
    inStage.some((p) => compareDates(p.from, run.from) < 0)
  )
    unmet.push({
      rule: 'local-full-cycle',
      reason: `${exam.stageZh}阶段须全程在${exam.placeZh}就读，此前曾在别处或中断后就读`,
    });
  if (examRule.requireResidencePermit && applicant.residencePermit !== true)
    unmet.push({
      rule: 'residence-permit',
      reason:
        applicant.residencePermit === false ? '须持有居住证，家庭未办理' : '须持有居住证，尚无居住证信息',
    });
  const studied = !run
    ? ''
    : years === 0
      ? `在${exam.placeZh}${exam.stageZh}就读不足1个学年`
      : `在${exam.placeZh}${exam.stageZh}连续就读${years}个学年（含本学年）`;
  if (unmet.length > 0)
    return {
      eligible: false,
      reason: [studied, ...unmet.map((u) => u.reason)].filter((t) => t !== '').join('；'),
      localSchoolYears: years,
      unmet,
    };
  return {
    eligible: true,
    reason: `${studied}，可在居住地参加${exam.examZh}`,
    localSchoolYears: years,
    unmet: [],
  };
}

/** Whether the child may sit the 中考 and the 高考 where it lives, on `asOf`, with the reasons. */
export function examEligibility(
  history: readonly EnrolmentPeriod[],
  rule: ExamEligibilityRule,
  asOf: LocalDate,
  applicant: ExamApplicant,
): ExamEligibility {
  return {
    zhongkao: verdict(history, ZHONGKAO, rule.zhongkao, rule, asOf, applicant),
    gaokao: verdict(history, GAOKAO, rule.gaokao, rule, asOf, applicant),
  };
}
