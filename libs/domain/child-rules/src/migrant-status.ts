import { countyOf, inSameCentralUrbanArea, type CentralUrbanConfig } from '@care/divisions';
import { addMonths, anniversary, compareDates, type LocalDate } from './local-date';

/** With whom the child left the household-registration place (户籍地). */
export type Accompaniment = 'both-parents' | 'one-parent' | 'other-guardian' | 'none' | 'unknown';

export interface MigrantStatusInput {
  birthDate?: LocalDate;
  /** 户籍地: any GB/T 2260 code of county level or below, historical codes included. */
  hukouDivisionCode: string;
  /** 现居住地 and when the child came (and left, 迁出时间). */
  residence: { divisionCode: string; movedInOn: LocalDate; movedOutOn?: LocalDate };
  accompaniedBy: Accompaniment;
}

export interface MigrantRuleConfig {
  /** Which districts form each city's central urban area (moves among them are excluded). */
  centralUrban: CentralUrbanConfig;
}

/**
 * Every finding of the rule, positive and negative, so a person sees why.
 * A fact the record lacks never makes a child a migrant child: its reason names what is missing.
 */
export type MigrantReason =
  | 'under-16'
  | 'age-16-or-over'
  | 'no-birth-date'
  | 'born-after-as-of'
  | 'accompanied-by-guardian'
  | 'unaccompanied'
  | 'accompaniment-unknown'
  | 'cross-county'
  | 'same-county'
  | 'central-urban-districts-excluded'
  | 'unknown-hukou-division'
  | 'unknown-residence-division'
  | 'resident-6-months'
  | 'resident-under-6-months'
  | 'moved-out';

export interface MigrantStatus {
  isMigrant: boolean;
  reasons: MigrantReason[];
  /** The next day on which the outcome changes if the facts stay as they are (6-month mark, 16th birthday, move-out). */
  nextChangeOn?: LocalDate;
}

/** 不满十六周岁: the 16th birthday is the first day the child no longer qualifies. */
export const MIGRANT_AGE_LIMIT_YEARS = 16;
/** 6个月以上: 以上 includes the figure, so the child qualifies on the day the 6 months are complete. */
export const MIGRANT_RESIDENCE_MONTHS = 6;

const POSITIVE: ReadonlySet<MigrantReason> = new Set([
  'under-16',
  'accompanied-by-guardian',
  'cross-county',
  'resident-6-months',
]);

function assess(input: MigrantStatusInput, asOf: LocalDate, config: MigrantRuleConfig): MigrantReason[] {
  const reasons: MigrantReason[] = [];

  if (!input.birthDate) reasons.push('no-birth-date');
  else if (compareDates(input.birthDate, asOf) > 0) reasons.push('born-after-as-of');
  else
    reasons.push(
      compareDates(asOf, anniversary(input.birthDate, MIGRANT_AGE_LIMIT_YEARS)) < 0
        ? 'under-16'
        : 'age-16-or-over',
    );

  switch (input.accompaniedBy) {
    case 'both-parents':
    case 'one-parent':
    case 'other-guardian':
      reasons.push('accompanied-by-guardian');
      break;
    case 'none':
      reasons.push('unaccompanied');
      break;
    case 'unknown':
      reasons.push('accompaniment-unknown');
      break;
    default:
      return assertNever(input.accompaniedBy);
  }

  // Counties are compared as they are today, so a hukou code retired since (371727 定陶县) compares right.
  const hukouCounty = countyOf(input.hukouDivisionCode);
  const residenceCounty = countyOf(input.residence.divisionCode);
  if (!hukouCounty) reasons.push('unknown-hukou-division');
  if (!residenceCounty) reasons.push('unknown-residence-division');
  if (hukouCounty && residenceCounty) {
    if (hukouCounty === residenceCounty) reasons.push('same-county');
    else {
      reasons.push('cross-county');
      if (inSameCentralUrbanArea(hukouCounty, residenceCounty, config.centralUrban))
        reasons.push('central-urban-districts-excluded');
    }
  }

  const { movedInOn, movedOutOn } = input.residence;
  const movedOut = movedOutOn !== undefined && compareDates(movedOutOn, asOf) <= 0;
  const sixMonthMark = addMonths(movedInOn, MIGRANT_RESIDENCE_MONTHS);
  // After a move-out the stay ends the day before: the move-out day is no longer a day of residence.
  const stayedSixMonths = movedOut
    ? compareDates(movedOutOn, sixMonthMark) > 0
    : compareDates(asOf, sixMonthMark) >= 0;
  reasons.push(stayedSixMonths ? 'resident-6-months' : 'resident-under-6-months');
  if (movedOut) reasons.push('moved-out');

  return reasons;
}

function qualifies(reasons: readonly MigrantReason[]): boolean {
  return (
    POSITIVE.size === reasons.filter((r) => POSITIVE.has(r)).length &&
    !reasons.includes('central-urban-districts-excluded') &&
    !reasons.includes('moved-out')
  );
}

/**
 * 流动儿童 (MISSION.md core rule 1): under 16, left the hukou place with one or both parents or
 * another guardian, living across a county boundary for 6 months or more, and not merely moved
 * between the central urban districts of one city.
 */
export function determineMigrantStatus(
  input: MigrantStatusInput,
  asOf: LocalDate,
  config: MigrantRuleConfig,
): MigrantStatus {
  const reasons = assess(input, asOf, config);
  const isMigrant = qualifies(reasons);

  const candidates = [addMonths(input.residence.movedInOn, MIGRANT_RESIDENCE_MONTHS)];
  if (input.birthDate)
    candidates.push(anniversary(input.birthDate, MIGRANT_AGE_LIMIT_YEARS), input.birthDate);
  if (input.residence.movedOutOn) candidates.push(input.residence.movedOutOn);
  const nextChangeOn = candidates
    .filter((date) => compareDates(date, asOf) > 0)
    .sort(compareDates)
    .find((date) => qualifies(assess(input, date, config)) !== isMigrant);

  return nextChangeOn ? { isMigrant, reasons, nextChangeOn } : { isMigrant, reasons };
}

const REASON_TEXT: Record<MigrantReason, string> = {
  'under-16': '不满十六周岁',
  'age-16-or-over': '已满十六周岁，不属于流动儿童',
  'no-birth-date': '出生日期未知，无法判断年龄',
  'born-after-as-of': '出生日期晚于判定日期',
  'accompanied-by-guardian': '随父母或其他监护人离开户籍地',
  unaccompanied: '未随父母或其他监护人流动',
  'accompaniment-unknown': '随行监护人情况未知',
  'cross-county': '跨县域流动',
  'same-county': '户籍地与居住地在同一县（区）内，不属于跨县域流动',
  'central-urban-districts-excluded': '在同一城市中心城区的市辖区之间流动，不属于流动儿童',
  'unknown-hukou-division': '户籍地行政区划代码无法识别',
  'unknown-residence-division': '现居住地行政区划代码无法识别',
  'resident-6-months': '在居住地居住满6个月',
  'resident-under-6-months': '在居住地居住不满6个月',
  'moved-out': '已迁出现居住地',
};

/** The reason as a person reads it (zh-CN). */
export function migrantReasonText(reason: MigrantReason): string {
  return REASON_TEXT[reason];
}

function assertNever(value: never): never {
  throw new Error(`unhandled value: ${String(value)}`);
}
