import { compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import { ASSISTANCE_DEPARTMENT_LABELS, fenToYuan, type AssistanceKind } from './kinds';
import { AssistanceRuleError } from './rule-error';
import {
  ASSISTANCE_PARTY_LABELS,
  ASSISTANCE_STATE_LABELS,
  isClosedAssistanceState,
  type AssistanceApplicationStatus,
  type AssistanceParty,
  type AssistanceState,
} from './vocabulary';

/** The steps of an application after its submission. */
export const ASSISTANCE_ACTIONS = [
  'refer-to-hukou-city', // 提请户籍地认定
  'accept', // 受理审核
  'record-hukou-confirmation', // 登记户籍地确认
  'record-hukou-denial', // 登记户籍地不予认定
  'approve', // 审批通过
  'reject', // 不予批准
  'suspend', // 暂停发放
  'resume', // 恢复发放
  'end', // 终止发放
] as const;

export type AssistanceAction = (typeof ASSISTANCE_ACTIONS)[number];

export function isAssistanceAction(value: unknown): value is AssistanceAction {
  return typeof value === 'string' && (ASSISTANCE_ACTIONS as readonly string[]).includes(value);
}

/** Which kinds an action is for. */
type KindCondition = 'any' | 'hukou-confirmed-kinds' | 'residence-only-kinds' | 'monthly-kinds';

export interface AssistanceTransitionRule {
  readonly label: string;
  readonly from: readonly AssistanceState[];
  readonly to: AssistanceState;
  readonly kinds: KindCondition;
  /** A reason (原因) is required. */
  readonly needsReason: boolean;
  /** The rule in words, for refusals. Every step is the kind's deciding department's. */
  readonly basis: string;
}

export const ASSISTANCE_TRANSITIONS: Readonly<Record<AssistanceAction, AssistanceTransitionRule>> = {
  'refer-to-hukou-city': {
    label: '提请户籍地认定',
    from: ['submitted'],
    to: 'awaiting-hukou-city',
    kinds: 'hukou-confirmed-kinds',
    needsReason: false,
    basis: '须由户籍地认定资格的救助类别，受理后提请户籍地认定',
  },
  accept: {
    label: '受理审核',
    from: ['submitted'],
    to: 'under-review',
    kinds: 'residence-only-kinds',
    needsReason: false,
    basis: '无需户籍地认定的救助类别（如临时救助、残疾儿童康复救助），由现居住县区直接受理审核',
  },
  'record-hukou-confirmation': {
    label: '登记户籍地确认资格',
    from: ['awaiting-hukou-city'],
    to: 'under-review',
    kinds: 'hukou-confirmed-kinds',
    needsReason: false,
    basis: '户籍地确认资格后进入审核',
  },
  'record-hukou-denial': {
    label: '登记户籍地不予认定',
    from: ['awaiting-hukou-city'],
    to: 'rejected',
    kinds: 'hukou-confirmed-kinds',
    needsReason: true,
    basis: '户籍地不予认定的，申请不予批准，并说明户籍地给出的原因',
  },
  approve: {
    label: '审批通过',
    from: ['under-review'],
    to: 'approved',
    kinds: 'any',
    needsReason: false,
    basis: '审核通过后批准救助，确定金额与起始月份',
  },
  reject: {
    label: '不予批准',
    from: ['submitted', 'under-review'],
    to: 'rejected',
    kinds: 'any',
    needsReason: true,
    basis: '不符合条件的，不予受理或不予批准，并书面说明理由',
  },
  suspend: {
    label: '暂停发放',
    from: ['approved'],
    to: 'suspended',
    kinds: 'monthly-kinds',
    needsReason: true,
    basis: '按月发放的救助，情况待核实期间暂停发放，并说明原因',
  },
  resume: {
    label: '恢复发放',
    from: ['suspended'],
    to: 'approved',
    kinds: 'monthly-kinds',
    needsReason: false,
    basis: '经核实仍符合条件的，恢复发放',
  },
  end: {
    label: '终止发放',
    from: ['approved', 'suspended'],
    to: 'ended',
    kinds: 'monthly-kinds',
    needsReason: true,
    basis: '不再符合条件的（如年满18周岁、家庭情况变化、迁出），终止发放并说明原因',
  },
};

/** One step: the action, who took it, on which day, and what it records. */
export interface AssistanceStep {
  readonly action: AssistanceAction;
  readonly party: AssistanceParty;
  readonly on: string;
  readonly reason?: string;
  /** approve: the amount in fen (default the kind's standard). */
  readonly amountFen?: number;
  /** approve: YYYY-MM (default the month of `on`). */
  readonly startMonth?: string;
  /** record-hukou-confirmation / -denial: the hukou city's reference (复函文号). */
  readonly reference?: string;
}

export interface AssistanceStepResult {
  readonly status: AssistanceApplicationStatus;
  readonly from: AssistanceState;
  readonly to: AssistanceState;
}

export interface SubmitAssistanceInput {
  readonly party: AssistanceParty;
  readonly on: string;
  /** The child's residence county (the application's county). */
  readonly residenceCountyCode: string;
  /** Required for kinds the hukou place confirms. */
  readonly hukouCountyCode?: string;
}

export const REASON_MAX_LENGTH = 500;
export const REFERENCE_MAX_LENGTH = 64;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const COUNTY = /^\d{6}$/;

function checkDate(on: string, today: LocalDate, notBefore: LocalDate | undefined, what: string): void {
  if (!isLocalDate(on))
    throw new AssistanceRuleError('date', 'on', '日期格式', `${what}：须为 YYYY-MM-DD 日期`);
  if (compareDates(on, today) > 0)
    throw new AssistanceRuleError('date', 'on', '不晚于今日', `${what}：不能晚于今日（${today}）`);
  if (notBefore !== undefined && compareDates(on, notBefore) < 0)
    throw new AssistanceRuleError(
      'date',
      'on',
      '不早于上一步',
      `${what}：不能早于本申请上一步的日期（${notBefore}）`,
    );
}

function assertNeverAction(action: never): never {
  throw new Error(`unknown assistance action ${String(action)}`);
}

const monthOf = (date: LocalDate) => date.slice(0, 7);

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Who may submit: the kind's deciding department, or the child director on the family's behalf. */
export function submittingParties(kind: AssistanceKind): readonly AssistanceParty[] {
  return [kind.department, 'child-director'];
}

/** A new application of the kind, submitted on a day not after today. */
export function submitAssistanceApplication(
  kind: AssistanceKind,
  input: SubmitAssistanceInput,
  today: LocalDate,
): AssistanceApplicationStatus {
  const parties = submittingParties(kind);
  if (!parties.includes(input.party))
    throw new AssistanceRuleError(
      'party',
      'party',
      '申请受理主体',
      `「${kind.nameZh}」须由${parties.map((p) => ASSISTANCE_PARTY_LABELS[p]).join('或')}提交，当前为${ASSISTANCE_PARTY_LABELS[input.party]}（规则：${ASSISTANCE_DEPARTMENT_LABELS[kind.department]}受理本类救助，儿童主任可协助申领）`,
    );
  checkDate(input.on, today, undefined, '申请日期');
  let hukouCountyCode: string | null = null;
  if (kind.hukouCityConfirms) {
    const code = (input.hukouCountyCode ?? '').trim();
    if (!COUNTY.test(code))
      throw new AssistanceRuleError(
        'value',
        'hukouCountyCode',
        '须填写户籍地',
        `户籍地区县代码：「${kind.nameZh}」须由户籍地认定资格，须填写6位户籍地区县代码（规则：${kind.basis}）`,
      );
    if (code === input.residenceCountyCode)
      throw new AssistanceRuleError(
        'value',
        'hukouCountyCode',
        '户籍地不同于居住地',
        `户籍地区县代码：与现居住县区（${input.residenceCountyCode}）相同，本地户籍儿童无需户籍地认定，请按本地户籍办理`,
      );
    hukouCountyCode = code;
  }
  return {
    kind: kind.id,
    state: 'submitted',
    submittedOn: input.on,
    stateSince: input.on,
    lastStepOn: input.on,
    hukouCountyCode,
    hukouAnswer: null,
    hukouAnsweredOn: null,
    hukouReference: '',
    amountFen: null,
    startMonth: null,
    approvedOn: null,
    reason: null,
    endReason: null,
  };
}

function kindAllows(kind: AssistanceKind, condition: KindCondition): boolean {
  switch (condition) {
    case 'any':
      return true;
    case 'hukou-confirmed-kinds':
      return kind.hukouCityConfirms;
    case 'residence-only-kinds':
      return !kind.hukouCityConfirms;
    case 'monthly-kinds':
      return kind.standard.period === 'monthly';
  }
}

function kindRefusal(kind: AssistanceKind, rule: AssistanceTransitionRule): AssistanceRuleError {
  const why: Record<KindCondition, string> = {
    any: '',
    'hukou-confirmed-kinds': `「${kind.nameZh}」无需户籍地认定，由现居住县区直接受理审核`,
    'residence-only-kinds': `「${kind.nameZh}」须先提请户籍地认定资格，不能直接受理审核`,
    'monthly-kinds': `「${kind.nameZh}」为一次性救助，批准即发放完毕，不能「${rule.label}」`,
  };
  return new AssistanceRuleError(
    'precondition',
    'action',
    `${rule.label}的适用类别`,
    `${why[rule.kinds]}（规则：${rule.basis}）`,
  );
}

/** The actions the party may take on the application now (for the interface's buttons). */
export function availableAssistanceActions(
  kind: AssistanceKind,
  status: AssistanceApplicationStatus,
  party?: AssistanceParty,
): AssistanceAction[] {
  if (party !== undefined && party !== kind.department) return [];
  return ASSISTANCE_ACTIONS.filter((action) => {
    const rule = ASSISTANCE_TRANSITIONS[action];
    return rule.from.includes(status.state) && kindAllows(kind, rule.kinds);
  });
}

function requireReason(step: AssistanceStep, rule: AssistanceTransitionRule): string {
  const reason = (step.reason ?? '').normalize('NFKC').trim();
  if (reason === '')
    throw new AssistanceRuleError(
      'value',
      'reason',
      '须说明原因',
      `「${rule.label}」须填写原因（规则：${rule.basis}）`,
    );
  if (reason.length > REASON_MAX_LENGTH)
    throw new AssistanceRuleError('value', 'reason', '原因长度', `原因：最长${REASON_MAX_LENGTH}字`);
  return reason;
}

function checkReference(step: AssistanceStep): string {
  const reference = (step.reference ?? '').normalize('NFKC').trim();
  if (reference.length > REFERENCE_MAX_LENGTH)
    throw new AssistanceRuleError(
      'value',
      'reference',
      '复函文号长度',
      `户籍地复函文号：最长${REFERENCE_MAX_LENGTH}字`,
    );
  return reference;
}

function approval(
  kind: AssistanceKind,
  status: AssistanceApplicationStatus,
  step: AssistanceStep,
): { amountFen: number; startMonth: string } {
  const { standard } = kind;
  const amountFen = step.amountFen ?? standard.amountFen;
  if (!Number.isInteger(amountFen) || amountFen < 1 || amountFen > standard.maxAmountFen)
    throw new AssistanceRuleError(
      'value',
      'amountFen',
      '救助金额范围',
      `救助金额（分）：须为 1 至 ${standard.maxAmountFen} 的整数（${fenToYuan(standard.maxAmountFen)}元，${standard.labelZh}），实为 ${String(step.amountFen)}`,
    );
  const startMonth = step.startMonth ?? monthOf(step.on);
  if (!MONTH.test(startMonth))
    throw new AssistanceRuleError('value', 'startMonth', '月份格式', '起始月份：须为 YYYY-MM');
  const earliest = monthOf(status.submittedOn);
  const latest = nextMonth(monthOf(step.on));
  if (startMonth < earliest || startMonth > latest)
    throw new AssistanceRuleError(
      'value',
      'startMonth',
      '起始月份范围',
      `起始月份：须在申请月份（${earliest}）至批准次月（${latest}）之间，实为 ${startMonth}（规则：自申请当月起、最迟自批准次月起发放）`,
    );
  return { amountFen, startMonth };
}

/**
 * Applies one step, or throws an AssistanceRuleError naming the rule it breaks, in this order:
 * the state (a closed application takes no step; the action must apply to the current state),
 * the kind (hukou confirmation, one-off payments), the party (always the kind's deciding
 * department), the date (not after today, not before the last step), then the step's values.
 */
export function applyAssistanceStep(
  kind: AssistanceKind,
  status: AssistanceApplicationStatus,
  step: AssistanceStep,
  today: LocalDate,
): AssistanceStepResult {
  const rule = ASSISTANCE_TRANSITIONS[step.action];
  const current = status.state;
  if (isClosedAssistanceState(current))
    throw new AssistanceRuleError(
      'state',
      'action',
      '已办结不再办理',
      `申请已${ASSISTANCE_STATE_LABELS[current]}，不能「${rule.label}」（规则：已办结的申请不再办理，须重新申请）`,
    );
  if (!rule.from.includes(current)) {
    const states = rule.from.map((s) => `「${ASSISTANCE_STATE_LABELS[s]}」`).join('、');
    throw new AssistanceRuleError(
      'state',
      'action',
      `${rule.label}的适用状态`,
      `申请当前为「${ASSISTANCE_STATE_LABELS[current]}」，不能「${rule.label}」：仅适用于${states}的申请（规则：${rule.basis}）`,
    );
  }
  if (!kindAllows(kind, rule.kinds)) throw kindRefusal(kind, rule);
  if (step.party !== kind.department)
    throw new AssistanceRuleError(
      'party',
      'party',
      `${rule.label}的办理主体`,
      `「${kind.nameZh}」的「${rule.label}」须由${ASSISTANCE_DEPARTMENT_LABELS[kind.department]}办理，当前办理方为${ASSISTANCE_PARTY_LABELS[step.party]}（规则：救助由主管部门审核审批）`,
    );
  checkDate(step.on, today, status.lastStepOn, '办理日期');
  const reason = rule.needsReason ? requireReason(step, rule) : null;
  const entered = { state: rule.to, stateSince: step.on, lastStepOn: step.on };

  switch (step.action) {
    case 'record-hukou-confirmation':
      return {
        from: current,
        to: rule.to,
        status: {
          ...status,
          ...entered,
          hukouAnswer: 'confirmed',
          hukouAnsweredOn: step.on,
          hukouReference: checkReference(step),
        },
      };
    case 'record-hukou-denial':
      return {
        from: current,
        to: rule.to,
        status: {
          ...status,
          ...entered,
          hukouAnswer: 'denied',
          hukouAnsweredOn: step.on,
          hukouReference: checkReference(step),
          reason,
        },
      };
    case 'approve':
      return {
        from: current,
        to: rule.to,
        status: { ...status, ...entered, ...approval(kind, status, step), approvedOn: step.on, reason: null },
      };
    case 'resume':
      return { from: current, to: rule.to, status: { ...status, ...entered, reason: null } };
    case 'end':
      return {
        from: current,
        to: rule.to,
        status: { ...status, ...entered, reason, endReason: 'department-decision' },
      };
    case 'refer-to-hukou-city':
    case 'accept':
    case 'reject':
    case 'suspend':
      return { from: current, to: rule.to, status: { ...status, ...entered, reason } };
    default:
      return assertNeverAction(step.action);
  }
}
