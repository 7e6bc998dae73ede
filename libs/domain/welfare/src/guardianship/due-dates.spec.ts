import type { GuardianshipCaseStatus } from './case-status';
import {
  DEFAULT_GUARDIANSHIP_DUE_DAYS,
  DEFAULT_GUARDIANSHIP_RULES,
  assertGuardianshipRules,
  caseDueOn,
  daysOverdue,
  daysPastDue,
  isPastDue,
  isCaseOverdue,
  type GuardianshipRules,
} from './due-dates';
import { applyGuardianshipStep, openGuardianshipCase } from './transitions';
import { OPEN_GUARDIANSHIP_STATES, type GuardianshipState } from './vocabulary';

function caseIn(state: GuardianshipState, lastStepOn = '2026-05-01'): GuardianshipCaseStatus {
  return { state, openedOn: '2026-04-01', stateSince: '2026-04-20', lastStepOn, visitsInState: 0 };
}

describe('caseDueOn (default days per open state)', () => {
  it.each<[GuardianshipState, string | undefined, string]>([
    ['reported', '2026-05-04', 'the committee admonishes within 3 days'],
    ['reported-to-police', '2026-05-02', 'the police acknowledge the next day'],
    ['admonition-pending', '2026-05-08', 'admonition within a week'],
    ['family-education-guidance', '2026-06-30', 'guidance within 60 days'],
    ['follow-up', '2026-05-31', 'a follow-up every 30 days'],
    ['temporary-guardianship', '2026-05-31', 'temporary care reviewed monthly'],
    ['long-term-guardianship', '2026-10-28', 'long-term care reviewed every 180 days'],
    ['closed', undefined, 'a closed case is due for nothing'],
  ])('%s last step 2026-05-01: due %p (%s)', (state, due) => expect(caseDueOn(caseIn(state))).toBe(due));

  it('counts from the last step, not from entering the state', () => {
    expect(caseDueOn({ ...caseIn('follow-up', '2026-05-20'), stateSince: '2026-01-01' })).toBe('2026-06-19');
  });

  it('crosses month and year ends and leap days', () => {
    expect(caseDueOn(caseIn('follow-up', '2027-12-15'))).toBe('2028-01-14');
    expect(caseDueOn(caseIn('reported', '2028-02-27'))).toBe('2028-03-01');
    expect(caseDueOn(caseIn('reported', '2027-02-27'))).toBe('2027-03-02');
  });

  it('configured days replace the defaults', () => {
    const rules: GuardianshipRules = {
      ...DEFAULT_GUARDIANSHIP_RULES,
      dueDays: { ...DEFAULT_GUARDIANSHIP_DUE_DAYS, 'follow-up': 14, 'reported-to-police': 2 },
    };
    expect(caseDueOn(caseIn('follow-up'), rules)).toBe('2026-05-15');
    expect(caseDueOn(caseIn('reported-to-police'), rules)).toBe('2026-05-03');
    expect(caseDueOn(caseIn('reported'), rules)).toBe('2026-05-04');
  });

  it('a follow-up moves the due date on by the interval', () => {
    const before = caseIn('follow-up');
    const after = applyGuardianshipStep(
      before,
      { action: 'follow-up', party: 'committee', on: '2026-05-25' },
      '2026-05-25',
    );
    expect(caseDueOn(after.status)).toBe('2026-06-24');
  });

  it('a new case is due from its opening day', () => {
    expect(caseDueOn(openGuardianshipCase('committee', '2026-05-10', '2026-05-10'))).toBe('2026-05-13');
    expect(caseDueOn(openGuardianshipCase('police', '2026-05-10', '2026-05-10'))).toBe('2026-05-17');
  });
});

describe('isCaseOverdue and daysOverdue', () => {
  const reported = caseIn('reported'); // due 2026-05-04
  it.each<[string, boolean, number, string]>([
    ['2026-05-03', false, 0, 'before the due day'],
    ['2026-05-04', false, 0, 'on the due day: still on time'],
    ['2026-05-05', true, 1, 'the day after'],
    ['2026-06-03', true, 30, 'a month late'],
  ])('as of %s: overdue %p by %p days (%s)', (asOf, overdue, days) => {
    expect(isCaseOverdue(reported, asOf)).toBe(overdue);
    expect(daysOverdue(reported, asOf)).toBe(days);
  });

  it('a closed case is never overdue', () => {
    const closed: GuardianshipCaseStatus = {
      ...caseIn('closed'),
      outcome: 'resolved',
      closedOn: '2026-05-01',
    };
    expect(isCaseOverdue(closed, '2030-01-01')).toBe(false);
    expect(daysOverdue(closed, '2030-01-01')).toBe(0);
  });

  it('every open state becomes overdue the day after its due day', () => {
    for (const state of OPEN_GUARDIANSHIP_STATES) {
      const due = caseDueOn(caseIn(state)) as string;
      expect([state, isCaseOverdue(caseIn(state), due)]).toEqual([state, false]);
      const next = new Date(`${due}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      expect([state, isCaseOverdue(caseIn(state), next.toISOString().slice(0, 10))]).toEqual([state, true]);
    }
  });
});

describe('assertGuardianshipRules', () => {
  it('accepts the defaults', () =>
    expect(() => assertGuardianshipRules(DEFAULT_GUARDIANSHIP_RULES)).not.toThrow());
  it.each([0, -1, 1.5, 3651, Number.NaN])('refuses %p due days', (days) => {
    const rules = {
      ...DEFAULT_GUARDIANSHIP_RULES,
      dueDays: { ...DEFAULT_GUARDIANSHIP_DUE_DAYS, reported: days },
    };
    expect(() => assertGuardianshipRules(rules)).toThrow(/reported/);
  });
  it.each([-1, 0.5])('refuses %p follow-ups before closing', (n) => {
    expect(() =>
      assertGuardianshipRules({ ...DEFAULT_GUARDIANSHIP_RULES, followUpsBeforeClosing: n }),
    ).toThrow(/followUpsBeforeClosing/);
  });
});

describe('isPastDue and daysPastDue (a stored due day)', () => {
  it.each<[string | null | undefined, string, boolean, number]>([
    ['2026-05-04', '2026-05-04', false, 0],
    ['2026-05-04', '2026-05-05', true, 1],
    ['2026-05-04', '2026-05-01', false, 0],
    [null, '2026-05-05', false, 0],
    [undefined, '2026-05-05', false, 0],
  ])('due %p as of %s: past %p by %p', (due, asOf, past, days) => {
    expect(isPastDue(due, asOf)).toBe(past);
    expect(daysPastDue(due, asOf)).toBe(days);
  });
});
