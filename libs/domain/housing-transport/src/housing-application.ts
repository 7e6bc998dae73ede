import type { CountyHousingPolicy } from './housing-policy';

export const HOUSING_FORMS = {
  'public-rental': '实物配租公共租赁住房',
  'rent-subsidy': '发放租赁补贴',
} as const;
export type HousingForm = keyof typeof HOUSING_FORMS;
export const HOUSING_FORM_IDS = Object.keys(HOUSING_FORMS) as HousingForm[];

/** What the family declares (and the officer checks against documents). */
export interface HousingApplicationFacts {
  readonly form: HousingForm;
  /** 家庭人口 */
  readonly householdSize: number;
  /** 家庭月收入 (yuan, all members). */
  readonly monthlyIncomeYuan: number;
  /** 现住房建筑面积 (m²); 0 when the family has none of its own or rents a room. */
  readonly currentAreaSqm: number;
  /** 在本县区连续居住（或缴纳社会保险）月数. */
  readonly residenceMonths: number;
  /** 在本市有自有住房 */
  readonly ownsHomeInCity: boolean;
}

export interface HousingProblem {
  readonly field: keyof HousingApplicationFacts;
  readonly rule: string;
  readonly message: string;
}

export interface HousingAssessment {
  readonly eligible: boolean;
  readonly problems: readonly HousingProblem[];
  /** 租赁补贴 per month, in fen (1/100 yuan), for the rent-subsidy form when eligible; else 0. */
  readonly monthlySubsidyFen: number;
}

const fen = (yuan: number): number => Math.round(yuan * 100);

/**
 * Assesses the family against its county's conditions: income per head, area per head, months
 * of residence, no home of its own in the city. Every unmet condition is named. The rent
 * subsidy is (guaranteed area − current area) × the standard, the guaranteed area being the
 * per-person standard times the household, capped.
 */
export function assessHousingApplication(
  facts: HousingApplicationFacts,
  policy: CountyHousingPolicy,
): HousingAssessment {
  const problems: HousingProblem[] = [];
  const perCapitaIncome = facts.monthlyIncomeYuan / facts.householdSize;
  if (perCapitaIncome > policy.incomeCeilingPerCapitaMonthlyYuan)
    problems.push({
      field: 'monthlyIncomeYuan',
      rule: '人均收入',
      message: `家庭人均月收入 ${perCapitaIncome.toFixed(2)} 元，高于本县区标准 ${policy.incomeCeilingPerCapitaMonthlyYuan} 元`,
    });
  const perCapitaArea = facts.currentAreaSqm / facts.householdSize;
  if (perCapitaArea >= policy.areaCeilingPerCapitaSqm)
    problems.push({
      field: 'currentAreaSqm',
      rule: '人均住房面积',
      message: `家庭人均住房建筑面积 ${perCapitaArea.toFixed(2)} 平方米，未低于本县区标准 ${policy.areaCeilingPerCapitaSqm} 平方米`,
    });
  if (facts.residenceMonths < policy.minResidenceMonths)
    problems.push({
      field: 'residenceMonths',
      rule: '居住年限',
      message: `在本县区连续居住 ${facts.residenceMonths} 个月，不足 ${policy.minResidenceMonths} 个月`,
    });
  if (facts.ownsHomeInCity)
    problems.push({ field: 'ownsHomeInCity', rule: '无自有住房', message: '家庭在本市有自有住房' });
  const eligible = problems.length === 0;
  if (!eligible || facts.form !== 'rent-subsidy') return { eligible, problems, monthlySubsidyFen: 0 };
  const guaranteed = Math.min(
    facts.householdSize * policy.guaranteedAreaPerCapitaSqm,
    policy.guaranteedAreaMaxSqm,
  );
  const subsidisedArea = Math.max(0, guaranteed - facts.currentAreaSqm);
  return { eligible, problems, monthlySubsidyFen: fen(subsidisedArea * policy.subsidyYuanPerSqmMonthly) };
}

export const HOUSING_STATUSES = {
  submitted: '已受理，待审核',
  rejected: '审核未通过',
  waiting: '审核通过，轮候配租',
  allocated: '已配租',
  'subsidy-granted': '已发放租赁补贴',
  withdrawn: '已撤回',
} as const;
export type HousingStatus = keyof typeof HOUSING_STATUSES;

export type HousingAction =
  | { readonly kind: 'approve' }
  | { readonly kind: 'reject'; readonly reason: string }
  | { readonly kind: 'allocate'; readonly unitCode: string }
  | { readonly kind: 'withdraw' };

export type HousingTransition =
  | { readonly ok: true; readonly to: HousingStatus }
  | { readonly ok: false; readonly rule: string; readonly message: string };

const OPEN: readonly HousingStatus[] = ['submitted', 'waiting'];

/** Is the application still in progress (one per child at a time)? */
export function isOpenHousingStatus(status: HousingStatus): boolean {
  return OPEN.includes(status);
}

/**
 * The application's path: submitted → approved (public rental: waiting list; rent subsidy:
 * granted at once) or rejected; waiting → allocated; withdrawn while open. Approval needs an
 * eligible assessment.
 */
export function nextHousingStatus(
  from: HousingStatus,
  form: HousingForm,
  assessment: HousingAssessment,
  action: HousingAction,
): HousingTransition {
  const refuse = (rule: string, message: string): HousingTransition => ({ ok: false, rule, message });
  const state = HOUSING_STATUSES[from];
  switch (action.kind) {
    case 'approve':
      if (from !== 'submitted') return refuse('待审核方可审核', `申请当前为"${state}"，不能审核`);
      if (!assessment.eligible)
        return refuse(
          '符合保障条件',
          `不符合本县区住房保障条件：${assessment.problems.map((p) => p.message).join('；')}`,
        );
      return { ok: true, to: form === 'public-rental' ? 'waiting' : 'subsidy-granted' };
    case 'reject':
      if (from !== 'submitted') return refuse('待审核方可审核', `申请当前为"${state}"，不能审核`);
      if (action.reason.trim() === '') return refuse('须说明原因', '审核不通过须说明原因');
      return { ok: true, to: 'rejected' };
    case 'allocate':
      if (from !== 'waiting') return refuse('轮候中方可配租', `申请当前为"${state}"，不能配租`);
      return { ok: true, to: 'allocated' };
    case 'withdraw':
      if (!isOpenHousingStatus(from)) return refuse('办理中方可撤回', `申请当前为"${state}"，不能撤回`);
      return { ok: true, to: 'withdrawn' };
  }
}
