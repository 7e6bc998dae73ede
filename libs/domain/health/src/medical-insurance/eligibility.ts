import { compareDates, daysBetween, isLocalDate, parseLocalDate, type LocalDate } from '@care/child-rules';
import { problem, quoted, type HealthProblem } from '../problem';
import {
  contributionFor,
  coverageEnd,
  coverageStart,
  enrolmentPeriodOn,
  enrolmentPeriodText,
  MEDICAL_INSURANCE_STANDARD,
  yuan,
  type Contribution,
  type ExemptionCategory,
  type MedicalInsuranceStandard,
} from './standard';

/** What the officer knows of the child's insurance at the hukou place (户籍地参保状态). */
export type HukouEnrolment = 'none' | 'enrolled-at-hukou' | 'unknown';

export const HUKOU_ENROLMENTS: readonly HukouEnrolment[] = ['none', 'enrolled-at-hukou', 'unknown'];

export const HUKOU_ENROLMENT_LABELS: Readonly<Record<HukouEnrolment, string>> = {
  none: '户籍地未参保',
  'enrolled-at-hukou': '户籍地已参保（须办理停保或转移）',
  unknown: '不清楚',
};

/** Why the child may enrol where it lives (居住地参保). */
export type ResidenceBasis = 'residence-permit' | 'migrant-worker-child';

export const RESIDENCE_BASIS_LABELS: Readonly<Record<ResidenceBasis, string>> = {
  'residence-permit': '持居住证',
  'migrant-worker-child': '农民工等流动人员随迁子女在常住地参保',
};

/**
 * The application as the officer filled it in (unchecked). The registry records neither the
 * residence permit (居住证) nor the insurance at the hukou place, so the officer states both.
 */
export interface EnrolmentApplicationInput {
  /** 持有居住证 (stated by the officer, seen on the permit). */
  readonly residencePermit: boolean;
  /** The child of a migrant worker (农民工随迁子女): the national rule lets them enrol where they live. */
  readonly migrantWorkerChild: boolean;
  readonly hukouEnrolment: string;
  /** 户籍地停保（转移）日期: required when enrolled at the hukou place. */
  readonly hukouStopDate?: string;
  /** 残疾人证载明一、二级 (the registry knows only "disabled"). */
  readonly severeDisability?: boolean;
  /** Default: the year the application may be for (the period's, or a newborn's birth year). */
  readonly coverageYear?: number;
  /** The day of the application. */
  readonly appliedOn: string;
}

/** The child's facts from the registry (through the department's projection). */
export interface EnrolmentChildFacts {
  readonly countyCode: string;
  readonly facts: {
    readonly birthDate: LocalDate;
    readonly isMigrant: boolean;
    readonly movedOut: boolean;
    readonly orphan: boolean;
    readonly deFactoUnsupported: boolean;
    readonly minimumLiving: boolean;
    readonly destitute: boolean;
    readonly disabled: boolean;
    readonly difficultyTypes: readonly string[];
  };
}

export interface EnrolmentDecision {
  readonly coverageYear: number;
  /** 1 January, or the birth date of a newborn covered in its birth year. */
  readonly coverageStart: LocalDate;
  readonly coverageEnd: LocalDate;
  readonly appliedOn: LocalDate;
  readonly basis: readonly ResidenceBasis[];
  readonly hukouEnrolment: Exclude<HukouEnrolment, 'unknown'>;
  readonly hukouStopDate: LocalDate | null;
  readonly severeDisability: boolean;
  readonly newborn: boolean;
  readonly contribution: Contribution;
}

export type EnrolmentCheck =
  | { readonly ok: true; readonly value: EnrolmentDecision }
  | { readonly ok: false; readonly problems: readonly HealthProblem[] };

/** The categories of 医疗救助资助参保 the child's facts show (severe disability also needs the officer's statement). */
export function exemptionCategories(
  child: EnrolmentChildFacts,
  severeDisability: boolean,
): ExemptionCategory[] {
  const f = child.facts;
  const out: ExemptionCategory[] = [];
  if (f.destitute) out.push('destitute');
  if (f.orphan) out.push('orphan');
  if (f.deFactoUnsupported) out.push('de-facto-unsupported');
  if (severeDisability && isDisabled(child)) out.push('severe-disability');
  if (f.minimumLiving) out.push('minimum-living');
  return out;
}

function isDisabled(child: EnrolmentChildFacts): boolean {
  return child.facts.disabled || child.facts.difficultyTypes.includes('disability');
}

/**
 * Checks an application to enrol a migrant child in the resident medical insurance of the
 * county where the child lives (居住地参保), naming every unmet condition at once:
 * - the registry has the child as a migrant child living in the county (not moved out);
 * - the application date is a date, not after today, and in the enrolment period (集中缴费期),
 *   or within `newbornEnrolmentDays` of birth (a newborn is covered from birth, that year);
 * - the coverage year is the one the date may pay for, and has a configured contribution;
 * - a residence permit, or the national rule for children of migrant workers;
 * - not insured at the hukou place for the same year: the officer states the hukou-place
 *   status; "unknown" must be found out first; "enrolled-at-hukou" needs the date the hukou
 *   insurance stops (停保/转移), on or before the coverage starts;
 * - a severe disability stated by the officer only for a child the registry has as disabled.
 * The contribution is the year's standard less the most favourable subsidy (特困/孤儿/事实无人
 * 抚养/重度残疾 in full, 低保 a fixed amount; demo values 示例标准).
 */
export function checkEnrolment(
  input: EnrolmentApplicationInput,
  child: EnrolmentChildFacts,
  asOf: LocalDate,
  standard: MedicalInsuranceStandard = MEDICAL_INSURANCE_STANDARD,
): EnrolmentCheck {
  const problems: HealthProblem[] = [];
  const f = child.facts;
  if (!f.isMigrant || f.movedOut || !/^[0-9]{6}$/.test(child.countyCode))
    problems.push(
      problem(
        'childId',
        '须为居住在本县区的流动儿童',
        f.movedOut
          ? '登记服务显示该儿童已迁出本县区，不能在本地参保'
          : !f.isMigrant
            ? '登记服务显示该儿童不是流动儿童（居住地参保适用于流动儿童）'
            : '登记服务没有该儿童的居住县区',
      ),
    );

  let appliedOn: LocalDate | null = null;
  if (typeof input.appliedOn !== 'string' || !isLocalDate(input.appliedOn))
    problems.push(
      problem(
        'appliedOn',
        '日期格式',
        `申请日期须为 YYYY-MM-DD 格式的日历日期，实为 ${quoted(String(input.appliedOn))}`,
      ),
    );
  else if (compareDates(input.appliedOn, asOf) > 0)
    problems.push(problem('appliedOn', '不晚于今日', `申请日期 ${input.appliedOn} 不能晚于今日 ${asOf}`));
  else if (compareDates(input.appliedOn, f.birthDate) < 0)
    problems.push(problem('appliedOn', '不早于出生日期', `申请日期 ${input.appliedOn} 早于儿童出生日期`));
  else appliedOn = input.appliedOn;

  // The years the application may be for.
  let years: number[] = [];
  let newbornYear: number | null = null;
  if (appliedOn !== null) {
    const period = enrolmentPeriodOn(appliedOn, standard);
    if (period.open) years.push(period.coverageYear);
    const age = daysBetween(f.birthDate, appliedOn);
    if (age >= 0 && age < standard.newbornEnrolmentDays) {
      newbornYear = parseLocalDate(appliedOn).year;
      if (!years.includes(newbornYear)) years.push(newbornYear);
    }
    years = years.sort((a, b) => a - b);
    if (years.length === 0)
      problems.push(
        problem(
          'appliedOn',
          '须在集中缴费期内',
          `集中缴费期为${enrolmentPeriodText(standard)}，申请日期 ${appliedOn} 不在缴费期内（${period.opensOn} 起可申请 ${period.coverageYear} 年度）；新生儿出生${standard.newbornEnrolmentDays}天内可随时参保`,
        ),
      );
  }
  let coverageYear: number | null = null;
  if (input.coverageYear !== undefined && !Number.isInteger(input.coverageYear))
    problems.push(
      problem('coverageYear', '年度格式', `参保年度须为四位年份，实为 ${quoted(String(input.coverageYear))}`),
    );
  else if (years.length > 0) {
    // A newborn's own year first (covered from birth); otherwise the one year there is.
    const wanted = input.coverageYear ?? years[0];
    if (!years.includes(wanted))
      problems.push(
        problem(
          'coverageYear',
          '须为可参保年度',
          `申请日期 ${appliedOn} 只能申请 ${years.join('、')} 年度，不能申请 ${wanted} 年度`,
        ),
      );
    else coverageYear = wanted;
  }

  if (input.residencePermit !== true && input.migrantWorkerChild !== true)
    problems.push(
      problem(
        'residencePermit',
        '须持居住证或为农民工随迁子女',
        '居住地参保须持有居住证（residencePermit），或为农民工等流动人员随迁子女（migrantWorkerChild）；两项均未确认',
      ),
    );

  const hukou = input.hukouEnrolment as HukouEnrolment;
  const stop = input.hukouStopDate;
  if (!HUKOU_ENROLMENTS.includes(hukou))
    problems.push(
      problem(
        'hukouEnrolment',
        '户籍地参保状态',
        `户籍地参保状态须为 none（户籍地未参保）、enrolled-at-hukou（户籍地已参保）或 unknown（不清楚）之一，实为 ${quoted(String(input.hukouEnrolment))}`,
      ),
    );
  else if (hukou === 'unknown')
    problems.push(
      problem(
        'hukouEnrolment',
        '不得重复参保',
        '户籍地参保状态不清楚：须先核实该儿童同一年度未在户籍地参保（同一年度不得重复参保）',
      ),
    );
  else if (hukou === 'enrolled-at-hukou') {
    if (stop === undefined || stop === '')
      problems.push(
        problem(
          'hukouStopDate',
          '户籍地已参保须停保或转移',
          '该儿童在户籍地已参保：须填写户籍地停保（或关系转移）日期，同一年度不得重复参保',
        ),
      );
    else if (!isLocalDate(stop))
      problems.push(
        problem(
          'hukouStopDate',
          '日期格式',
          `停保日期须为 YYYY-MM-DD 格式的日历日期，实为 ${quoted(String(stop))}`,
        ),
      );
    else if (coverageYear !== null) {
      const starts = startOfCover(coverageYear, newbornYear, f.birthDate);
      if (compareDates(stop, starts) > 0)
        problems.push(
          problem(
            'hukouStopDate',
            '不得重复参保',
            `户籍地停保日期 ${stop} 晚于本地 ${coverageYear} 年度待遇开始日 ${starts}：同一年度不得重复参保`,
          ),
        );
    }
  } else if (stop !== undefined && stop !== '')
    problems.push(problem('hukouStopDate', '仅户籍地已参保时填写', '户籍地未参保时不填写停保日期'));

  const severeDisability = input.severeDisability === true;
  if (severeDisability && !isDisabled(child))
    problems.push(
      problem(
        'severeDisability',
        '须为登记在册的残疾儿童',
        '登记服务中该儿童不是残疾儿童，不能按重度残疾资助参保；请先在登记服务中更新残疾信息',
      ),
    );

  let contribution: Contribution | undefined;
  if (coverageYear !== null) {
    contribution = contributionFor(coverageYear, exemptionCategories(child, severeDisability), standard);
    if (contribution === undefined)
      problems.push(
        problem('coverageYear', '须已配置缴费标准', `${coverageYear} 年度的个人缴费标准尚未配置，暂不能参保`),
      );
  }

  if (problems.length > 0 || appliedOn === null || coverageYear === null || contribution === undefined)
    return { ok: false, problems };
  const starts = startOfCover(coverageYear, newbornYear, f.birthDate);
  return {
    ok: true,
    value: {
      coverageYear,
      coverageStart: starts,
      coverageEnd: coverageEnd(coverageYear),
      appliedOn,
      basis: [
        ...(input.residencePermit === true ? (['residence-permit'] as const) : []),
        ...(input.migrantWorkerChild === true ? (['migrant-worker-child'] as const) : []),
      ],
      hukouEnrolment: hukou as Exclude<HukouEnrolment, 'unknown'>,
      hukouStopDate: hukou === 'enrolled-at-hukou' ? (stop as LocalDate) : null,
      severeDisability,
      newborn: coverageYear === newbornYear,
      contribution,
    },
  };
}

/** A newborn enrolled in the year of the application is covered from birth (at the earliest 1 January). */
function startOfCover(year: number, newbornYear: number | null, birthDate: LocalDate): LocalDate {
  const first = coverageStart(year);
  return year === newbornYear && compareDates(birthDate, first) > 0 ? birthDate : first;
}

/** "个人缴费400.00元，低保对象资助280.00元，个人实缴120.00元（示例标准）". */
export function contributionText(c: Contribution): string {
  const mark = c.demo ? '（示例标准）' : '';
  if (c.exemption === null) return `个人缴费${yuan(c.standardFen)}${mark}`;
  if (c.contributionFen === 0)
    return `个人缴费${yuan(c.standardFen)}，${c.exemption.labelZh}全额资助，个人免缴${mark}`;
  return `个人缴费${yuan(c.standardFen)}，${c.exemption.labelZh}资助${yuan(c.subsidyFen)}，个人实缴${yuan(c.contributionFen)}${mark}`;
}
