import type { HealthProblem, Validated } from '../problem';
import {
  DEFAULT_MANAGEMENT_RULES,
  FOLLOW_UP_STANDING_LABELS,
  assertManagementRules,
  changeConsent,
  followUpStanding,
  nextFollowUpOn,
  recordFollowUp,
  registerPatient,
  validateFollowUp,
  validatePatientRecord,
  type FollowUpInput,
  type ManagementStatus,
  type PatientRecordInput,
} from './management';
import { SEVERE_MENTAL_DISORDER_PROGRAMME as P } from './programme';

const TODAY = '2026-05-20';
/** A valid 统一社会信用代码 (check character computed by GB 32100-2015). */
const INSTITUTION = '12371700MB2843577E';

const rulesOf = <T>(v: Validated<T>): string[] =>
  v.ok ? [] : v.problems.map((p: HealthProblem) => `${p.field}:${p.rule}`);

const record: PatientRecordInput = {
  diagnosisCategory: 'schizophrenia',
  diagnosingInstitutionCode: INSTITUTION,
  diagnosisDate: '2026-03-01',
  guardianConsent: true,
};

describe('validatePatientRecord', () => {
  it('accepts a complete record', () => {
    expect(validatePatientRecord(record, { asOf: TODAY, birthDate: '2012-01-01' })).toEqual({
      ok: true,
      value: record,
    });
    expect(validatePatientRecord({ ...record, guardianConsent: false }, { asOf: TODAY }).ok).toBe(true);
  });

  it.each<[string, Partial<PatientRecordInput>, string[]]>([
    [
      'a disorder outside the six',
      { diagnosisCategory: 'depression' },
      ['diagnosisCategory:须为规范所列病种'],
    ],
    [
      'an institution code too short',
      { diagnosingInstitutionCode: '1237' },
      ['diagnosingInstitutionCode:统一社会信用代码格式'],
    ],
    [
      'an institution code with a wrong check character',
      { diagnosingInstitutionCode: `${INSTITUTION.slice(0, 17)}1` },
      ['diagnosingInstitutionCode:统一社会信用代码校验位'],
    ],
    [
      'an institution code in lower case',
      { diagnosingInstitutionCode: INSTITUTION.toLowerCase() },
      ['diagnosingInstitutionCode:统一社会信用代码格式'],
    ],
    ['a diagnosis date that is no date', { diagnosisDate: '2026-02-30' }, ['diagnosisDate:日期格式']],
    ['a diagnosis in the future', { diagnosisDate: '2026-05-21' }, ['diagnosisDate:不晚于今日']],
    ['a diagnosis before birth', { diagnosisDate: '2011-12-31' }, ['diagnosisDate:不早于出生日期']],
    [
      'a consent that is not yes or no',
      { guardianConsent: 'yes' as unknown as boolean },
      ['guardianConsent:须填是或否'],
    ],
    [
      'everything wrong at once',
      { diagnosisCategory: '', diagnosingInstitutionCode: '', diagnosisDate: '', guardianConsent: undefined },
      [
        'diagnosisCategory:须为规范所列病种',
        'diagnosingInstitutionCode:统一社会信用代码格式',
        'diagnosisDate:日期格式',
        'guardianConsent:须填是或否',
      ],
    ],
  ])('refuses %s', (_why, change, expected) => {
    const checked = validatePatientRecord({ ...record, ...change } as PatientRecordInput, {
      asOf: TODAY,
      birthDate: '2012-01-01',
    });
    expect(rulesOf(checked)).toEqual(expected);
    if (!checked.ok) for (const p of checked.problems) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

const managed = (over: Partial<ManagementStatus> = {}): ManagementStatus => ({
  ...registerPatient('2026-04-01', true),
  ...over,
});
const visit = (over: Partial<FollowUpInput> = {}): FollowUpInput => ({
  on: '2026-04-10',
  riskLevel: 0,
  stability: 'stable',
  adherence: 'regular',
  ...over,
});

describe('the follow-up schedule', () => {
  it('registers with management from the day of consent, or none without it', () => {
    expect(registerPatient('2026-04-01', true)).toEqual({
      registeredOn: '2026-04-01',
      guardianConsent: true,
      managedSince: '2026-04-01',
      lastRecordOn: '2026-04-01',
      followUps: 0,
    });
    expect(registerPatient('2026-04-01', false)).not.toHaveProperty('managedSince');
  });

  it.each<[string, ManagementStatus, string | undefined]>([
    ['no consent: nothing due', registerPatient('2026-04-01', false), undefined],
    ['first follow-up: 14 days after the start of management', managed(), '2026-04-15'],
    [
      'after an unstable follow-up: within 2 weeks',
      recordFollowUp(managed(), visit({ riskLevel: 3, stability: 'unstable' })),
      '2026-04-24',
    ],
    [
      'after a basically stable one: at 2 weeks',
      recordFollowUp(managed(), visit({ riskLevel: 1, stability: 'basically-stable' })),
      '2026-04-24',
    ],
    ['after a stable one: at 3 months', recordFollowUp(managed(), visit()), '2026-07-10'],
    [
      'management restarted after the last follow-up: counted from the restart',
      { ...recordFollowUp(managed(), visit()), managedSince: '2026-09-01', lastRecordOn: '2026-09-01' },
      '2026-09-15',
    ],
  ])('%s', (_why, status, expected) => {
    expect(nextFollowUpOn(status)).toBe(expected);
  });

  it('honours the configured first-follow-up days and refuses broken settings', () => {
    expect(nextFollowUpOn(managed(), { ...DEFAULT_MANAGEMENT_RULES, firstFollowUpDays: 7 })).toBe(
      '2026-04-08',
    );
    expect(() => assertManagementRules(DEFAULT_MANAGEMENT_RULES)).not.toThrow();
    expect(() => assertManagementRules({ firstFollowUpDays: 0, dueSoonDays: 7 })).toThrow(RangeError);
    expect(() => assertManagementRules({ firstFollowUpDays: 14, dueSoonDays: 1.5 })).toThrow(RangeError);
    expect(() => assertManagementRules({ firstFollowUpDays: 14, dueSoonDays: 366 })).toThrow(RangeError);
    expect(() => nextFollowUpOn({ ...recordFollowUp(managed(), visit()), lastStability: 'gone' })).toThrow(
      RangeError,
    );
  });

  it.each<[string | undefined, string, string]>([
    [undefined, TODAY, 'not-managed'],
    ['2026-05-19', TODAY, 'overdue'],
    ['2026-05-20', TODAY, 'due'], // due today is not yet overdue
    ['2026-05-27', TODAY, 'due'], // the last day of the 7-day window
    ['2026-05-28', TODAY, 'scheduled'],
  ])('due on %s, seen on %s: %s', (dueOn, asOf, standing) => {
    expect(followUpStanding(dueOn, asOf)).toBe(standing);
    expect(FOLLOW_UP_STANDING_LABELS[followUpStanding(dueOn, asOf)]).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a window of 0 days lists only today', () => {
    const rules = { ...DEFAULT_MANAGEMENT_RULES, dueSoonDays: 0 };
    expect(followUpStanding('2026-05-20', TODAY, rules)).toBe('due');
    expect(followUpStanding('2026-05-21', TODAY, rules)).toBe('scheduled');
  });
});

describe('validateFollowUp', () => {
  it('accepts a follow-up and counts it', () => {
    expect(validateFollowUp(managed(), visit(), TODAY).ok).toBe(true);
    expect(recordFollowUp(managed(), visit())).toMatchObject({
      lastFollowUpOn: '2026-04-10',
      lastRecordOn: '2026-04-10',
      lastStability: 'stable',
      followUps: 1,
    });
  });

  // Every risk level against every stability class: allowed exactly when the class admits it.
  const pairs = [0, 1, 2, 3, 4, 5].flatMap((level) => P.stabilities.map((s) => [level, s.code] as const));
  it.each(pairs)('risk %i with %s', (riskLevel, stability) => {
    const admitted = P.stabilities.find((s) => s.code === stability)!.riskLevels.includes(riskLevel);
    const checked = validateFollowUp(managed(), visit({ riskLevel, stability }), TODAY);
    expect(rulesOf(checked)).toEqual(admitted ? [] : ['stability:病情分类与危险性不符']);
  });

  it.each<[string, ManagementStatus, Partial<FollowUpInput>, string[]]>([
    ['without consent', registerPatient('2026-04-01', false), {}, ['guardianConsent:须监护人同意管理']],
    ['a date that is no date', managed(), { on: '10/04/2026' }, ['on:日期格式']],
    ['a date in the future', managed(), { on: '2026-05-21' }, ['on:不晚于今日']],
    ['before management started', managed(), { on: '2026-03-31' }, ['on:不早于纳入管理日期']],
    [
      'on the day of the last follow-up',
      recordFollowUp(managed(), visit()),
      { on: '2026-04-10' },
      ['on:晚于上次随访'],
    ],
    [
      'before the last consent change',
      { ...managed(), lastRecordOn: '2026-04-05' },
      { on: '2026-04-04' },
      ['on:不早于上次登记'],
    ],
    ['a risk level of 6', managed(), { riskLevel: 6 }, ['riskLevel:危险性为0至5级']],
    ['a risk level of -1', managed(), { riskLevel: -1 }, ['riskLevel:危险性为0至5级']],
    ['a fractional risk level', managed(), { riskLevel: 1.5 }, ['riskLevel:危险性为0至5级']],
    ['an unknown stability', managed(), { stability: 'fine' }, ['stability:须为规范所列病情分类']],
    ['an unknown adherence', managed(), { adherence: '1' }, ['adherence:须为随访表所列服药依从性']],
    [
      'everything wrong at once',
      managed(),
      { on: '', riskLevel: 9, stability: '', adherence: '' },
      [
        'on:日期格式',
        'riskLevel:危险性为0至5级',
        'stability:须为规范所列病情分类',
        'adherence:须为随访表所列服药依从性',
      ],
    ],
  ])('refuses a follow-up %s', (_why, status, change, expected) => {
    expect(rulesOf(validateFollowUp(status, visit(change), TODAY))).toEqual(expected);
  });

  it('names the classes a risk level allows', () => {
    const checked = validateFollowUp(managed(), visit({ riskLevel: 4, stability: 'stable' }), TODAY);
    expect(checked.ok ? '' : checked.problems[0]!.message).toContain('只能为「病情不稳定」');
  });
});

describe('changeConsent', () => {
  it('starts management on a yes and stops it on a no', () => {
    const unmanaged = registerPatient('2026-04-01', false);
    const yes = changeConsent(unmanaged, { guardianConsent: true, on: '2026-04-20' }, TODAY);
    expect(yes).toMatchObject({ ok: true, value: { guardianConsent: true, managedSince: '2026-04-20' } });
    if (!yes.ok) return;
    expect(nextFollowUpOn(yes.value)).toBe('2026-05-04');
    const no = changeConsent(yes.value, { guardianConsent: false, on: '2026-05-01' }, TODAY);
    expect(no.ok && no.value).toMatchObject({ guardianConsent: false, lastRecordOn: '2026-05-01' });
    expect(no.ok && no.value).not.toHaveProperty('managedSince');
    expect(no.ok && nextFollowUpOn(no.value)).toBeUndefined();
  });

  it.each<[string, { guardianConsent: boolean; on: string }, string[]]>([
    [
      'the same answer again',
      { guardianConsent: true, on: '2026-05-01' },
      ['guardianConsent:与现有记录相同'],
    ],
    [
      'not yes or no',
      { guardianConsent: 1 as unknown as boolean, on: '2026-05-01' },
      ['guardianConsent:须填是或否'],
    ],
    ['a date in the future', { guardianConsent: false, on: '2026-05-21' }, ['on:不晚于今日']],
    ['before the last record', { guardianConsent: false, on: '2026-03-31' }, ['on:不早于上次登记']],
    ['no date', { guardianConsent: false, on: 'today' }, ['on:日期格式']],
  ])('refuses %s', (_why, change, expected) => {
    expect(rulesOf(changeConsent(managed(), change, TODAY))).toEqual(expected);
  });
});
