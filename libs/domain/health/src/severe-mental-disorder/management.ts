import { addDays, compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import { institutionCodeProblem } from '../child-health/institution-code';
import { problem, type HealthProblem, type Validated } from '../problem';
import { plusSpan } from '../schedule';
import {
  SEVERE_MENTAL_DISORDER_PROGRAMME,
  findAdherence,
  findDiagnosisCategory,
  findStability,
  type SevereMentalDisorderProgramme,
} from './programme';

// 严重精神障碍患者管理 of a child living at home: the patient record (患者信息管理), the
// follow-ups with their risk assessment (随访评估, 危险性评估) and the next follow-up due by the
// stability class (分类干预). Rules only: no identity, no free text.

/**
 * The settings the programme leaves open (SEVERE_MENTAL_DISORDER_* in the app's config):
 * - firstFollowUpDays: days from the start of management (the guardian's consent) to the first
 *   follow-up. NOT in the service specification: a default of 14 days, to be confirmed locally.
 * - dueSoonDays: a follow-up is listed as due (应随访) this many days before its date.
 */
export interface ManagementRules {
  readonly firstFollowUpDays: number;
  readonly dueSoonDays: number;
}

export const DEFAULT_MANAGEMENT_RULES: ManagementRules = { firstFollowUpDays: 14, dueSoonDays: 7 };

export function assertManagementRules(rules: ManagementRules): void {
  for (const [name, value, min] of [
    ['firstFollowUpDays', rules.firstFollowUpDays, 1],
    ['dueSoonDays', rules.dueSoonDays, 0],
  ] as const)
    if (!Number.isInteger(value) || value < min || value > 365)
      throw new RangeError(`${name} must be a whole number from ${min} to 365, got ${value}`);
}

export interface PatientRecordInput {
  readonly diagnosisCategory: string;
  /** 诊断机构: the 统一社会信用代码 of the institution that made the diagnosis. */
  readonly diagnosingInstitutionCode: string;
  readonly diagnosisDate: string;
  /** 监护人同意纳入管理 (知情同意), yes or no. */
  readonly guardianConsent: boolean;
}

function dateProblems(
  field: string,
  what: string,
  on: string,
  asOf: LocalDate,
  notBefore?: { readonly date: LocalDate; readonly rule: string; readonly what: string },
): HealthProblem[] {
  if (!isLocalDate(on)) return [problem(field, '日期格式', `${what}须为 YYYY-MM-DD 日期`)];
  if (compareDates(on, asOf) > 0) return [problem(field, '不晚于今日', `${what}不能晚于今日（${asOf}）`)];
  if (notBefore !== undefined && compareDates(on, notBefore.date) < 0)
    return [problem(field, notBefore.rule, `${what}不能早于${notBefore.what}（${notBefore.date}）`)];
  return [];
}

/** A 统一社会信用代码 of an institution (诊断机构, 康复机构), its problems named for `field`. */
export function institutionCodeProblems(field: string, what: string, code: string): HealthProblem[] {
  switch (institutionCodeProblem(code)) {
    case undefined:
      return [];
    case 'format':
      return [problem(field, '统一社会信用代码格式', `${what}须为18位统一社会信用代码（数字和大写字母）`)];
    case 'check':
      return [problem(field, '统一社会信用代码校验位', `${what}的校验位不正确，请核对`)];
  }
}

/** A patient record as entered: every problem at once, or the record. */
export function validatePatientRecord(
  input: PatientRecordInput,
  context: { readonly asOf: LocalDate; readonly birthDate?: LocalDate },
  programme: SevereMentalDisorderProgramme = SEVERE_MENTAL_DISORDER_PROGRAMME,
): Validated<PatientRecordInput> {
  const problems: HealthProblem[] = [];
  if (findDiagnosisCategory(programme, input.diagnosisCategory) === undefined)
    problems.push(
      problem(
        'diagnosisCategory',
        '须为规范所列病种',
        `诊断类别须为 ${programme.diagnosisCategories.map((c) => `${c.code}（${c.label}）`).join('、')} 之一`,
      ),
    );
  problems.push(
    ...institutionCodeProblems('diagnosingInstitutionCode', '诊断机构代码', input.diagnosingInstitutionCode),
  );
  problems.push(
    ...dateProblems(
      'diagnosisDate',
      '诊断日期',
      input.diagnosisDate,
      context.asOf,
      context.birthDate === undefined
        ? undefined
        : { date: context.birthDate, rule: '不早于出生日期', what: '出生日期' },
    ),
  );
  if (typeof input.guardianConsent !== 'boolean')
    problems.push(problem('guardianConsent', '须填是或否', '监护人是否同意纳入管理须为 true 或 false'));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: input };
}

/** Where a patient's management stands, as the rules see it. */
export interface ManagementStatus {
  readonly registeredOn: LocalDate;
  readonly guardianConsent: boolean;
  /** Since when the patient is managed (the consent's date); absent without consent. */
  readonly managedSince?: LocalDate;
  /** The latest day of a follow-up or a consent change: later records are not before it. */
  readonly lastRecordOn: LocalDate;
  readonly lastFollowUpOn?: LocalDate;
  readonly lastStability?: string;
  readonly followUps: number;
}

export function registerPatient(registeredOn: LocalDate, guardianConsent: boolean): ManagementStatus {
  return {
    registeredOn,
    guardianConsent,
    ...(guardianConsent ? { managedSince: registeredOn } : {}),
    lastRecordOn: registeredOn,
    followUps: 0,
  };
}

/**
 * The next follow-up due: none without the guardian's consent (the child is registered, not
 * managed); the first `firstFollowUpDays` after the start of management; then by the stability
 * class of the last follow-up (不稳定 2周内, 基本稳定 2周时, 稳定 3个月时).
 */
export function nextFollowUpOn(
  status: ManagementStatus,
  rules: ManagementRules = DEFAULT_MANAGEMENT_RULES,
  programme: SevereMentalDisorderProgramme = SEVERE_MENTAL_DISORDER_PROGRAMME,
): LocalDate | undefined {
  if (!status.guardianConsent || status.managedSince === undefined) return undefined;
  // Management (re)started after the last follow-up: counted afresh from its start.
  if (
    status.lastFollowUpOn === undefined ||
    status.lastStability === undefined ||
    compareDates(status.lastFollowUpOn, status.managedSince) < 0
  )
    return addDays(status.managedSince, rules.firstFollowUpDays);
  const stability = findStability(programme, status.lastStability);
  if (stability === undefined) throw new RangeError(`unknown stability ${status.lastStability}`);
  return plusSpan(status.lastFollowUpOn, stability.nextFollowUp);
}

/** not-managed: no consent; overdue: the date has passed; due: within dueSoonDays; else scheduled. */
export type FollowUpStanding = 'not-managed' | 'overdue' | 'due' | 'scheduled';

export const FOLLOW_UP_STANDING_LABELS: Readonly<Record<FollowUpStanding, string>> = {
  'not-managed': '未同意纳入管理',
  overdue: '逾期未随访',
  due: '应随访',
  scheduled: '未到随访时间',
};

export function followUpStanding(
  dueOn: LocalDate | undefined,
  asOf: LocalDate,
  rules: ManagementRules = DEFAULT_MANAGEMENT_RULES,
): FollowUpStanding {
  if (dueOn === undefined) return 'not-managed';
  if (compareDates(dueOn, asOf) < 0) return 'overdue';
  if (compareDates(dueOn, addDays(asOf, rules.dueSoonDays)) <= 0) return 'due';
  return 'scheduled';
}

export interface FollowUpInput {
  readonly on: string;
  /** 危险性评估 0..5. */
  readonly riskLevel: number;
  readonly stability: string;
  readonly adherence: string;
}

/**
 * A follow-up (随访) as entered, every problem at once: the patient must be managed (guardian's
 * consent); the date a date, not after today, not before the start of management and after the
 * last record; the risk level 0..5; the stability class and adherence code of the programme; and
 * the class consistent with the risk (a level 3–5 patient is 病情不稳定, level 1–2 not 稳定).
 */
export function validateFollowUp(
  status: ManagementStatus,
  input: FollowUpInput,
  asOf: LocalDate,
  programme: SevereMentalDisorderProgramme = SEVERE_MENTAL_DISORDER_PROGRAMME,
): Validated<FollowUpInput> {
  const problems: HealthProblem[] = [];
  if (!status.guardianConsent || status.managedSince === undefined)
    problems.push(
      problem(
        'guardianConsent',
        '须监护人同意管理',
        '监护人未同意纳入管理，不能登记随访（先登记监护人同意）',
      ),
    );
  else {
    problems.push(
      ...dateProblems('on', '随访日期', input.on, asOf, {
        date: status.managedSince,
        rule: '不早于纳入管理日期',
        what: '纳入管理日期',
      }),
    );
    if (
      problems.length === 0 &&
      status.lastFollowUpOn !== undefined &&
      compareDates(input.on, status.lastFollowUpOn) <= 0
    )
      problems.push(problem('on', '晚于上次随访', `随访日期须晚于上次随访（${status.lastFollowUpOn}）`));
    else if (problems.length === 0 && compareDates(input.on, status.lastRecordOn) < 0)
      problems.push(
        problem('on', '不早于上次登记', `随访日期不能早于上次登记的日期（${status.lastRecordOn}）`),
      );
  }
  const levelOk = Number.isInteger(input.riskLevel) && input.riskLevel >= 0 && input.riskLevel <= 5;
  if (!levelOk) problems.push(problem('riskLevel', '危险性为0至5级', '危险性评估须为0至5级的整数'));
  const stability = findStability(programme, input.stability);
  if (stability === undefined)
    problems.push(
      problem(
        'stability',
        '须为规范所列病情分类',
        `病情分类须为 ${programme.stabilities.map((s) => `${s.code}（${s.label}）`).join('、')} 之一`,
      ),
    );
  else if (levelOk && !stability.riskLevels.includes(input.riskLevel)) {
    const fits = programme.stabilities
      .filter((s) => s.riskLevels.includes(input.riskLevel))
      .map((s) => `「${s.label}」`)
      .join('、');
    problems.push(
      problem(
        'stability',
        '病情分类与危险性不符',
        `危险性${input.riskLevel}级的患者不能为「${stability.label}」，只能为${fits}（规则：${stability.rule}）`,
      ),
    );
  }
  if (findAdherence(programme, input.adherence) === undefined)
    problems.push(
      problem(
        'adherence',
        '须为随访表所列服药依从性',
        `服药依从性须为 ${programme.adherence.map((a) => `${a.code}（${a.label}）`).join('、')} 之一`,
      ),
    );
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: input };
}

export function recordFollowUp(status: ManagementStatus, input: FollowUpInput): ManagementStatus {
  return {
    ...status,
    lastRecordOn: input.on,
    lastFollowUpOn: input.on,
    lastStability: input.stability,
    followUps: status.followUps + 1,
  };
}

/**
 * A change of the guardian's consent: to yes starts management on that day (the first follow-up
 * is due from it), to no stops it (nothing is due). Refused when it changes nothing or is dated
 * wrongly (not after today, not before the last record).
 */
export function changeConsent(
  status: ManagementStatus,
  change: { readonly guardianConsent: boolean; readonly on: string },
  asOf: LocalDate,
): Validated<ManagementStatus> {
  const problems: HealthProblem[] = [];
  if (typeof change.guardianConsent !== 'boolean')
    problems.push(problem('guardianConsent', '须填是或否', '监护人是否同意纳入管理须为 true 或 false'));
  else if (change.guardianConsent === status.guardianConsent)
    problems.push(
      problem(
        'guardianConsent',
        '与现有记录相同',
        `记录中监护人已${status.guardianConsent ? '同意' : '未同意'}纳入管理，无需变更`,
      ),
    );
  problems.push(
    ...dateProblems('on', '变更日期', change.on, asOf, {
      date: status.lastRecordOn,
      rule: '不早于上次登记',
      what: '上次登记的日期',
    }),
  );
  if (problems.length > 0) return { ok: false, problems };
  const { managedSince: _previous, ...rest } = status;
  return {
    ok: true,
    value: {
      ...rest,
      guardianConsent: change.guardianConsent,
      ...(change.guardianConsent ? { managedSince: change.on } : {}),
      lastRecordOn: change.on,
    },
  };
}
