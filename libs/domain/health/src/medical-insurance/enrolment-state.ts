import { compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import { problem, quoted, type HealthProblem } from '../problem';

/**
 * The life of one enrolment (one child, one coverage year) in the resident medical insurance:
 *
 *   applied ──enrol──▶ enrolled ──transfer-out──▶ transferred-out
 *      └────refuse──▶ refused
 *
 * and, with the calendar, an enrolment whose coverage year has ended is `lapsed` (断保) unless
 * the next year is enrolled (`renewed`, 已续保). The stored states are the first four; the
 * last two are derived on every read, so nothing has to be written at midnight on 31 December.
 */
export type EnrolmentState = 'applied' | 'enrolled' | 'refused' | 'transferred-out';
export type EffectiveEnrolmentState = EnrolmentState | 'lapsed' | 'renewed';

export const ENROLMENT_STATES: readonly EnrolmentState[] = [
  'applied',
  'enrolled',
  'refused',
  'transferred-out',
];

export const ENROLMENT_STATE_LABELS: Readonly<Record<EffectiveEnrolmentState, string>> = {
  applied: '已申请，待医保部门审核缴费',
  enrolled: '已参保',
  refused: '未予参保',
  'transferred-out': '已转出（关系转移）',
  lapsed: '年度届满未续保（断保）',
  renewed: '年度届满，已续保下一年度',
};

export type EnrolmentAction = 'enrol' | 'refuse' | 'transfer-out';
export const ENROLMENT_ACTIONS: readonly EnrolmentAction[] = ['enrol', 'refuse', 'transfer-out'];

export const ENROLMENT_TRANSITIONS: Readonly<
  Record<
    EnrolmentAction,
    { readonly from: EnrolmentState; readonly to: EnrolmentState; readonly label: string }
  >
> = {
  enrol: { from: 'applied', to: 'enrolled', label: '确认参保（缴费到账或资助参保）' },
  refuse: { from: 'applied', to: 'refused', label: '不予参保（须说明原因）' },
  'transfer-out': { from: 'enrolled', to: 'transferred-out', label: '转出（医保关系转移）' },
};

/** What a step needs of the enrolment. */
export interface EnrolmentStatus {
  readonly state: EnrolmentState;
  readonly appliedOn: LocalDate;
  readonly coverageEnd: LocalDate;
  /** The day the enrolment was confirmed, once enrolled. */
  readonly enrolledOn: LocalDate | null;
}

export interface EnrolmentStepInput {
  readonly action: string;
  readonly on: string;
  readonly reason?: string;
}

export const ENROLMENT_REASON_MAX_LENGTH = 200;

export type EnrolmentStepCheck =
  | {
      readonly ok: true;
      readonly action: EnrolmentAction;
      readonly from: EnrolmentState;
      readonly to: EnrolmentState;
      readonly on: LocalDate;
      /** NFKC-normalised and trimmed ('' when none). */
      readonly reason: string;
    }
  | { readonly ok: false; readonly problems: readonly HealthProblem[] };

/**
 * Checks a step on an enrolment, naming every problem: the action is one of the table, allowed
 * from the current state, on a date that is not after today nor before the application (for a
 * transfer: not before the enrolment and within its coverage year); a refusal carries a reason.
 */
export function checkEnrolmentStep(
  status: EnrolmentStatus,
  input: EnrolmentStepInput,
  asOf: LocalDate,
): EnrolmentStepCheck {
  const problems: HealthProblem[] = [];
  const action = ENROLMENT_ACTIONS.find((a) => a === input.action);
  if (action === undefined)
    problems.push(
      problem(
        'action',
        '办理事项',
        `办理事项须为 ${ENROLMENT_ACTIONS.join('、')} 之一，实为 ${quoted(String(input.action))}`,
      ),
    );
  const transition = action === undefined ? undefined : ENROLMENT_TRANSITIONS[action];
  if (transition !== undefined && transition.from !== status.state)
    problems.push(
      problem(
        'action',
        '当前状态不能办理',
        `参保记录当前为"${ENROLMENT_STATE_LABELS[status.state]}"，不能办理"${transition.label}"（仅"${ENROLMENT_STATE_LABELS[transition.from]}"时可办理）`,
      ),
    );
  const on = input.on;
  if (typeof on !== 'string' || !isLocalDate(on))
    problems.push(
      problem('on', '日期格式', `办理日期须为 YYYY-MM-DD 格式的日历日期，实为 ${quoted(String(on))}`),
    );
  else {
    if (compareDates(on, asOf) > 0)
      problems.push(problem('on', '不晚于今日', `办理日期 ${on} 不能晚于今日 ${asOf}`));
    if (compareDates(on, status.appliedOn) < 0)
      problems.push(problem('on', '不早于申请日期', `办理日期 ${on} 早于申请日期 ${status.appliedOn}`));
    if (action === 'transfer-out' && status.enrolledOn !== null && compareDates(on, status.enrolledOn) < 0)
      problems.push(problem('on', '不早于参保日期', `转出日期 ${on} 早于参保日期 ${status.enrolledOn}`));
    if (action === 'transfer-out' && compareDates(on, status.coverageEnd) > 0)
      problems.push(
        problem(
          'on',
          '须在参保年度内',
          `转出日期 ${on} 晚于参保年度结束日 ${status.coverageEnd}（该年度已届满）`,
        ),
      );
  }
  const reason = typeof input.reason === 'string' ? input.reason.normalize('NFKC').trim() : '';
  if (input.reason !== undefined && typeof input.reason !== 'string')
    problems.push(problem('reason', '原因格式', '原因须为文本'));
  else if ([...reason].length > ENROLMENT_REASON_MAX_LENGTH)
    problems.push(problem('reason', '原因长度', `原因最多${ENROLMENT_REASON_MAX_LENGTH}字`));
  if (action === 'refuse' && reason === '')
    problems.push(
      problem('reason', '不予参保须说明原因', '不予参保时须填写原因（reason），不得填写个人信息'),
    );
  if (problems.length > 0 || action === undefined || transition === undefined) return { ok: false, problems };
  return { ok: true, action, from: transition.from, to: transition.to, on: on as LocalDate, reason };
}

/**
 * The state as of a day: an enrolled year that has ended is `renewed` when the next year is
 * enrolled (or was enrolled and transferred out later), else `lapsed`.
 */
export function effectiveEnrolmentState(
  status: Pick<EnrolmentStatus, 'state' | 'coverageEnd'>,
  asOf: LocalDate,
  nextYear: EnrolmentState | null,
): EffectiveEnrolmentState {
  if (status.state !== 'enrolled' || compareDates(asOf, status.coverageEnd) <= 0) return status.state;
  return nextYear === 'enrolled' || nextYear === 'transferred-out' ? 'renewed' : 'lapsed';
}

/** The child's insurance in a year, from the records of that year and the one before. */
export type YearCoverage = 'enrolled' | 'applied' | 'refused' | 'transferred-out' | 'lapsed' | 'not-enrolled';

export const YEAR_COVERAGE_LABELS: Readonly<Record<YearCoverage, string>> = {
  enrolled: '本年度已在居住地参保',
  applied: '本年度已申请，待审核缴费',
  refused: '本年度未予参保',
  'transferred-out': '本年度已转出',
  lapsed: '上一年度参保，本年度未续保（断保）',
  'not-enrolled': '本年度未在居住地参保',
};

export function yearCoverage(thisYear: EnrolmentState | null, lastYear: EnrolmentState | null): YearCoverage {
  if (thisYear !== null) return thisYear;
  return lastYear === 'enrolled' ? 'lapsed' : 'not-enrolled';
}
