import { compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import type { GuardianshipCaseStatus } from './case-status';
import { DEFAULT_GUARDIANSHIP_RULES, type GuardianshipRules } from './due-dates';
import { GuardianshipRuleError } from './rule-error';
import {
  GUARDIANSHIP_PARTY_LABELS,
  GUARDIANSHIP_STATE_LABELS,
  type ClosureOutcome,
  type GuardianshipParty,
  type GuardianshipState,
  type OpenGuardianshipState,
} from './vocabulary';

/** The steps a party can take on an open case. */
export const GUARDIANSHIP_ACTIONS = [
  'admonish', // 劝诫、制止
  'report-to-police', // 报告公安机关
  'acknowledge', // 受理报告
  'reprimand', // 训诫
  'order-family-education-guidance', // 训诫并责令接受家庭教育指导
  'complete-guidance', // 家庭教育指导完成
  'follow-up', // 回访
  'place-in-temporary-guardianship', // 临时监护
  'review-guardianship', // 监护情况复查
  'return-to-family', // 回归家庭
  'place-in-long-term-guardianship', // 长期监护
  'restore-guardianship', // 恢复监护人资格
  'close', // 结案
  'close-unfounded', // 经核实不属实结案
] as const;

export type GuardianshipAction = (typeof GUARDIANSHIP_ACTIONS)[number];

export function isGuardianshipAction(value: unknown): value is GuardianshipAction {
  return typeof value === 'string' && (GUARDIANSHIP_ACTIONS as readonly string[]).includes(value);
}

export interface GuardianshipTransitionRule {
  readonly label: string;
  /** The open states the action applies to. */
  readonly from: readonly OpenGuardianshipState[];
  /** The state after the action; `stay` keeps the state and records a visit (回访/复查). */
  readonly to: GuardianshipState | 'stay';
  /** The parties that may take the action. */
  readonly parties: readonly GuardianshipParty[];
  /** The rule in the words of the seed (or of the law it applies), for refusals. */
  readonly basis: string;
}

const BEFORE_LONG_TERM: readonly OpenGuardianshipState[] = [
  'reported',
  'reported-to-police',
  'admonition-pending',
  'family-education-guidance',
  'follow-up',
];

/** The transition table: the only steps a case can take. */
export const GUARDIANSHIP_TRANSITIONS: Readonly<Record<GuardianshipAction, GuardianshipTransitionRule>> = {
  admonish: {
    label: '劝诫、制止',
    from: ['reported'],
    to: 'follow-up',
    parties: ['committee'],
    basis: '村（居）民委员会发现监护人不依法履行监护职责或者侵犯儿童合法权益的，予以劝诫、制止',
  },
  'report-to-police': {
    label: '报告公安机关',
    from: ['reported', 'follow-up'],
    to: 'reported-to-police',
    parties: ['committee'],
    basis: '情节严重的，村（居）民委员会应当及时向公安机关报告',
  },
  acknowledge: {
    label: '受理报告',
    from: ['reported-to-police'],
    to: 'admonition-pending',
    parties: ['police'],
    basis: '公安机关接到村（居）民委员会的报告后受理',
  },
  reprimand: {
    label: '训诫',
    from: ['admonition-pending'],
    to: 'follow-up',
    parties: ['police', 'procuratorate', 'court'],
    basis: '公安机关接到报告或者公安机关、人民检察院、人民法院在办理案件过程中发现的，应当予以训诫',
  },
  'order-family-education-guidance': {
    label: '训诫并责令接受家庭教育指导',
    from: ['admonition-pending'],
    to: 'family-education-guidance',
    parties: ['police', 'procuratorate', 'court'],
    basis: '予以训诫，并可以责令其接受家庭教育指导',
  },
  'complete-guidance': {
    label: '家庭教育指导完成',
    from: ['family-education-guidance'],
    to: 'follow-up',
    parties: ['womens-federation', 'education'],
    basis: '妇联、教育等部门对父母或者其他监护人开展家庭教育指导',
  },
  'follow-up': {
    label: '回访',
    from: ['follow-up'],
    to: 'stay',
    parties: ['committee', 'civil-affairs'],
    basis: '处置后定期回访，督促监护人落实监护职责',
  },
  'place-in-temporary-guardianship': {
    label: '临时监护',
    from: BEFORE_LONG_TERM,
    to: 'temporary-guardianship',
    parties: ['civil-affairs'],
    basis: '儿童处于无人照料等情形的，依托未成年人救助保护机构提供临时监护',
  },
  'review-guardianship': {
    label: '监护情况复查',
    from: ['temporary-guardianship', 'long-term-guardianship'],
    to: 'stay',
    parties: ['civil-affairs'],
    basis: '民政部门定期复查临时监护、长期监护的儿童',
  },
  'return-to-family': {
    label: '回归家庭',
    from: ['temporary-guardianship'],
    to: 'follow-up',
    parties: ['civil-affairs'],
    basis: '临时监护期间监护人重新具备履行监护职责条件的，儿童回归家庭并接受回访',
  },
  'place-in-long-term-guardianship': {
    label: '长期监护',
    from: ['temporary-guardianship'],
    to: 'long-term-guardianship',
    parties: ['civil-affairs'],
    basis: '无法回归家庭的，依托儿童福利机构提供长期监护（须先经临时监护）',
  },
  'restore-guardianship': {
    label: '恢复监护人资格',
    from: ['long-term-guardianship'],
    to: 'follow-up',
    parties: ['court'],
    basis: '人民法院判决恢复监护人资格的，儿童回归家庭并接受回访',
  },
  close: {
    label: '结案',
    from: ['follow-up'],
    to: 'closed',
    parties: ['committee', 'civil-affairs'],
    basis: '经回访监护职责已落实的，方可结案',
  },
  'close-unfounded': {
    label: '经核实不属实结案',
    from: ['reported'],
    to: 'closed',
    parties: ['committee', 'civil-affairs'],
    basis: '经核实情况不属实的，在劝诫、制止之前结案',
  },
};

/** Who may open a case, and the state it opens in. */
export const OPENING_STATE: Readonly<Partial<Record<GuardianshipParty, OpenGuardianshipState>>> = {
  // The committee finds it, or civil affairs receives it (hotline, visit) and refers it to the committee.
  committee: 'reported',
  'civil-affairs': 'reported',
  // Received by the police, or found while handling a case: admonition is theirs.
  police: 'admonition-pending',
  procuratorate: 'admonition-pending',
  court: 'admonition-pending',
};

/** One step of a case: the action, who took it, and on which day. */
export interface GuardianshipStep {
  readonly action: GuardianshipAction;
  readonly party: GuardianshipParty;
  readonly on: LocalDate;
}

export interface GuardianshipStepResult {
  readonly status: GuardianshipCaseStatus;
  readonly from: GuardianshipState;
  readonly to: GuardianshipState;
}

function checkDate(on: string, today: LocalDate, notBefore: LocalDate | undefined): void {
  if (!isLocalDate(on))
    throw new GuardianshipRuleError('date', 'on', '日期格式', `办理日期：须为 YYYY-MM-DD 日期`);
  if (compareDates(on, today) > 0)
    throw new GuardianshipRuleError('date', 'on', '不晚于今日', `办理日期：不能晚于今日（${today}）`);
  if (notBefore !== undefined && compareDates(on, notBefore) < 0)
    throw new GuardianshipRuleError(
      'date',
      'on',
      '不早于上一步',
      `办理日期：不能早于本案上一步的日期（${notBefore}）`,
    );
}

const partyList = (parties: readonly GuardianshipParty[]) =>
  parties.map((p) => GUARDIANSHIP_PARTY_LABELS[p]).join('、');

/** Opens a case as the party found or received it, on a day not after today. */
export function openGuardianshipCase(
  party: GuardianshipParty,
  on: LocalDate,
  today: LocalDate,
): GuardianshipCaseStatus {
  const state = OPENING_STATE[party];
  if (state === undefined) {
    const openers = (Object.keys(OPENING_STATE) as GuardianshipParty[]).filter((p) => OPENING_STATE[p]);
    throw new GuardianshipRuleError(
      'party',
      'party',
      '立案主体',
      `${GUARDIANSHIP_PARTY_LABELS[party]}不能登记监护缺失案件：须由${partyList(openers)}登记（规则：村（居）民委员会发现或公安机关、人民检察院、人民法院办案中发现的，登记立案）`,
    );
  }
  checkDate(on, today, undefined);
  return { state, openedOn: on, stateSince: on, lastStepOn: on, visitsInState: 0 };
}

/** The actions the party may take on the case now (for the interface's buttons). */
export function availableActions(
  status: GuardianshipCaseStatus,
  party?: GuardianshipParty,
): GuardianshipAction[] {
  if (status.state === 'closed') return [];
  const state = status.state;
  return GUARDIANSHIP_ACTIONS.filter((action) => {
    const rule = GUARDIANSHIP_TRANSITIONS[action];
    return rule.from.includes(state) && (party === undefined || rule.parties.includes(party));
  });
}

/**
 * Applies one step, or throws a GuardianshipRuleError naming the rule it breaks: in this order,
 * the state (a closed case takes no step; the action must apply to the current state), the
 * party, the date (not after today, not before the last step) and the action's precondition.
 */
export function applyGuardianshipStep(
  status: GuardianshipCaseStatus,
  step: GuardianshipStep,
  today: LocalDate,
  rules: GuardianshipRules = DEFAULT_GUARDIANSHIP_RULES,
): GuardianshipStepResult {
  const rule = GUARDIANSHIP_TRANSITIONS[step.action];
  const current = status.state;
  if (current === 'closed')
    throw new GuardianshipRuleError(
      'state',
      'action',
      '已结案不再办理',
      `案件已结案，不能「${rule.label}」（规则：已结案的案件不再办理）`,
    );
  if (!rule.from.includes(current)) {
    const states = rule.from.map((s) => `「${GUARDIANSHIP_STATE_LABELS[s]}」`).join('、');
    throw new GuardianshipRuleError(
      'state',
      'action',
      `${rule.label}的适用状态`,
      `案件当前为「${GUARDIANSHIP_STATE_LABELS[current]}」，不能「${rule.label}」：仅适用于${states}的案件（规则：${rule.basis}）`,
    );
  }
  if (!rule.parties.includes(step.party))
    throw new GuardianshipRuleError(
      'party',
      'party',
      `${rule.label}的办理主体`,
      `「${rule.label}」须由${partyList(rule.parties)}办理，当前办理方为${GUARDIANSHIP_PARTY_LABELS[step.party]}（规则：${rule.basis}）`,
    );
  checkDate(step.on, today, status.lastStepOn);
  if (step.action === 'close' && status.visitsInState < rules.followUpsBeforeClosing)
    throw new GuardianshipRuleError(
      'precondition',
      'action',
      '结案前须回访',
      `案件须至少回访 ${rules.followUpsBeforeClosing} 次后方可结案，目前回访 ${status.visitsInState} 次（规则：${rule.basis}）`,
    );

  if (rule.to === 'stay') {
    return {
      from: current,
      to: current,
      status: { ...status, lastStepOn: step.on, visitsInState: status.visitsInState + 1 },
    };
  }
  const to = rule.to;
  const entered: GuardianshipCaseStatus = {
    state: to,
    openedOn: status.openedOn,
    stateSince: step.on,
    lastStepOn: step.on,
    visitsInState: 0,
  };
  if (to !== 'closed') return { from: current, to, status: entered };
  const outcome: ClosureOutcome = step.action === 'close-unfounded' ? 'unfounded' : 'resolved';
  return { from: current, to, status: { ...entered, outcome, closedOn: step.on } };
}
