import { compareDates, daysBetween, isLocalDate, type LocalDate } from '@care/child-rules';
import { problem, quoted, type HealthProblem } from '../problem';

/**
 * 异地就医备案 (cross-region medical settlement registration) of a child insured at the hukou
 * place who lives here: registered so that care here is settled directly (直接结算) with the
 * hukou place's fund. The medical-insurance pooling is city-level (市级统筹), so "another
 * region" is another city: the insured region's first four digits differ from the county's.
 */
export type SettlementFilingType = 'long-term-residence';

export const SETTLEMENT_FILING_TYPES: readonly SettlementFilingType[] = ['long-term-residence'];

export const SETTLEMENT_FILING_TYPE_LABELS: Readonly<Record<SettlementFilingType, string>> = {
  'long-term-residence': '异地长期居住',
};

export interface SettlementFilingInput {
  readonly type: string;
  /** The division code of the place where the child is insured (参保地, 6 digits). */
  readonly insuredRegionCode: string;
  readonly startDate: string;
  readonly validUntil: string;
}

export interface SettlementFilingContext {
  readonly countyCode: string;
  readonly isMigrant: boolean;
  readonly movedOut: boolean;
  readonly asOf: LocalDate;
  /** Coverage years in which the child is enrolled here (a local enrolment needs no 备案). */
  readonly enrolledHereYears: readonly number[];
}

export interface SettlementFiling {
  readonly type: SettlementFilingType;
  readonly insuredRegionCode: string;
  readonly startDate: LocalDate;
  readonly validUntil: LocalDate;
}

export type SettlementFilingCheck =
  | { readonly ok: true; readonly value: SettlementFiling }
  | { readonly ok: false; readonly problems: readonly HealthProblem[] };

/** A 备案 may reach at most this far ahead of today (a typing error in the year otherwise stands for decades). */
export const SETTLEMENT_FILING_MAX_YEARS = 5;

/**
 * Checks a 备案, naming every problem: the child is a migrant child living in the county; the
 * type is known; the insured region is a division code of another city; the dates are dates,
 * the start not more than a year ahead, the end after the start and within
 * SETTLEMENT_FILING_MAX_YEARS of today; and the child is not enrolled here in a year the
 * filing covers (then the local insurance pays, no 备案 is needed).
 */
export function checkSettlementFiling(
  input: SettlementFilingInput,
  context: SettlementFilingContext,
): SettlementFilingCheck {
  const problems: HealthProblem[] = [];
  if (!context.isMigrant || context.movedOut || !/^[0-9]{6}$/.test(context.countyCode))
    problems.push(
      problem(
        'childId',
        '须为居住在本县区的流动儿童',
        context.movedOut ? '登记服务显示该儿童已迁出本县区' : '登记服务显示该儿童不是居住在本县区的流动儿童',
      ),
    );
  const type = SETTLEMENT_FILING_TYPES.find((t) => t === input.type);
  if (type === undefined)
    problems.push(
      problem(
        'type',
        '备案类型',
        `备案类型须为 ${SETTLEMENT_FILING_TYPES.map((t) => `${t}（${SETTLEMENT_FILING_TYPE_LABELS[t]}）`).join('、')}，实为 ${quoted(String(input.type))}`,
      ),
    );
  const region = input.insuredRegionCode;
  if (typeof region !== 'string' || !/^[1-8][0-9]{5}$/.test(region))
    problems.push(
      problem(
        'insuredRegionCode',
        '行政区划代码',
        `参保地须为6位行政区划代码，实为 ${quoted(String(region))}`,
      ),
    );
  else if (region.slice(0, 4) === context.countyCode.slice(0, 4))
    problems.push(
      problem(
        'insuredRegionCode',
        '参保地须在异地',
        `参保地 ${region} 与居住地同属一个统筹地区（市），在本市就医不需异地就医备案`,
      ),
    );
  const startOk = typeof input.startDate === 'string' && isLocalDate(input.startDate);
  const endOk = typeof input.validUntil === 'string' && isLocalDate(input.validUntil);
  if (!startOk)
    problems.push(
      problem(
        'startDate',
        '日期格式',
        `备案开始日期须为 YYYY-MM-DD 格式的日历日期，实为 ${quoted(String(input.startDate))}`,
      ),
    );
  if (!endOk)
    problems.push(
      problem(
        'validUntil',
        '日期格式',
        `备案有效期至须为 YYYY-MM-DD 格式的日历日期，实为 ${quoted(String(input.validUntil))}`,
      ),
    );
  if (startOk && daysBetween(context.asOf, input.startDate) > 366)
    problems.push(
      problem('startDate', '开始日期不超过一年后', `备案开始日期 ${input.startDate} 距今日超过一年`),
    );
  if (startOk && endOk && compareDates(input.validUntil, input.startDate) <= 0)
    problems.push(
      problem(
        'validUntil',
        '有效期晚于开始日期',
        `备案有效期至 ${input.validUntil} 须晚于开始日期 ${input.startDate}`,
      ),
    );
  if (endOk && compareDates(input.validUntil, context.asOf) < 0)
    problems.push(
      problem('validUntil', '不早于今日', `备案有效期至 ${input.validUntil} 已过（今日 ${context.asOf}）`),
    );
  if (endOk && daysBetween(context.asOf, input.validUntil) > SETTLEMENT_FILING_MAX_YEARS * 366)
    problems.push(
      problem(
        'validUntil',
        `有效期不超过${SETTLEMENT_FILING_MAX_YEARS}年`,
        `备案有效期至 ${input.validUntil} 距今日超过${SETTLEMENT_FILING_MAX_YEARS}年`,
      ),
    );
  if (startOk && endOk && compareDates(input.validUntil, input.startDate) > 0) {
    const from = Number(input.startDate.slice(0, 4));
    const to = Number(input.validUntil.slice(0, 4));
    const overlap = context.enrolledHereYears.filter((y) => y >= from && y <= to).sort((a, b) => a - b);
    if (overlap.length > 0)
      problems.push(
        problem(
          'childId',
          '须在户籍地参保',
          `该儿童 ${overlap.join('、')} 年度已在本地参保，本地就医按本地医保结算，不需异地就医备案`,
        ),
      );
  }
  if (problems.length > 0 || type === undefined) return { ok: false, problems };
  return {
    ok: true,
    value: { type, insuredRegionCode: region, startDate: input.startDate, validUntil: input.validUntil },
  };
}

export type SettlementFilingStatus = 'active' | 'expiring-soon' | 'not-started' | 'expired';

export const SETTLEMENT_FILING_STATUS_LABELS: Readonly<Record<SettlementFilingStatus, string>> = {
  active: '有效',
  'expiring-soon': '即将到期',
  'not-started': '未到开始日期',
  expired: '已过期',
};

/** The status of a 备案 as of a day; expiring soon within `soonDays` of its last valid day. */
export function settlementFilingStatus(
  filing: Pick<SettlementFiling, 'startDate' | 'validUntil'>,
  asOf: LocalDate,
  soonDays: number,
): { status: SettlementFilingStatus; daysLeft: number } {
  const daysLeft = daysBetween(asOf, filing.validUntil);
  if (daysLeft < 0) return { status: 'expired', daysLeft };
  if (compareDates(asOf, filing.startDate) < 0) return { status: 'not-started', daysLeft };
  return { status: daysLeft <= soonDays ? 'expiring-soon' : 'active', daysLeft };
}
