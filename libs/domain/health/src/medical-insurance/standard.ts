import {
  compareDates,
  daysInMonth,
  formatLocalDate,
  parseLocalDate,
  type LocalDate,
} from '@care/child-rules';
import standardJson from '../data/medical-insurance-standard.json';

/**
 * 城乡居民基本医疗保险 (resident basic medical insurance) as configuration data
 * (`data/medical-insurance-standard.json`): the annual enrolment period (集中缴费期) and the
 * coverage year it pays for, the individual contribution per child and year in fen (分), and
 * the families whose contribution is paid in full or in part (医疗救助资助参保). The amounts are
 * demo values marked 示例标准 (`demo: true`); the JSON is checked once at load.
 */

/** A family situation for which the medical-assistance fund pays (part of) the contribution. */
export type ExemptionCategory =
  | 'destitute' // 特困供养人员
  | 'orphan' // 孤儿
  | 'de-facto-unsupported' // 事实无人抚养儿童
  | 'severe-disability' // 重度残疾人（一、二级）
  | 'minimum-living'; // 低保对象

export const EXEMPTION_CATEGORIES: readonly ExemptionCategory[] = [
  'destitute',
  'orphan',
  'de-facto-unsupported',
  'severe-disability',
  'minimum-living',
];

/** 全额资助 (nothing to pay) or 定额资助 (a fixed amount off the contribution). */
export type Subsidy = { readonly kind: 'full' } | { readonly kind: 'fixed'; readonly fen: number };

export interface Exemption {
  readonly category: ExemptionCategory;
  readonly labelZh: string;
  readonly subsidy: Subsidy;
}

export interface MonthDay {
  readonly month: number;
  readonly day: number;
}

export interface MedicalInsuranceStandard {
  readonly id: string;
  readonly title: string;
  /** Demo amounts (示例标准): shown with every contribution so nobody takes them for the city's. */
  readonly demo: boolean;
  readonly source: string;
  readonly enrolmentPeriod: {
    readonly start: MonthDay;
    readonly end: MonthDay;
    /** The coverage year paid for in the period of calendar year Y is Y + offset (Shandong: 1). */
    readonly coverageYearOffset: number;
  };
  /** A newborn may enrol outside the period within this many days of birth, covered from birth. */
  readonly newbornEnrolmentDays: number;
  readonly individualContributionFenByYear: Readonly<Record<string, number>>;
  readonly exemptions: readonly Exemption[];
}

const isInt = (n: unknown, min: number, max: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

function monthDayErrors(name: string, md: unknown): string[] {
  const v = md as Partial<MonthDay> | null;
  if (typeof v !== 'object' || v === null) return [`${name}: must be { month, day }`];
  if (!isInt(v.month, 1, 12)) return [`${name}.month: 1..12`];
  // Checked against a leap year: 29 February is a valid period bound.
  if (!isInt(v.day, 1, daysInMonth(2024, v.month))) return [`${name}.day: a day of month ${v.month}`];
  return [];
}

/**
 * The standard of a JSON document, or what is wrong with it: a period inside one calendar year
 * (start not after end), an offset of 0 or 1, contributions as whole fen per year, every
 * exemption category known and listed once, a fixed subsidy as whole fen.
 */
export function parseMedicalInsuranceStandard(
  raw: unknown,
): { standard: MedicalInsuranceStandard } | { errors: string[] } {
  const doc = raw as Partial<MedicalInsuranceStandard> | null;
  if (typeof doc !== 'object' || doc === null) return { errors: ['standard: must be an object'] };
  const errors: string[] = [];
  if (typeof doc.id !== 'string' || doc.id === '') errors.push('id: required');
  if (typeof doc.title !== 'string' || doc.title === '') errors.push('title: required');
  if (typeof doc.demo !== 'boolean') errors.push('demo: true or false');
  if (doc.demo === true && !String(doc.title ?? '').includes('示例标准'))
    errors.push('title: demo amounts must be marked 示例标准');
  const period = doc.enrolmentPeriod;
  if (typeof period !== 'object' || period === null) errors.push('enrolmentPeriod: required');
  else {
    const bounds = [
      ...monthDayErrors('enrolmentPeriod.start', period.start),
      ...monthDayErrors('enrolmentPeriod.end', period.end),
    ];
    errors.push(...bounds);
    if (
      bounds.length === 0 &&
      period.start.month * 100 + period.start.day > period.end.month * 100 + period.end.day
    )
      errors.push('enrolmentPeriod: start after end (a period must lie within one calendar year)');
    if (!isInt(period.coverageYearOffset, 0, 1)) errors.push('enrolmentPeriod.coverageYearOffset: 0 or 1');
  }
  if (!isInt(doc.newbornEnrolmentDays, 0, 366)) errors.push('newbornEnrolmentDays: days 0..366');
  const byYear = doc.individualContributionFenByYear;
  if (typeof byYear !== 'object' || byYear === null) errors.push('individualContributionFenByYear: required');
  else
    for (const [year, fen] of Object.entries(byYear)) {
      if (!/^(19|20)[0-9]{2}$/.test(year)) errors.push(`individualContributionFenByYear.${year}: a year`);
      if (!isInt(fen, 0, 10_000_000)) errors.push(`individualContributionFenByYear.${year}: whole fen ≥ 0`);
    }
  if (!Array.isArray(doc.exemptions)) errors.push('exemptions: required');
  else {
    const seen = new Set<string>();
    for (const e of doc.exemptions) {
      if (!EXEMPTION_CATEGORIES.includes(e.category)) errors.push(`exemption ${String(e.category)}: unknown`);
      if (seen.has(e.category)) errors.push(`exemption ${e.category}: listed twice`);
      seen.add(e.category);
      if (typeof e.labelZh !== 'string' || e.labelZh === '') errors.push(`exemption ${e.category}: labelZh`);
      const s = e.subsidy as Partial<{ kind: string; fen: number }> | undefined;
      if (s?.kind !== 'full' && !(s?.kind === 'fixed' && isInt(s.fen, 1, 10_000_000)))
        errors.push(`exemption ${e.category}: subsidy { kind: 'full' } or { kind: 'fixed', fen > 0 }`);
    }
  }
  return errors.length > 0 ? { errors } : { standard: doc as MedicalInsuranceStandard };
}

function load(): MedicalInsuranceStandard {
  const parsed = parseMedicalInsuranceStandard(standardJson);
  if ('errors' in parsed) throw new Error(`medical-insurance-standard.json: ${parsed.errors.join('; ')}`);
  return parsed.standard;
}

/** The standard in force (demo values, 示例标准). */
export const MEDICAL_INSURANCE_STANDARD: MedicalInsuranceStandard = load();

function bound(year: number, md: MonthDay): LocalDate {
  return formatLocalDate({ year, month: md.month, day: Math.min(md.day, daysInMonth(year, md.month)) });
}

export interface EnrolmentPeriodView {
  /** The period of the date's calendar year. */
  readonly opensOn: LocalDate;
  readonly closesOn: LocalDate;
  /** The date lies in the period. */
  readonly open: boolean;
  /** The coverage year paid for in this period. */
  readonly coverageYear: number;
}

/** The enrolment period (集中缴费期) of a date's calendar year and whether the date is in it. */
export function enrolmentPeriodOn(
  date: LocalDate,
  standard: MedicalInsuranceStandard = MEDICAL_INSURANCE_STANDARD,
): EnrolmentPeriodView {
  const { year } = parseLocalDate(date);
  const opensOn = bound(year, standard.enrolmentPeriod.start);
  const closesOn = bound(year, standard.enrolmentPeriod.end);
  return {
    opensOn,
    closesOn,
    open: compareDates(opensOn, date) <= 0 && compareDates(date, closesOn) <= 0,
    coverageYear: year + standard.enrolmentPeriod.coverageYearOffset,
  };
}

/** "每年9月1日至12月31日（缴纳次年费用）": the period as a person reads it. */
export function enrolmentPeriodText(standard: MedicalInsuranceStandard = MEDICAL_INSURANCE_STANDARD): string {
  const { start, end, coverageYearOffset } = standard.enrolmentPeriod;
  return `每年${start.month}月${start.day}日至${end.month}月${end.day}日（缴纳${coverageYearOffset === 1 ? '次年' : '当年'}费用）`;
}

export function coverageStart(year: number): LocalDate {
  return formatLocalDate({ year, month: 1, day: 1 });
}

export function coverageEnd(year: number): LocalDate {
  return formatLocalDate({ year, month: 12, day: 31 });
}

export interface Contribution {
  readonly coverageYear: number;
  /** The individual contribution of the year (个人缴费标准). */
  readonly standardFen: number;
  /** Paid by medical assistance (医疗救助资助参保). */
  readonly subsidyFen: number;
  /** What the family pays. */
  readonly contributionFen: number;
  /** The exemption applied (the most favourable of those the child qualifies for), or null. */
  readonly exemption: Exemption | null;
  /** Every category the child qualifies for. */
  readonly qualifies: readonly ExemptionCategory[];
  /** The amounts are demo values (示例标准). */
  readonly demo: boolean;
}

/**
 * What the family pays for a coverage year: the year's individual contribution less the most
 * favourable subsidy of the categories the child qualifies for (a full subsidy beats a fixed
 * one; of two fixed ones the larger), never below zero. Undefined when the year has no
 * configured contribution.
 */
export function contributionFor(
  coverageYear: number,
  categories: readonly ExemptionCategory[],
  standard: MedicalInsuranceStandard = MEDICAL_INSURANCE_STANDARD,
): Contribution | undefined {
  const standardFen = standard.individualContributionFenByYear[String(coverageYear)];
  if (standardFen === undefined) return undefined;
  const qualifies = EXEMPTION_CATEGORIES.filter((c) => categories.includes(c));
  let best: { exemption: Exemption; subsidyFen: number } | null = null;
  for (const exemption of standard.exemptions) {
    if (!qualifies.includes(exemption.category)) continue;
    const subsidyFen =
      exemption.subsidy.kind === 'full' ? standardFen : Math.min(standardFen, exemption.subsidy.fen);
    if (best === null || subsidyFen > best.subsidyFen) best = { exemption, subsidyFen };
  }
  const subsidyFen = best?.subsidyFen ?? 0;
  return {
    coverageYear,
    standardFen,
    subsidyFen,
    contributionFen: standardFen - subsidyFen,
    exemption: best?.exemption ?? null,
    qualifies,
    demo: standard.demo,
  };
}

/** 400.00元 from 40000 fen. */
export function yuan(fen: number): string {
  return `${(fen / 100).toFixed(2)}元`;
}
