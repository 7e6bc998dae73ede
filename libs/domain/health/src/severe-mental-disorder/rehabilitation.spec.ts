import type { Validated } from '../problem';
import {
  DEFAULT_REHABILITATION_DUE_DAYS,
  OPEN_REHABILITATION_STATES,
  REHABILITATION_ACTIONS,
  REHABILITATION_END_REASONS,
  REHABILITATION_END_REASON_RULES,
  REHABILITATION_STATES,
  REHABILITATION_STATE_LABELS,
  REHABILITATION_TRANSITIONS,
  applyRehabilitationStep,
  assertRehabilitationDueDays,
  availableEndReasons,
  availableRehabilitationActions,
  isRehabilitationAction,
  isRehabilitationEndReason,
  openRehabilitationReferral,
  rehabilitationDueOn,
  type RehabilitationAction,
  type RehabilitationEndReason,
  type RehabilitationState,
  type RehabilitationStatus,
} from './rehabilitation';

const TODAY = '2026-05-20';
const at = (state: RehabilitationState, over: Partial<RehabilitationStatus> = {}): RehabilitationStatus => ({
  state,
  referredOn: '2026-05-01',
  stateSince: '2026-05-10',
  ...over,
});
const rulesOf = <T>(v: Validated<T>): string[] => (v.ok ? [] : v.problems.map((p) => `${p.field}:${p.rule}`));
const managed = { guardianConsent: true, managedSince: '2026-04-01' };

describe('rehabilitation vocabulary', () => {
  it('labels every state and reason in Chinese and recognises its codes', () => {
    for (const s of REHABILITATION_STATES) expect(REHABILITATION_STATE_LABELS[s]).toMatch(/[\u4e00-\u9fff]/);
    for (const r of REHABILITATION_END_REASONS)
      expect(REHABILITATION_END_REASON_RULES[r].label).toMatch(/[\u4e00-\u9fff]/);
    expect(OPEN_REHABILITATION_STATES).toEqual(['referred', 'accepted', 'in-rehabilitation']);
    expect(isRehabilitationAction('accept')).toBe(true);
    expect(isRehabilitationAction('refer')).toBe(false);
    expect(isRehabilitationAction(1)).toBe(false);
    expect(isRehabilitationEndReason('completed')).toBe(true);
    expect(isRehabilitationEndReason('bored')).toBe(false);
  });
});

describe('openRehabilitationReferral', () => {
  it('opens in referred on the day given', () => {
    expect(openRehabilitationReferral('2026-05-19', TODAY, managed)).toEqual({
      ok: true,
      value: { state: 'referred', referredOn: '2026-05-19', stateSince: '2026-05-19' },
    });
  });

  it.each<[string, string, { guardianConsent: boolean; managedSince?: string }, string[]]>([
    [
      'without the guardian’s consent',
      '2026-05-19',
      { guardianConsent: false },
      ['guardianConsent:须监护人同意管理'],
    ],
    ['before management started', '2026-03-31', managed, ['on:不早于纳入管理日期']],
    ['in the future', '2026-05-21', managed, ['on:不晚于今日']],
    ['on no date', '19.05.2026', managed, ['on:日期格式']],
  ])('refuses a referral %s', (_why, on, patient, expected) => {
    expect(rulesOf(openRehabilitationReferral(on, TODAY, patient))).toEqual(expected);
  });
});

describe('the transition table, exhaustively', () => {
  // Every (state, action, end reason or none): allowed exactly when the table and the reason's
  // states list the state, and a reason is given to `end` only.
  const reasons: (RehabilitationEndReason | undefined)[] = [undefined, ...REHABILITATION_END_REASONS];
  const cases = REHABILITATION_STATES.flatMap((state) =>
    REHABILITATION_ACTIONS.flatMap((action) =>
      reasons.map(
        (reason) =>
          [state, action, reason] as [
            RehabilitationState,
            RehabilitationAction,
            RehabilitationEndReason | undefined,
          ],
      ),
    ),
  );

  it.each(cases)('%s + %s (reason %s)', (state, action, reason) => {
    const rule = REHABILITATION_TRANSITIONS[action];
    const result = applyRehabilitationStep(at(state), { action, on: TODAY, endReason: reason }, TODAY);
    if (state === 'ended') {
      expect(rulesOf(result)).toEqual(['action:已结束不再办理']);
      return;
    }
    const expected: string[] = [];
    if (!rule.from.includes(state)) expected.push(`action:${rule.label}的适用状态`);
    if (action === 'end') {
      if (reason === undefined) expected.push('endReason:须说明结束原因');
      else if (!REHABILITATION_END_REASON_RULES[reason].from.includes(state))
        expected.push('endReason:结束原因与状态不符');
    } else if (reason !== undefined) expected.push('endReason:仅结束时填写');
    expect(rulesOf(result)).toEqual(expected);
    if (!result.ok) {
      for (const p of result.problems) expect(p.message).toMatch(/[\u4e00-\u9fff]/);
      return;
    }
    expect(result.value.from).toBe(state);
    expect(result.value.to).toBe(rule.to);
    expect(result.value.status).toMatchObject({
      state: rule.to,
      stateSince: TODAY,
      referredOn: '2026-05-01',
    });
    if (rule.to === 'ended') expect(result.value.status).toMatchObject({ endReason: reason, endedOn: TODAY });
    else expect(result.value.status).not.toHaveProperty('endReason');
  });

  it('offers exactly the allowed actions and reasons per state', () => {
    for (const state of REHABILITATION_STATES) {
      expect(availableRehabilitationActions(at(state))).toEqual(
        REHABILITATION_ACTIONS.filter(
          (a) => state !== 'ended' && (REHABILITATION_TRANSITIONS[a].from as string[]).includes(state),
        ),
      );
      expect(availableEndReasons(state)).toEqual(
        REHABILITATION_END_REASONS.filter(
          (r) => state !== 'ended' && (REHABILITATION_END_REASON_RULES[r].from as string[]).includes(state),
        ),
      );
    }
    expect(availableRehabilitationActions(at('ended'))).toEqual([]);
    expect(availableEndReasons('ended')).toEqual([]);
  });

  it('every open state has a way forward and an end, and every state is reachable', () => {
    for (const state of OPEN_REHABILITATION_STATES) {
      expect(availableRehabilitationActions(at(state))).toContain('end');
      expect(availableEndReasons(state).length).toBeGreaterThan(0);
    }
    const targets = new Set<string>([
      'referred',
      ...REHABILITATION_ACTIONS.map((a) => REHABILITATION_TRANSITIONS[a].to),
    ]);
    expect([...targets].sort()).toEqual([...REHABILITATION_STATES].sort());
  });

  it('refuses an unknown end reason', () => {
    expect(
      rulesOf(
        applyRehabilitationStep(at('referred'), { action: 'end', on: TODAY, endReason: 'bored' }, TODAY),
      ),
    ).toEqual(['endReason:须为所列结束原因']);
  });
});

describe('applyRehabilitationStep', () => {
  it('walks referred → accepted → in rehabilitation → ended (completed)', () => {
    let s: RehabilitationStatus = { state: 'referred', referredOn: '2026-05-01', stateSince: '2026-05-01' };
    for (const [action, on, endReason] of [
      ['accept', '2026-05-05', undefined],
      ['start', '2026-05-12', undefined],
      ['end', '2026-05-20', 'completed'],
    ] as [RehabilitationAction, string, string | undefined][]) {
      const r = applyRehabilitationStep(s, { action, on, endReason }, TODAY);
      if (!r.ok) throw new Error(rulesOf(r).join());
      s = r.value.status;
    }
    expect(s).toEqual({
      state: 'ended',
      referredOn: '2026-05-01',
      stateSince: '2026-05-20',
      endReason: 'completed',
      endedOn: '2026-05-20',
    });
  });

  it.each([
    ['not a date', 'soon', 'on:日期格式'],
    ['in the future', '2026-05-21', 'on:不晚于今日'],
    ['before the state was entered', '2026-05-09', 'on:不早于上一步'],
  ])('refuses a date %s', (_why, on, rule) => {
    expect(rulesOf(applyRehabilitationStep(at('referred'), { action: 'accept', on }, TODAY))).toEqual([rule]);
  });

  it('lists every problem of a step at once', () => {
    expect(
      rulesOf(
        applyRehabilitationStep(
          at('referred'),
          { action: 'start', on: '2026-05-21', endReason: 'other' },
          TODAY,
        ),
      ),
    ).toEqual(['action:开始康复的适用状态', 'endReason:仅结束时填写', 'on:不晚于今日']);
  });
});

describe('rehabilitation due dates', () => {
  it.each<[RehabilitationState, string | undefined]>([
    ['referred', '2026-05-20'], // acceptance due 10 days after the referral
    ['accepted', '2026-05-24'], // start due 14 days after the acceptance
    ['in-rehabilitation', undefined],
    ['ended', undefined],
  ])('%s: due %s', (state, due) => {
    expect(rehabilitationDueOn(at(state))).toBe(due);
  });

  it('honours the configured days and refuses broken ones', () => {
    expect(rehabilitationDueOn(at('referred'), { referred: 3, accepted: 14 })).toBe('2026-05-13');
    expect(() => assertRehabilitationDueDays(DEFAULT_REHABILITATION_DUE_DAYS)).not.toThrow();
    expect(() => assertRehabilitationDueDays({ referred: 0, accepted: 14 })).toThrow(RangeError);
    expect(() => assertRehabilitationDueDays({ referred: 10, accepted: 2.5 })).toThrow(RangeError);
  });
});
