import type { LocalDate } from '@care/child-rules';

/**
 * Where a social-assistance application (救助申请) stands. Ids are stable (stored and sent);
 * the Chinese labels are what users read. `awaiting-hukou-city` is only for kinds whose
 * eligibility the hukou place confirms: until the cross-region gateway exists an officer
 * records the hukou city's answer.
 */
export const ASSISTANCE_STATES = [
  'submitted', // 已提交，待受理
  'awaiting-hukou-city', // 待户籍地认定资格
  'under-review', // 审核中
  'approved', // 已批准，发放中
  'suspended', // 暂停发放
  'rejected', // 不予批准（含户籍地不予认定）
  'ended', // 已终止
] as const;

export type AssistanceState = (typeof ASSISTANCE_STATES)[number];

/** The states in which nothing happens any more. */
export const CLOSED_ASSISTANCE_STATES = ['rejected', 'ended'] as const satisfies readonly AssistanceState[];
export type ClosedAssistanceState = (typeof CLOSED_ASSISTANCE_STATES)[number];

/** The states a step is due in (approved runs without a due date; closed ones have none). */
export const DUE_ASSISTANCE_STATES = [
  'submitted',
  'awaiting-hukou-city',
  'under-review',
  'suspended',
] as const satisfies readonly AssistanceState[];
export type DueAssistanceState = (typeof DUE_ASSISTANCE_STATES)[number];

export const ASSISTANCE_STATE_LABELS: Readonly<Record<AssistanceState, string>> = {
  submitted: '已提交，待受理',
  'awaiting-hukou-city': '待户籍地认定资格',
  'under-review': '审核中',
  approved: '已批准，发放中',
  suspended: '暂停发放',
  rejected: '不予批准',
  ended: '已终止',
};

export function isAssistanceState(value: unknown): value is AssistanceState {
  return typeof value === 'string' && (ASSISTANCE_STATES as readonly string[]).includes(value);
}

export function isClosedAssistanceState(state: AssistanceState): state is ClosedAssistanceState {
  return (CLOSED_ASSISTANCE_STATES as readonly string[]).includes(state);
}

export function isDueAssistanceState(state: AssistanceState): state is DueAssistanceState {
  return (DUE_ASSISTANCE_STATES as readonly string[]).includes(state);
}

/**
 * Who acts on an application: the deciding department's officer (民政部门 or 残联, by kind),
 * and the child director (儿童主任), who may submit on the family's behalf (协助申领) but
 * decides nothing.
 */
export const ASSISTANCE_PARTIES = ['civil-affairs', 'disabled-persons-federation', 'child-director'] as const;
export type AssistanceParty = (typeof ASSISTANCE_PARTIES)[number];

export const ASSISTANCE_PARTY_LABELS: Readonly<Record<AssistanceParty, string>> = {
  'civil-affairs': '民政部门',
  'disabled-persons-federation': '残联',
  'child-director': '儿童主任',
};

/** The hukou city's answer, as an officer records it. */
export type HukouAnswer = 'confirmed' | 'denied';

export const HUKOU_ANSWER_LABELS: Readonly<Record<HukouAnswer, string>> = {
  confirmed: '户籍地已确认资格',
  denied: '户籍地不予认定',
};

/**
 * Why an application ended: the deciding department's step (`end`, its reason in words), or the
 * registry's move-out (迁出) of the child, recorded by the system.
 */
export const ASSISTANCE_END_REASONS = ['department-decision', 'moved-out'] as const;
export type AssistanceEndReason = (typeof ASSISTANCE_END_REASONS)[number];

export const ASSISTANCE_END_REASON_LABELS: Readonly<Record<AssistanceEndReason, string>> = {
  'department-decision': '主管部门决定终止',
  'moved-out': '儿童迁出本市',
};

/** What the rules need to know of an application. */
export interface AssistanceApplicationStatus {
  readonly kind: string;
  readonly state: AssistanceState;
  readonly submittedOn: LocalDate;
  /** The day the application entered its current state. */
  readonly stateSince: LocalDate;
  /** The day of its last step: the next step may not be dated earlier. */
  readonly lastStepOn: LocalDate;
  /** The hukou county (6-digit division code) for kinds the hukou place confirms; null otherwise. */
  readonly hukouCountyCode: string | null;
  readonly hukouAnswer: HukouAnswer | null;
  readonly hukouAnsweredOn: LocalDate | null;
  /** The hukou city's reference (复函文号), if the officer recorded one. */
  readonly hukouReference: string;
  /** Set on approval. */
  readonly amountFen: number | null;
  /** YYYY-MM: the first month paid (or the month of a one-off payment). */
  readonly startMonth: string | null;
  readonly approvedOn: LocalDate | null;
  /** Why it was rejected, denied, suspended or ended (free text: never logged); null otherwise. */
  readonly reason: string | null;
  /** Set when ended; null otherwise. */
  readonly endReason: AssistanceEndReason | null;
}
