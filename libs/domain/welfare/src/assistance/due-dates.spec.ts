import {
  DEFAULT_ASSISTANCE_DUE_DAYS,
  DEFAULT_ASSISTANCE_RULES,
  applicationDueOn,
  assertAssistanceRules,
  assistanceDaysPastDue,
  isAssistancePastDue,
} from './due-dates';
import { ASSISTANCE_STATES, DUE_ASSISTANCE_STATES, type AssistanceState } from './vocabulary';

describe('applicationDueOn (default days per state, from entering it)', () => {
  it.each<[AssistanceState, string | undefined]>([
    ['submitted', '2026-05-06'],
    ['awaiting-hukou-city', '2026-05-21'],
    ['under-review', '2026-05-31'],
    ['suspended', '2026-07-30'],
    ['approved', undefined],
    ['rejected', undefined],
    ['ended', undefined],
  ])('%s since 2026-05-01: due %p', (state, due) =>
    expect(applicationDueOn({ state, stateSince: '2026-05-01' })).toBe(due),
  );

  it('covers every state', () => {
    const due = ASSISTANCE_STATES.filter((s) => applicationDueOn({ state: s, stateSince: '2026-01-01' }));
    expect(due).toEqual([...DUE_ASSISTANCE_STATES]);
  });

  it('crosses month and year ends', () => {
    expect(applicationDueOn({ state: 'awaiting-hukou-city', stateSince: '2026-12-20' })).toBe('2027-01-09');
    expect(applicationDueOn({ state: 'submitted', stateSince: '2028-02-27' })).toBe('2028-03-03');
  });

  it('configured days replace the defaults', () => {
    const rules = { dueDays: { ...DEFAULT_ASSISTANCE_DUE_DAYS, 'awaiting-hukou-city': 10 } };
    expect(applicationDueOn({ state: 'awaiting-hukou-city', stateSince: '2026-05-01' }, rules)).toBe(
      '2026-05-11',
    );
    expect(applicationDueOn({ state: 'submitted', stateSince: '2026-05-01' }, rules)).toBe('2026-05-06');
  });
});

describe('isAssistancePastDue and assistanceDaysPastDue', () => {
  it.each<[string | null | undefined, string, boolean, number]>([
    ['2026-05-21', '2026-05-20', false, 0],
    ['2026-05-21', '2026-05-21', false, 0],
    ['2026-05-21', '2026-05-22', true, 1],
    ['2026-05-21', '2026-06-21', true, 31],
    [null, '2026-06-21', false, 0],
    [undefined, '2026-06-21', false, 0],
  ])('due %p as of %s: past %p by %p days', (due, asOf, past, days) => {
    expect(isAssistancePastDue(due, asOf)).toBe(past);
    expect(assistanceDaysPastDue(due, asOf)).toBe(days);
  });
});

describe('assertAssistanceRules', () => {
  it('accepts the defaults', () =>
    expect(() => assertAssistanceRules(DEFAULT_ASSISTANCE_RULES)).not.toThrow());
  it.each([0, -1, 2.5, 3651, Number.NaN])('refuses %p days', (days) => {
    expect(() =>
      assertAssistanceRules({ dueDays: { ...DEFAULT_ASSISTANCE_DUE_DAYS, submitted: days } }),
    ).toThrow(/submitted/);
  });
});
