import {
  DEFAULT_MENTAL_HEALTH_RULES,
  MENTAL_HEALTH_ACTIONS,
  MENTAL_HEALTH_TRANSITIONS,
  MentalHealthRuleError,
  applyMentalHealthStep,
  assertMentalHealthRules,
  availableMentalHealthActions,
  isMentalHealthAction,
  mentalHealthDueOn,
  openMentalHealthReferral,
  type MentalHealthAction,
  type MentalHealthStatus,
} from './rules';
import {
  MENTAL_HEALTH_SOURCES,
  MENTAL_HEALTH_SOURCE_LABELS,
  MENTAL_HEALTH_STATES,
  MENTAL_HEALTH_STATE_LABELS,
  OPEN_MENTAL_HEALTH_STATES,
  isMentalHealthSource,
  type MentalHealthState,
} from './vocabulary';

const TODAY = '2026-05-20';
const at = (state: MentalHealthState, over: Partial<MentalHealthStatus> = {}): MentalHealthStatus => ({
  state,
  openedOn: '2026-05-01',
  stateSince: '2026-05-10',
  lastStepOn: '2026-05-10',
  visitsInState: 0,
  ...over,
});

function refusal(run: () => unknown): MentalHealthRuleError {
  try {
    run();
  } catch (error) {
    if (error instanceof MentalHealthRuleError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('mental-health vocabulary', () => {
  it('labels every source and state in Chinese', () => {
    for (const s of MENTAL_HEALTH_SOURCES) expect(MENTAL_HEALTH_SOURCE_LABELS[s]).toMatch(/[\u4e00-\u9fff]/);
    for (const s of MENTAL_HEALTH_STATES) expect(MENTAL_HEALTH_STATE_LABELS[s]).toMatch(/[\u4e00-\u9fff]/);
    expect(OPEN_MENTAL_HEALTH_STATES).not.toContain('closed');
    expect(isMentalHealthSource('school')).toBe(true);
    expect(isMentalHealthSource('police')).toBe(false);
    expect(isMentalHealthAction('refer')).toBe(true);
    expect(isMentalHealthAction(3)).toBe(false);
  });
});

describe('openMentalHealthReferral', () => {
  it('opens in reported on the day given', () => {
    expect(openMentalHealthReferral('2026-05-19', TODAY)).toEqual({
      state: 'reported',
      openedOn: '2026-05-19',
      stateSince: '2026-05-19',
      lastStepOn: '2026-05-19',
      visitsInState: 0,
    });
  });

  it.each([
    ['2026-5-1', '日期格式'],
    ['2026-05-21', '不晚于今日'],
  ])('refuses %s (%s)', (on, rule) => {
    expect(refusal(() => openMentalHealthReferral(on, TODAY))).toMatchObject({
      kind: 'date',
      field: 'on',
      rule,
    });
  });
});

describe('the transition table, exhaustively', () => {
  // Every (state, action) pair: allowed exactly when the table lists the state.
  const pairs = MENTAL_HEALTH_STATES.flatMap((state) =>
    MENTAL_HEALTH_ACTIONS.map((action) => [state, action] as [MentalHealthState, MentalHealthAction]),
  );

  it.each(pairs)('%s + %s', (state, action) => {
    const rule = MENTAL_HEALTH_TRANSITIONS[action];
    const status = at(state, { visitsInState: 5 });
    const allowed = state !== 'closed' && (rule.from as readonly string[]).includes(state);
    if (!allowed) {
      const error = refusal(() => applyMentalHealthStep(status, { action, on: TODAY }, TODAY));
      expect(error).toMatchObject({ kind: 'state', field: 'action' });
      expect(error.message).toContain(rule.label);
      return;
    }
    const result = applyMentalHealthStep(status, { action, on: TODAY }, TODAY);
    expect(result.from).toBe(state);
    expect(result.to).toBe(rule.to === 'stay' ? state : rule.to);
    expect(result.status.lastStepOn).toBe(TODAY);
    if (rule.to === 'stay') expect(result.status.visitsInState).toBe(6);
    else expect(result.status).toMatchObject({ stateSince: TODAY, visitsInState: 0 });
  });

  it('offers exactly the allowed actions per state', () => {
    for (const state of MENTAL_HEALTH_STATES) {
      const expected = MENTAL_HEALTH_ACTIONS.filter(
        (a) => state !== 'closed' && (MENTAL_HEALTH_TRANSITIONS[a].from as readonly string[]).includes(state),
      );
      expect(availableMentalHealthActions(at(state))).toEqual(expected);
    }
    expect(availableMentalHealthActions(at('closed'))).toEqual([]);
  });

  it('every open state has a way forward and every state is reachable', () => {
    for (const state of OPEN_MENTAL_HEALTH_STATES)
      expect(availableMentalHealthActions(at(state)).length).toBeGreaterThan(0);
    const targets = new Set<string>(['reported']);
    for (const action of MENTAL_HEALTH_ACTIONS) {
      const to = MENTAL_HEALTH_TRANSITIONS[action].to;
      if (to !== 'stay') targets.add(to);
    }
    expect([...targets].sort()).toEqual([...MENTAL_HEALTH_STATES].sort());
  });
});

describe('applyMentalHealthStep', () => {
  it('walks the path: report → referral → assessment → intervention → follow-up → closed', () => {
    let s = openMentalHealthReferral('2026-05-01', TODAY);
    for (const [action, on] of [
      ['refer', '2026-05-02'],
      ['assess-intervention', '2026-05-08'],
      ['complete-intervention', '2026-05-15'],
      ['follow-up', '2026-05-18'],
      ['close', '2026-05-20'],
    ] as [MentalHealthAction, string][]) {
      s = applyMentalHealthStep(s, { action, on }, TODAY).status;
    }
    expect(s).toMatchObject({
      state: 'closed',
      outcome: 'resolved',
      closedOn: TODAY,
      openedOn: '2026-05-01',
    });
  });

  it('medical care (严重精神障碍管理) goes on to community follow-up', () => {
    const care = applyMentalHealthStep(at('referred'), { action: 'assess-medical-care', on: TODAY }, TODAY);
    expect(care.to).toBe('medical-care');
    const back = applyMentalHealthStep(care.status, { action: 'transfer-to-community', on: TODAY }, TODAY);
    expect(back.to).toBe('follow-up');
    const escalated = applyMentalHealthStep(
      at('intervention'),
      { action: 'escalate-to-medical-care', on: TODAY },
      TODAY,
    );
    expect(escalated.to).toBe('medical-care');
  });

  it('an assessment of no need closes with that outcome', () => {
    expect(
      applyMentalHealthStep(at('referred'), { action: 'assess-no-need', on: TODAY }, TODAY).status,
    ).toMatchObject({
      state: 'closed',
      outcome: 'no-need',
      closedOn: TODAY,
    });
  });

  it('refuses a step on a closed referral naming the rule', () => {
    const error = refusal(() =>
      applyMentalHealthStep(at('closed'), { action: 'follow-up', on: TODAY }, TODAY),
    );
    expect(error).toMatchObject({ kind: 'state', rule: '已结案不再办理' });
  });

  it.each([
    ['not a date', 'yesterday', '日期格式'],
    ['in the future', '2026-05-21', '不晚于今日'],
    ['before the last step', '2026-05-09', '不早于上一步'],
  ])('refuses a date %s', (_why, on, rule) => {
    expect(
      refusal(() => applyMentalHealthStep(at('reported'), { action: 'refer', on }, TODAY)),
    ).toMatchObject({
      kind: 'date',
      rule,
    });
  });

  it('refuses to close before the configured follow-ups, and honours the configuration', () => {
    const error = refusal(() =>
      applyMentalHealthStep(at('follow-up'), { action: 'close', on: TODAY }, TODAY),
    );
    expect(error).toMatchObject({ kind: 'precondition', rule: '结案前须随访' });
    const none = { ...DEFAULT_MENTAL_HEALTH_RULES, followUpsBeforeClosing: 0 };
    expect(applyMentalHealthStep(at('follow-up'), { action: 'close', on: TODAY }, TODAY, none).to).toBe(
      'closed',
    );
  });
});

describe('due dates', () => {
  it('counts the state’s days from the last step, none when closed', () => {
    expect(mentalHealthDueOn(at('reported'))).toBe('2026-05-13');
    expect(mentalHealthDueOn(at('referred'))).toBe('2026-05-24');
    expect(mentalHealthDueOn(at('closed'))).toBeUndefined();
    const rules = {
      ...DEFAULT_MENTAL_HEALTH_RULES,
      dueDays: { ...DEFAULT_MENTAL_HEALTH_RULES.dueDays, reported: 1 },
    };
    expect(mentalHealthDueOn(at('reported'), rules)).toBe('2026-05-11');
  });

  it('refuses broken rules', () => {
    expect(() => assertMentalHealthRules(DEFAULT_MENTAL_HEALTH_RULES)).not.toThrow();
    const days = DEFAULT_MENTAL_HEALTH_RULES.dueDays;
    expect(() =>
      assertMentalHealthRules({ ...DEFAULT_MENTAL_HEALTH_RULES, dueDays: { ...days, referred: 0 } }),
    ).toThrow(RangeError);
    expect(() =>
      assertMentalHealthRules({ ...DEFAULT_MENTAL_HEALTH_RULES, dueDays: { ...days, referred: 1.5 } }),
    ).toThrow(RangeError);
    expect(() =>
      assertMentalHealthRules({ ...DEFAULT_MENTAL_HEALTH_RULES, followUpsBeforeClosing: -1 }),
    ).toThrow(RangeError);
  });
});
