import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  isLocalDate,
  type LocalDate,
} from '@care/child-rules';
import { institutionCodeProblem } from '../child-health/institution-code';
import { problem, quoted, type HealthProblem, type Validated } from '../problem';
import {
  CONTRACT_STATUS_LABELS,
  OFFICER_TERMINATION_REASONS,
  TERMINATION_REASON_LABELS,
  type ContractState,
  type ContractStatus,
  type TerminationReason,
} from './vocabulary';

/**
 * 家庭医生签约 for a migrant child: a contract with a family-doctor team of a medical institution
 * for a term (one year by default, the national practice of 签约服务 renewed yearly), renewed near
 * its end, terminated with a reason, ended by the registry's move-out. One contract in force per
 * child. Configuration of the service: FAMILY_DOCTOR_TERM_MONTHS, _RENEWAL_WINDOW_DAYS,
 * _EXPIRING_DAYS.
 */
export interface ContractPolicy {
  /** The term of a signing or renewal when none is asked for. */
  readonly termMonths: number;
  /** A contract may be renewed from this many days before its last day. */
  readonly renewalWindowDays: number;
  /** A contract is 即将到期 within this many days of its last day. */
  readonly expiringDays: number;
}

export const DEFAULT_CONTRACT_POLICY: ContractPolicy = {
  termMonths: 12,
  renewalWindowDays: 60,
  expiringDays: 30,
};

/** A term may be 1..36 months (longer than the usual year only where a county decides so). */
export const MAX_TERM_MONTHS = 36;

/** What the rules read of a stored contract. */
export interface ContractSnapshot {
  readonly state: ContractState;
  readonly startDate: LocalDate;
  /** The last day of the contract (renewals move it). */
  readonly endDate: LocalDate;
  /** The day a terminated contract ended. */
  readonly endedOn: LocalDate | null;
}

/** The last day of a term of `months` starting on `start` (a year from 2026-03-01 ends 2027-02-28). */
export function contractEnd(start: LocalDate, months: number): LocalDate {
  return addDays(addMonths(start, months), -1);
}

/** Where a contract stands on `asOf`, and the days left to its last day (0 once ended). */
export function contractStatus(
  contract: ContractSnapshot,
  asOf: LocalDate,
  expiringDays: number,
): { readonly status: ContractStatus; readonly statusLabel: string; readonly daysLeft: number } {
  let status: ContractStatus;
  if (contract.state === 'terminated') status = 'terminated';
  else if (compareDates(contract.endDate, asOf) < 0) status = 'expired';
  else if (daysBetween(asOf, contract.endDate) <= expiringDays) status = 'expiring-soon';
  else status = 'active';
  const inForce = status === 'active' || status === 'expiring-soon';
  return {
    status,
    statusLabel: CONTRACT_STATUS_LABELS[status],
    daysLeft: inForce ? daysBetween(asOf, contract.endDate) : 0,
  };
}

/** Signed and not past its last day. */
export function isInForce(contract: ContractSnapshot, asOf: LocalDate): boolean {
  return contract.state === 'signed' && compareDates(contract.endDate, asOf) >= 0;
}

export interface SigningInput {
  readonly teamCode: string;
  readonly institutionCode: string;
  /** Default today. */
  readonly startDate?: string;
  /** Default the policy's term. */
  readonly termMonths?: number;
}

export interface SigningContext {
  readonly asOf: LocalDate;
  readonly birthDate: LocalDate | null;
  readonly isMigrant: boolean;
  readonly movedOut: boolean;
  /** The child's latest contract (any state), or null. The caller handles one still in force. */
  readonly latest: ContractSnapshot | null;
}

export interface Signing {
  readonly teamCode: string;
  readonly institutionCode: string;
  readonly startDate: LocalDate;
  readonly endDate: LocalDate;
  readonly termMonths: number;
}

/** 团队代码: the institution's own code of the team (letters, digits, '-'). */
export const TEAM_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;

function termProblem(termMonths: unknown): HealthProblem | undefined {
  if (
    typeof termMonths === 'number' &&
    Number.isInteger(termMonths) &&
    termMonths >= 1 &&
    termMonths <= MAX_TERM_MONTHS
  )
    return undefined;
  return problem(
    'termMonths',
    '签约期限',
    `签约期限须为 1 至 ${MAX_TERM_MONTHS} 的整数（月），实为 ${quoted(String(termMonths))}`,
  );
}

function institutionProblem(code: unknown): HealthProblem | undefined {
  switch (institutionCodeProblem(code)) {
    case undefined:
      return undefined;
    case 'format':
      return problem(
        'institutionCode',
        '机构代码格式',
        `机构代码须为18位统一社会信用代码（数字和大写字母，不含 I、O、Z、S、V），实为 ${quoted(String(code))}`,
      );
    case 'check':
      return problem('institutionCode', '机构代码校验位', `机构代码 ${String(code)} 的校验位不正确`);
  }
}

/**
 * Checks a new signing, naming every problem: the child is a migrant child who has not moved
 * out; the team and institution codes; the term; the start a date, not before the birth, not
 * after today, not so long ago that the term has already ended, and after the end of the child's
 * previous contract (no two contracts overlap). A contract still in force is the caller's
 * (a replay or a conflict), not a problem of the input.
 */
export function checkSigning(
  input: SigningInput,
  context: SigningContext,
  policy: ContractPolicy,
): Validated<Signing> {
  const problems: HealthProblem[] = [];
  if (context.movedOut)
    problems.push(problem('childId', '已迁出不能签约', '登记服务显示该儿童已迁出本地，不能新签家庭医生'));
  else if (!context.isMigrant)
    problems.push(problem('childId', '须为流动儿童', '登记服务显示该儿童不是居住在本地的流动儿童'));
  if (typeof input.teamCode !== 'string' || !TEAM_CODE_PATTERN.test(input.teamCode))
    problems.push(
      problem(
        'teamCode',
        '团队代码格式',
        `家庭医生团队代码须为1至32位字母、数字或“-”，实为 ${quoted(String(input.teamCode))}`,
      ),
    );
  const institution = institutionProblem(input.institutionCode);
  if (institution !== undefined) problems.push(institution);
  const termMonths = input.termMonths ?? policy.termMonths;
  const term = termProblem(termMonths);
  if (term !== undefined) problems.push(term);
  const startDate = input.startDate ?? context.asOf;
  if (typeof startDate !== 'string' || !isLocalDate(startDate)) {
    problems.push(
      problem(
        'startDate',
        '日期格式',
        `签约开始日期须为 YYYY-MM-DD 格式的日历日期，实为 ${quoted(String(startDate))}`,
      ),
    );
    return { ok: false, problems };
  }
  if (compareDates(startDate, context.asOf) > 0)
    problems.push(
      problem('startDate', '不晚于今日', `签约开始日期 ${startDate} 不能晚于今日 ${context.asOf}`),
    );
  if (context.birthDate !== null && compareDates(startDate, context.birthDate) < 0)
    problems.push(problem('startDate', '不早于出生日期', `签约开始日期 ${startDate} 早于儿童出生日期`));
  const endDate = term === undefined ? contractEnd(startDate, termMonths) : null;
  if (endDate !== null && compareDates(endDate, context.asOf) < 0)
    problems.push(
      problem(
        'startDate',
        '签约期须未届满',
        `自 ${startDate} 起 ${termMonths} 个月的签约已于 ${endDate} 届满，不能补签`,
      ),
    );
  const previousEnd = context.latest === null ? null : (context.latest.endedOn ?? context.latest.endDate);
  if (previousEnd !== null && compareDates(startDate, previousEnd) <= 0)
    problems.push(
      problem(
        'startDate',
        '不早于上一份签约结束',
        `签约开始日期 ${startDate} 须晚于上一份签约的结束日期 ${previousEnd}`,
      ),
    );
  if (problems.length > 0 || endDate === null) return { ok: false, problems };
  return {
    ok: true,
    value: {
      teamCode: input.teamCode,
      institutionCode: input.institutionCode,
      startDate,
      endDate,
      termMonths,
    },
  };
}

/** Why a step cannot apply to the contract as it stands, or undefined. */
function inForceProblem(
  contract: ContractSnapshot,
  asOf: LocalDate,
  what: '续约' | '解约',
): HealthProblem | undefined {
  if (contract.state === 'terminated')
    return problem(
      'action',
      '须为有效签约',
      what === '续约'
        ? `该签约已于 ${contract.endedOn ?? '—'} 解约，不能续约，请重新签约`
        : `该签约已于 ${contract.endedOn ?? '—'} 解约`,
    );
  if (compareDates(contract.endDate, asOf) < 0)
    return problem(
      'action',
      '须为有效签约',
      what === '续约'
        ? `该签约已于 ${contract.endDate} 到期，请重新签约`
        : `该签约已于 ${contract.endDate} 到期，无需解约`,
    );
  return undefined;
}

export interface Renewal {
  readonly termMonths: number;
  /** The new last day: a term after the current last day. */
  readonly endDate: LocalDate;
}

/**
 * A renewal (续约) of a contract in force, from `renewalWindowDays` before its last day: the
 * contract goes on for another term from the day after its last day (no gap, no overlap).
 */
export function checkRenewal(
  contract: ContractSnapshot,
  input: { readonly termMonths?: number },
  asOf: LocalDate,
  policy: ContractPolicy,
): Validated<Renewal> {
  const problems: HealthProblem[] = [];
  const state = inForceProblem(contract, asOf, '续约');
  if (state !== undefined) problems.push(state);
  const opensOn = addDays(contract.endDate, -policy.renewalWindowDays);
  if (state === undefined && compareDates(asOf, opensOn) < 0)
    problems.push(
      problem(
        'action',
        '续约须在到期前规定天数内',
        `续约须在到期前 ${policy.renewalWindowDays} 天内办理（到期日 ${contract.endDate}，最早 ${opensOn}）`,
      ),
    );
  const termMonths = input.termMonths ?? policy.termMonths;
  const term = termProblem(termMonths);
  if (term !== undefined) problems.push(term);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { termMonths, endDate: contractEnd(addDays(contract.endDate, 1), termMonths) } };
}

export interface Termination {
  readonly reason: TerminationReason;
  readonly on: LocalDate;
}

/**
 * A termination (解约) by an officer: a contract in force, a reason of the officer's list (the
 * move-out is the registry's), and a day from the contract's start to today (and not after its
 * last day).
 */
export function checkTermination(
  contract: ContractSnapshot,
  input: { readonly reason?: string; readonly on?: string },
  asOf: LocalDate,
): Validated<Termination> {
  const problems: HealthProblem[] = [];
  const state = inForceProblem(contract, asOf, '解约');
  if (state !== undefined) problems.push(state);
  const reason = OFFICER_TERMINATION_REASONS.find((r) => r === input.reason);
  if (reason === undefined)
    problems.push(
      problem(
        'reason',
        '解约原因',
        `解约原因须为 ${OFFICER_TERMINATION_REASONS.map((r) => `${r}（${TERMINATION_REASON_LABELS[r]}）`).join('、')} 之一，实为 ${quoted(String(input.reason))}`,
      ),
    );
  const on = input.on ?? asOf;
  if (typeof on !== 'string' || !isLocalDate(on))
    problems.push(
      problem('on', '日期格式', `解约日期须为 YYYY-MM-DD 格式的日历日期，实为 ${quoted(String(on))}`),
    );
  else {
    if (compareDates(on, asOf) > 0)
      problems.push(problem('on', '不晚于今日', `解约日期 ${on} 不能晚于今日 ${asOf}`));
    if (compareDates(on, contract.startDate) < 0)
      problems.push(problem('on', '不早于签约开始', `解约日期 ${on} 早于签约开始日期 ${contract.startDate}`));
  }
  if (problems.length > 0 || reason === undefined) return { ok: false, problems };
  return { ok: true, value: { reason, on: on as LocalDate } };
}

/**
 * The end of a contract on the registry's move-out: a contract signed and not already past its
 * last day on the move-out day ends that day (or on its start, for a contract signed after the
 * day the registry dates the move); anything else is left as it is (null).
 */
export function moveOutTermination(contract: ContractSnapshot, movedOutOn: LocalDate): Termination | null {
  if (contract.state !== 'signed' || compareDates(contract.endDate, movedOutOn) < 0) return null;
  const on = compareDates(movedOutOn, contract.startDate) < 0 ? contract.startDate : movedOutOn;
  return { reason: 'moved-out', on };
}
