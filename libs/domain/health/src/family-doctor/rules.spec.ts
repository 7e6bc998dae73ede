import {
  checkRenewal,
  checkSigning,
  checkTermination,
  contractEnd,
  contractStatus,
  DEFAULT_CONTRACT_POLICY,
  isInForce,
  moveOutTermination,
  type ContractSnapshot,
  type SigningContext,
  type SigningInput,
} from './rules';
import { OFFICER_TERMINATION_REASONS } from './vocabulary';

const policy = DEFAULT_CONTRACT_POLICY;
const ASOF = '2026-09-20';
const signed: ContractSnapshot = {
  state: 'signed',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  endedOn: null,
};
const terminated: ContractSnapshot = { ...signed, state: 'terminated', endedOn: '2026-05-01' };
const expired: ContractSnapshot = { ...signed, startDate: '2025-01-01', endDate: '2025-12-31' };
const input: SigningInput = { teamCode: 'T-01', institutionCode: '12371702MB0000001F' };
const context: SigningContext = {
  asOf: ASOF,
  birthDate: '2024-05-01',
  isMigrant: true,
  movedOut: false,
  latest: null,
};
const problems = (checked: { ok: boolean; problems?: readonly { field: string; rule: string }[] }) =>
  checked.ok ? [] : (checked.problems ?? []).map((p) => `${p.field}:${p.rule}`);

describe('the term of a contract', () => {
  it.each([
    ['2026-01-01', 12, '2026-12-31'],
    ['2026-03-01', 12, '2027-02-28'], // a year from 1 March ends on the last day of February
    ['2024-02-29', 12, '2025-02-27'], // from a leap day: 2025-02-28 (clamped) minus a day
    ['2026-01-31', 1, '2026-02-27'],
    ['2026-09-20', 36, '2029-09-19'],
  ])('from %s for %i months ends on %s', (start, months, end) => {
    expect(contractEnd(start, months)).toBe(end);
  });
});

describe('where a contract stands', () => {
  it.each<[string, ContractSnapshot, string, string, number]>([
    ['in force, far from its end', signed, '2026-06-01', 'active', 213],
    ['31 days before its end', signed, '2026-11-30', 'active', 31],
    ['30 days before its end: expiring soon', signed, '2026-12-01', 'expiring-soon', 30],
    ['on its last day', signed, '2026-12-31', 'expiring-soon', 0],
    ['the day after its last day', signed, '2027-01-01', 'expired', 0],
    ['terminated', terminated, '2026-06-01', 'terminated', 0],
    ['terminated, past its end too', terminated, '2027-06-01', 'terminated', 0],
  ])('%s', (_why, contract, asOf, status, daysLeft) => {
    expect(contractStatus(contract, asOf, 30)).toMatchObject({ status, daysLeft });
  });

  it('labels the status in Chinese and counts in force only signed contracts before their end', () => {
    expect(contractStatus(signed, '2026-12-01', 30).statusLabel).toBe('即将到期');
    expect(isInForce(signed, '2026-12-31')).toBe(true);
    expect(isInForce(signed, '2027-01-01')).toBe(false);
    expect(isInForce(terminated, '2026-04-01')).toBe(false);
  });
});

describe('signing a contract', () => {
  it('signs from today for the default year', () => {
    expect(checkSigning(input, context, policy)).toEqual({
      ok: true,
      value: { ...input, startDate: ASOF, endDate: '2027-09-19', termMonths: 12 },
    });
  });

  it('takes a start in the past and a term asked for', () => {
    expect(checkSigning({ ...input, startDate: '2026-09-01', termMonths: 6 }, context, policy)).toMatchObject(
      {
        ok: true,
        value: { startDate: '2026-09-01', endDate: '2027-02-28', termMonths: 6 },
      },
    );
  });

  it('follows the configured term', () => {
    expect(checkSigning(input, context, { ...policy, termMonths: 24 })).toMatchObject({
      value: { endDate: '2028-09-19', termMonths: 24 },
    });
  });

  it.each<[string, Partial<SigningInput>, Partial<SigningContext>, string[]]>([
    ['a child who moved out', {}, { movedOut: true }, ['childId:已迁出不能签约']],
    [
      'a child who moved out (not migrant any more either)',
      {},
      { movedOut: true, isMigrant: false },
      ['childId:已迁出不能签约'],
    ],
    ['a child who is not a migrant child', {}, { isMigrant: false }, ['childId:须为流动儿童']],
    ['a blank team code', { teamCode: '' }, {}, ['teamCode:团队代码格式']],
    ['a team name instead of a code', { teamCode: '王医生团队' }, {}, ['teamCode:团队代码格式']],
    ['a team code of 33 characters', { teamCode: 'T'.repeat(33) }, {}, ['teamCode:团队代码格式']],
    [
      'a bad institution code',
      { institutionCode: '12371702MB0000001' },
      {},
      ['institutionCode:机构代码格式'],
    ],
    [
      'an institution code with a wrong check',
      { institutionCode: '12371702MB0000001X' },
      {},
      ['institutionCode:机构代码校验位'],
    ],
    ['a term of 0 months', { termMonths: 0 }, {}, ['termMonths:签约期限']],
    ['a term of 37 months', { termMonths: 37 }, {}, ['termMonths:签约期限']],
    ['a term of half a year as 0.5', { termMonths: 0.5 }, {}, ['termMonths:签约期限']],
    ['a start that is no date', { startDate: '2026-09-31' }, {}, ['startDate:日期格式']],
    ['a start after today', { startDate: '2026-09-21' }, {}, ['startDate:不晚于今日']],
    [
      'a start before the birth',
      { startDate: '2024-04-30', termMonths: 36 },
      {},
      ['startDate:不早于出生日期'],
    ],
    ['a term that has already ended', { startDate: '2025-09-19' }, {}, ['startDate:签约期须未届满']],
    [
      'a start on the previous contract’s last day',
      { startDate: '2026-05-01' },
      { latest: terminated },
      ['startDate:不早于上一份签约结束'],
    ],
    [
      'a start inside an expired contract',
      { startDate: '2025-12-31' },
      { latest: expired },
      ['startDate:不早于上一份签约结束'],
    ],
  ])('refuses %s', (_why, override, ctx, expected) => {
    expect(problems(checkSigning({ ...input, ...override }, { ...context, ...ctx }, policy))).toEqual(
      expected,
    );
  });

  it('signs again after a termination or an expiry, from the next day', () => {
    expect(
      checkSigning({ ...input, startDate: '2026-05-02' }, { ...context, latest: terminated }, policy).ok,
    ).toBe(true);
    expect(
      checkSigning({ ...input, startDate: '2026-01-01' }, { ...context, latest: expired }, policy).ok,
    ).toBe(true);
  });

  it('a start on the day a term of 12 months would end today is still in force', () => {
    expect(checkSigning({ ...input, startDate: '2025-09-21' }, context, policy)).toMatchObject({
      ok: true,
      value: { endDate: ASOF },
    });
  });

  it('names every problem at once; a child without a birth date is not checked against it', () => {
    expect(
      problems(
        checkSigning(
          { teamCode: '', institutionCode: '', termMonths: 99, startDate: '2026-10-01' },
          { ...context, movedOut: true, birthDate: null },
          policy,
        ),
      ),
    ).toEqual([
      'childId:已迁出不能签约',
      'teamCode:团队代码格式',
      'institutionCode:机构代码格式',
      'termMonths:签约期限',
      'startDate:不晚于今日',
    ]);
  });
});

describe('renewing a contract (续约)', () => {
  it('goes on for another term from the day after its last day, within 60 days of its end', () => {
    expect(checkRenewal(signed, {}, '2026-11-01', policy)).toEqual({
      ok: true,
      value: { termMonths: 12, endDate: '2027-12-31' },
    });
    expect(checkRenewal(signed, { termMonths: 6 }, '2026-12-31', policy)).toMatchObject({
      value: { endDate: '2027-06-30' },
    });
  });

  it.each<[string, ContractSnapshot, string, { termMonths?: number }, string[]]>([
    ['61 days before its end', signed, '2026-10-31', {}, ['action:续约须在到期前规定天数内']],
    ['a terminated contract', terminated, '2026-12-01', {}, ['action:须为有效签约']],
    ['an expired contract', signed, '2027-01-01', {}, ['action:须为有效签约']],
    ['a bad term', signed, '2026-12-01', { termMonths: 40 }, ['termMonths:签约期限']],
  ])('refuses %s', (_why, contract, asOf, renewal, expected) => {
    expect(problems(checkRenewal(contract, renewal, asOf, policy))).toEqual(expected);
  });

  it('follows the configured window', () => {
    expect(checkRenewal(signed, {}, '2026-10-31', { ...policy, renewalWindowDays: 61 }).ok).toBe(true);
  });

  it('says a terminated or expired contract is signed anew', () => {
    const t = checkRenewal(terminated, {}, '2026-06-01', policy);
    expect(!t.ok && t.problems[0].message).toContain('请重新签约');
    const e = checkRenewal(expired, {}, ASOF, policy);
    expect(!e.ok && e.problems[0].message).toBe('该签约已于 2025-12-31 到期，请重新签约');
  });
});

describe('terminating a contract (解约)', () => {
  it.each(OFFICER_TERMINATION_REASONS)('takes the officer’s reason %s, today by default', (reason) => {
    expect(checkTermination(signed, { reason }, ASOF)).toEqual({ ok: true, value: { reason, on: ASOF } });
  });

  it('takes a day from the start to today', () => {
    expect(checkTermination(signed, { reason: 'family-request', on: '2026-01-01' }, ASOF).ok).toBe(true);
  });

  it.each<[string, ContractSnapshot, { reason?: string; on?: string }, string[]]>([
    ['the move-out reason (the registry’s)', signed, { reason: 'moved-out' }, ['reason:解约原因']],
    ['no reason', signed, {}, ['reason:解约原因']],
    ['free text as a reason', signed, { reason: '家长说不想签了' }, ['reason:解约原因']],
    ['a day that is no date', signed, { reason: 'team-change', on: '20260901' }, ['on:日期格式']],
    ['a day after today', signed, { reason: 'team-change', on: '2026-09-21' }, ['on:不晚于今日']],
    ['a day before the start', signed, { reason: 'team-change', on: '2025-12-31' }, ['on:不早于签约开始']],
    ['a terminated contract', terminated, { reason: 'team-change' }, ['action:须为有效签约']],
    ['an expired contract', expired, { reason: 'team-change' }, ['action:须为有效签约']],
  ])('refuses %s', (_why, contract, termination, expected) => {
    expect(problems(checkTermination(contract, termination, ASOF))).toEqual(expected);
  });
});

describe('the registry’s move-out', () => {
  it.each<[string, ContractSnapshot, string, ReturnType<typeof moveOutTermination>]>([
    [
      'ends a contract in force on the move-out day',
      signed,
      '2026-09-10',
      { reason: 'moved-out', on: '2026-09-10' },
    ],
    ['on its last day', signed, '2026-12-31', { reason: 'moved-out', on: '2026-12-31' }],
    [
      'a contract signed after the registry’s date ends on its start',
      signed,
      '2025-12-20',
      { reason: 'moved-out', on: '2026-01-01' },
    ],
    ['leaves a contract expired before the move alone', signed, '2027-01-01', null],
    ['leaves a terminated contract alone (a redelivered event)', terminated, '2026-09-10', null],
  ])('%s', (_why, contract, movedOutOn, expected) => {
    expect(moveOutTermination(contract, movedOutOn)).toEqual(expected);
  });
});
