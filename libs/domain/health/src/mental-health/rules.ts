import { addDays, compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import {
  MENTAL_HEALTH_STATE_LABELS,
  type MentalHealthOutcome,
  type MentalHealthState,
  type OpenMentalHealthState,
} from './vocabulary';

/** Where a referral stands, as the rules see it (no identity, no free text). */
export interface MentalHealthStatus {
  readonly state: MentalHealthState;
  readonly openedOn: LocalDate;
  readonly stateSince: LocalDate;
  readonly lastStepOn: LocalDate;
  /** Follow-up visits (随访) recorded in the current state. */
  readonly visitsInState: number;
  readonly outcome?: MentalHealthOutcome;
  readonly closedOn?: LocalDate;
}

/**
 * What a refused step broke: `state` (the action does not apply to the current state), `date`
 * (not a date, in the future, or before the last step), `precondition` (e.g. no follow-up yet).
 */
export type MentalHealthRuleKind = 'state' | 'date' | 'precondition';

/** A refused step; `message` names the rule in Chinese and never carries personal data. */
export class MentalHealthRuleError extends Error {
  constructor(
    readonly kind: MentalHealthRuleKind,
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'MentalHealthRuleError';
  }
}

export const MENTAL_HEALTH_ACTIONS = [
  'refer', // 转介至医疗卫生机构
  'assess-intervention', // 评估：需心理干预
  'assess-medical-care', // 评估：需就医
  'assess-no-need', // 评估：无需干预，结案
  'complete-intervention', // 心理干预完成，转入随访
  'escalate-to-medical-care', // 干预中转就医
  'transfer-to-community', // 病情稳定，转社区康复随访
  'follow-up', // 随访
  'close', // 结案
] as const;
export type MentalHealthAction = (typeof MENTAL_HEALTH_ACTIONS)[number];

export function isMentalHealthAction(value: unknown): value is MentalHealthAction {
  return typeof value === 'string' && (MENTAL_HEALTH_ACTIONS as readonly string[]).includes(value);
}

export interface MentalHealthTransitionRule {
  readonly label: string;
  readonly from: readonly OpenMentalHealthState[];
  /** `stay` keeps the state and counts a follow-up visit. */
  readonly to: MentalHealthState | 'stay';
  readonly basis: string;
}

/** The transition table: the only steps a referral can take. */
export const MENTAL_HEALTH_TRANSITIONS: Readonly<Record<MentalHealthAction, MentalHealthTransitionRule>> = {
  refer: {
    label: '转介至医疗卫生机构',
    from: ['reported'],
    to: 'referred',
    basis: '发现有心理、行为异常的流动儿童，畅通家庭、学校、社区等与医疗卫生机构之间的转介通道',
  },
  'assess-intervention': {
    label: '评估：需心理干预',
    from: ['referred'],
    to: 'intervention',
    basis: '医疗卫生机构评估后，配合父母或者其他监护人采取干预措施',
  },
  'assess-medical-care': {
    label: '评估：需就医',
    from: ['referred'],
    to: 'medical-care',
    basis: '经评估需就医的，进入就医通道；符合条件的纳入严重精神障碍患者管理',
  },
  'assess-no-need': {
    label: '评估：无需干预',
    from: ['referred'],
    to: 'closed',
    basis: '经医疗卫生机构评估无需干预的，结案',
  },
  'complete-intervention': {
    label: '心理干预完成',
    from: ['intervention'],
    to: 'follow-up',
    basis: '干预完成后转入随访',
  },
  'escalate-to-medical-care': {
    label: '干预中转就医',
    from: ['intervention'],
    to: 'medical-care',
    basis: '干预中发现需就医的，转入就医通道',
  },
  'transfer-to-community': {
    label: '转社区康复随访',
    from: ['medical-care'],
    to: 'follow-up',
    basis: '符合条件的纳入精神障碍社区康复服务范围，并定期随访',
  },
  'follow-up': {
    label: '随访',
    from: ['follow-up'],
    to: 'stay',
    basis: '转入随访后定期随访',
  },
  close: {
    label: '结案',
    from: ['follow-up'],
    to: 'closed',
    basis: '经随访情况稳定的，方可结案',
  },
};

/**
 * Days each open state may last before its next step is due, counted from the last step. The
 * seed sets no time limits: these are configuration (MENTAL_HEALTH_DUE_DAYS), with defaults.
 */
export type MentalHealthDueDays = Readonly<Record<OpenMentalHealthState, number>>;

export const DEFAULT_MENTAL_HEALTH_DUE_DAYS: MentalHealthDueDays = {
  reported: 3, // referred to a health institution within three days
  referred: 14, // assessed within two weeks of the referral
  intervention: 30, // the intervention is reviewed monthly
  'medical-care': 30, // medical care / severe-disorder management reviewed monthly
  'follow-up': 30, // a follow-up visit every month
};

export interface MentalHealthRules {
  readonly dueDays: MentalHealthDueDays;
  /** Follow-up visits needed in the follow-up state before the referral may close. */
  readonly followUpsBeforeClosing: number;
}

export const DEFAULT_MENTAL_HEALTH_RULES: MentalHealthRules = {
  dueDays: DEFAULT_MENTAL_HEALTH_DUE_DAYS,
  followUpsBeforeClosing: 1,
};

/** Refuses a rule set with a non-whole or out-of-range number (configuration errors). */
export function assertMentalHealthRules(rules: MentalHealthRules): void {
  for (const [state, days] of Object.entries(rules.dueDays)) {
    if (!Number.isInteger(days) || days < 1 || days > 3650)
      throw new RangeError(`due days of ${state} must be a whole number from 1 to 3650, got ${days}`);
  }
  if (!Number.isInteger(rules.followUpsBeforeClosing) || rules.followUpsBeforeClosing < 0)
    throw new RangeError(
      `followUpsBeforeClosing must be a whole number >= 0, got ${rules.followUpsBeforeClosing}`,
    );
}

/** When the next step is due; undefined once closed. */
export function mentalHealthDueOn(
  status: MentalHealthStatus,
  rules: MentalHealthRules = DEFAULT_MENTAL_HEALTH_RULES,
): LocalDate | undefined {
  return status.state === 'closed' ? undefined : addDays(status.lastStepOn, rules.dueDays[status.state]);
}

function checkDate(on: string, today: LocalDate, notBefore: LocalDate | undefined): void {
  if (!isLocalDate(on))
    throw new MentalHealthRuleError('date', 'on', '日期格式', '办理日期：须为 YYYY-MM-DD 日期');
  if (compareDates(on, today) > 0)
    throw new MentalHealthRuleError('date', 'on', '不晚于今日', `办理日期：不能晚于今日（${today}）`);
  if (notBefore !== undefined && compareDates(on, notBefore) < 0)
    throw new MentalHealthRuleError(
      'date',
      'on',
      '不早于上一步',
      `办理日期：不能早于上一步的日期（${notBefore}）`,
    );
}

/** A concern reported on a day not after today opens in `reported`. */
export function openMentalHealthReferral(on: string, today: LocalDate): MentalHealthStatus {
  checkDate(on, today, undefined);
  return { state: 'reported', openedOn: on, stateSince: on, lastStepOn: on, visitsInState: 0 };
}

/** The actions that apply now (for the interface's buttons). */
export function availableMentalHealthActions(status: MentalHealthStatus): MentalHealthAction[] {
  const state = status.state;
  if (state === 'closed') return [];
  return MENTAL_HEALTH_ACTIONS.filter((a) => MENTAL_HEALTH_TRANSITIONS[a].from.includes(state));
}

export interface MentalHealthStepResult {
  readonly status: MentalHealthStatus;
  readonly from: MentalHealthState;
  readonly to: MentalHealthState;
}

/**
 * Applies one step or throws a MentalHealthRuleError naming the rule, checked in this order:
 * state (closed takes no step; the action must apply), date, precondition (follow-ups to close).
 */
export function applyMentalHealthStep(
  status: MentalHealthStatus,
  step: { readonly action: MentalHealthAction; readonly on: string },
  today: LocalDate,
  rules: MentalHealthRules = DEFAULT_MENTAL_HEALTH_RULES,
): MentalHealthStepResult {
  const rule = MENTAL_HEALTH_TRANSITIONS[step.action];
  const current = status.state;
  if (current === 'closed')
    throw new MentalHealthRuleError(
      'state',
      'action',
      '已结案不再办理',
      `转介已结案，不能「${rule.label}」（规则：已结案的转介不再办理）`,
    );
  if (!rule.from.includes(current)) {
    const states = rule.from.map((s) => `「${MENTAL_HEALTH_STATE_LABELS[s]}」`).join('、');
    throw new MentalHealthRuleError(
      'state',
      'action',
      `${rule.label}的适用状态`,
      `当前为「${MENTAL_HEALTH_STATE_LABELS[current]}」，不能「${rule.label}」：仅适用于${states}（规则：${rule.basis}）`,
    );
  }
  checkDate(step.on, today, status.lastStepOn);
  if (step.action === 'close' && status.visitsInState < rules.followUpsBeforeClosing)
    throw new MentalHealthRuleError(
      'precondition',
      'action',
      '结案前须随访',
      `须至少随访 ${rules.followUpsBeforeClosing} 次后方可结案，目前随访 ${status.visitsInState} 次（规则：${rule.basis}）`,
    );
  const on = step.on;
  if (rule.to === 'stay')
    return {
      from: current,
      to: current,
      status: { ...status, lastStepOn: on, visitsInState: status.visitsInState + 1 },
    };
  const to = rule.to;
  const entered: MentalHealthStatus = {
    state: to,
    openedOn: status.openedOn,
    stateSince: on,
    lastStepOn: on,
    visitsInState: 0,
  };
  if (to !== 'closed') return { from: current, to, status: entered };
  const outcome: MentalHealthOutcome = step.action === 'assess-no-need' ? 'no-need' : 'resolved';
  return { from: current, to, status: { ...entered, outcome, closedOn: on } };
}
