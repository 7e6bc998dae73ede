import { addDays, compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import { problem, type HealthProblem, type Validated } from '../problem';

// 社区康复转介 (精神障碍社区康复服务, the second half of the catalogue's 健康管理服务 item for
// this group): a managed patient is referred to a community rehabilitation institution, which
// accepts, the rehabilitation starts, and it ends with a reason. A pure state machine.

export const REHABILITATION_STATES = ['referred', 'accepted', 'in-rehabilitation', 'ended'] as const;
export type RehabilitationState = (typeof REHABILITATION_STATES)[number];
export type OpenRehabilitationState = Exclude<RehabilitationState, 'ended'>;
export const OPEN_REHABILITATION_STATES = REHABILITATION_STATES.filter(
  (s): s is OpenRehabilitationState => s !== 'ended',
);

export const REHABILITATION_STATE_LABELS: Readonly<Record<RehabilitationState, string>> = {
  referred: '已转介，待康复机构接收',
  accepted: '康复机构已接收，待开始康复',
  'in-rehabilitation': '康复中',
  ended: '已结束',
};

export const REHABILITATION_ACTIONS = ['accept', 'start', 'end'] as const;
export type RehabilitationAction = (typeof REHABILITATION_ACTIONS)[number];

export function isRehabilitationAction(value: unknown): value is RehabilitationAction {
  return typeof value === 'string' && (REHABILITATION_ACTIONS as readonly string[]).includes(value);
}

export interface RehabilitationTransition {
  readonly label: string;
  readonly from: readonly OpenRehabilitationState[];
  readonly to: RehabilitationState;
}

/** The transition table: the only steps a referral can take. */
export const REHABILITATION_TRANSITIONS: Readonly<Record<RehabilitationAction, RehabilitationTransition>> = {
  accept: { label: '康复机构接收', from: ['referred'], to: 'accepted' },
  start: { label: '开始康复', from: ['accepted'], to: 'in-rehabilitation' },
  end: { label: '结束', from: ['referred', 'accepted', 'in-rehabilitation'], to: 'ended' },
};

export const REHABILITATION_END_REASONS = [
  'completed',
  'not-accepted',
  'guardian-withdrew',
  'moved-away',
  'hospitalised',
  'other',
] as const;
export type RehabilitationEndReason = (typeof REHABILITATION_END_REASONS)[number];

/** Each reason with the states it may end (康复完成 only from 康复中, 机构未接收 only before接收). */
export const REHABILITATION_END_REASON_RULES: Readonly<
  Record<
    RehabilitationEndReason,
    { readonly label: string; readonly from: readonly OpenRehabilitationState[] }
  >
> = {
  completed: { label: '康复完成', from: ['in-rehabilitation'] },
  'not-accepted': { label: '康复机构未接收', from: ['referred'] },
  'guardian-withdrew': { label: '监护人撤回同意', from: ['referred', 'accepted', 'in-rehabilitation'] },
  'moved-away': { label: '迁出本地', from: ['referred', 'accepted', 'in-rehabilitation'] },
  hospitalised: { label: '住院治疗', from: ['referred', 'accepted', 'in-rehabilitation'] },
  other: { label: '其他原因', from: ['referred', 'accepted', 'in-rehabilitation'] },
};

export function isRehabilitationEndReason(value: unknown): value is RehabilitationEndReason {
  return typeof value === 'string' && (REHABILITATION_END_REASONS as readonly string[]).includes(value);
}

/**
 * Days a state may last before its next step is due, from the day it was entered: the
 * institution's acceptance (`referred`) and the start of rehabilitation (`accepted`). The
 * programme sets no time limit: configuration (SEVERE_MENTAL_DISORDER_REHABILITATION_DUE_DAYS)
 * with these defaults, NOT verified against any document.
 */
export type RehabilitationDueDays = Readonly<Record<'referred' | 'accepted', number>>;
export const REHABILITATION_DUE_STATES = ['referred', 'accepted'] as const;
export const DEFAULT_REHABILITATION_DUE_DAYS: RehabilitationDueDays = { referred: 10, accepted: 14 };

export function assertRehabilitationDueDays(days: RehabilitationDueDays): void {
  for (const [state, n] of Object.entries(days))
    if (!Number.isInteger(n) || n < 1 || n > 365)
      throw new RangeError(
        `rehabilitation due days of ${state} must be a whole number from 1 to 365, got ${n}`,
      );
}

export interface RehabilitationStatus {
  readonly state: RehabilitationState;
  readonly referredOn: LocalDate;
  readonly stateSince: LocalDate;
  readonly endReason?: RehabilitationEndReason;
  readonly endedOn?: LocalDate;
}

function dateProblems(on: string, asOf: LocalDate, notBefore: LocalDate | undefined): HealthProblem[] {
  if (!isLocalDate(on)) return [problem('on', '日期格式', '办理日期须为 YYYY-MM-DD 日期')];
  if (compareDates(on, asOf) > 0) return [problem('on', '不晚于今日', `办理日期不能晚于今日（${asOf}）`)];
  if (notBefore !== undefined && compareDates(on, notBefore) < 0)
    return [problem('on', '不早于上一步', `办理日期不能早于上一步的日期（${notBefore}）`)];
  return [];
}

/**
 * A referral opens in `referred` on a day not after today and not before the start of the
 * patient's management; only a managed patient (the guardian consented) is referred.
 */
export function openRehabilitationReferral(
  on: string,
  asOf: LocalDate,
  patient: { readonly guardianConsent: boolean; readonly managedSince?: LocalDate },
): Validated<RehabilitationStatus> {
  const problems: HealthProblem[] = [];
  if (!patient.guardianConsent || patient.managedSince === undefined)
    problems.push(problem('guardianConsent', '须监护人同意管理', '监护人未同意纳入管理，不能转介社区康复'));
  else if (isLocalDate(on) && compareDates(on, patient.managedSince) < 0)
    problems.push(
      problem('on', '不早于纳入管理日期', `转介日期不能早于纳入管理日期（${patient.managedSince}）`),
    );
  problems.push(...dateProblems(on, asOf, undefined));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { state: 'referred', referredOn: on, stateSince: on } };
}

export function availableRehabilitationActions(status: RehabilitationStatus): RehabilitationAction[] {
  const state = status.state;
  if (state === 'ended') return [];
  return REHABILITATION_ACTIONS.filter((a) => REHABILITATION_TRANSITIONS[a].from.includes(state));
}

/** The end reasons that apply in a state (for the interface's choices). */
export function availableEndReasons(state: RehabilitationState): RehabilitationEndReason[] {
  if (state === 'ended') return [];
  return REHABILITATION_END_REASONS.filter((r) => REHABILITATION_END_REASON_RULES[r].from.includes(state));
}

export interface RehabilitationStep {
  readonly action: RehabilitationAction;
  readonly on: string;
  readonly endReason?: string;
}

export interface RehabilitationStepResult {
  readonly status: RehabilitationStatus;
  readonly from: RehabilitationState;
  readonly to: RehabilitationState;
}

/**
 * One step, or every problem with it: the action must apply to the state (nothing after
 * `ended`); `end` needs a reason that applies to the state, and no other action takes one; the
 * date is a date, not after today, not before the state was entered.
 */
export function applyRehabilitationStep(
  status: RehabilitationStatus,
  step: RehabilitationStep,
  asOf: LocalDate,
): Validated<RehabilitationStepResult> {
  const rule = REHABILITATION_TRANSITIONS[step.action];
  const current = status.state;
  if (current === 'ended')
    return {
      ok: false,
      problems: [
        problem(
          'action',
          '已结束不再办理',
          `社区康复转介已结束，不能「${rule.label}」（规则：已结束的转介不再办理）`,
        ),
      ],
    };
  const problems: HealthProblem[] = [];
  if (!rule.from.includes(current)) {
    const states = rule.from.map((s) => `「${REHABILITATION_STATE_LABELS[s]}」`).join('、');
    problems.push(
      problem(
        'action',
        `${rule.label}的适用状态`,
        `当前为「${REHABILITATION_STATE_LABELS[current]}」，不能「${rule.label}」：仅适用于${states}`,
      ),
    );
  }
  if (step.action === 'end') {
    if (step.endReason === undefined || step.endReason === '')
      problems.push(problem('endReason', '须说明结束原因', '结束社区康复转介须选择结束原因（endReason）'));
    else if (!isRehabilitationEndReason(step.endReason))
      problems.push(
        problem(
          'endReason',
          '须为所列结束原因',
          `结束原因须为 ${REHABILITATION_END_REASONS.map((r) => `${r}（${REHABILITATION_END_REASON_RULES[r].label}）`).join('、')} 之一`,
        ),
      );
    else if (!REHABILITATION_END_REASON_RULES[step.endReason].from.includes(current)) {
      const reason = REHABILITATION_END_REASON_RULES[step.endReason];
      problems.push(
        problem(
          'endReason',
          '结束原因与状态不符',
          `当前为「${REHABILITATION_STATE_LABELS[current]}」，结束原因不能为「${reason.label}」：仅适用于${reason.from
            .map((s) => `「${REHABILITATION_STATE_LABELS[s]}」`)
            .join('、')}`,
        ),
      );
    }
  } else if (step.endReason !== undefined && step.endReason !== '')
    problems.push(problem('endReason', '仅结束时填写', `「${rule.label}」不填结束原因`));
  problems.push(...dateProblems(step.on, asOf, status.stateSince));
  if (problems.length > 0) return { ok: false, problems };
  const on = step.on;
  if (rule.to === 'ended')
    return {
      ok: true,
      value: {
        from: current,
        to: 'ended',
        status: {
          state: 'ended',
          referredOn: status.referredOn,
          stateSince: on,
          endReason: step.endReason as RehabilitationEndReason,
          endedOn: on,
        },
      },
    };
  return {
    ok: true,
    value: {
      from: current,
      to: rule.to,
      status: { state: rule.to, referredOn: status.referredOn, stateSince: on },
    },
  };
}

/** When the next step is due (接收, 开始康复); none in rehabilitation or once ended. */
export function rehabilitationDueOn(
  status: RehabilitationStatus,
  dueDays: RehabilitationDueDays = DEFAULT_REHABILITATION_DUE_DAYS,
): LocalDate | undefined {
  switch (status.state) {
    case 'referred':
    case 'accepted':
      return addDays(status.stateSince, dueDays[status.state]);
    case 'in-rehabilitation':
    case 'ended':
      return undefined;
  }
}
