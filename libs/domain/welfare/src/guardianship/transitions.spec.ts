import type { GuardianshipCaseStatus } from './case-status';
import { DEFAULT_GUARDIANSHIP_RULES } from './due-dates';
import { GuardianshipRuleError } from './rule-error';
import {
  GUARDIANSHIP_ACTIONS,
  applyGuardianshipStep,
  availableActions,
  isGuardianshipAction,
  openGuardianshipCase,
  type GuardianshipAction,
} from './transitions';
import {
  GUARDIANSHIP_PARTIES,
  GUARDIANSHIP_STATES,
  type GuardianshipParty,
  type GuardianshipState,
} from './vocabulary';

const TODAY = '2026-05-20';

/** A case in `state` whose last step was on 2026-05-01, with `visits` visits in that state. */
function caseIn(state: GuardianshipState, visits = 1): GuardianshipCaseStatus {
  return {
    state,
    openedOn: '2026-04-01',
    stateSince: '2026-05-01',
    lastStepOn: '2026-05-01',
    visitsInState: visits,
    ...(state === 'closed' ? { outcome: 'resolved' as const, closedOn: '2026-05-01' } : {}),
  };
}

function refusal(run: () => unknown): GuardianshipRuleError {
  try {
    run();
  } catch (error) {
    if (error instanceof GuardianshipRuleError) return error;
    throw error;
  }
  throw new Error('expected a GuardianshipRuleError');
}

// The expected table, written out by hand from seed §10 and §9 (not read from the code): one row
// per action with the states it applies to, where it leads, and who takes it.
const EXPECTED: readonly [
  GuardianshipAction,
  GuardianshipState[],
  GuardianshipState | 'stay',
  GuardianshipParty[],
][] = [
  ['admonish', ['reported'], 'follow-up', ['committee']],
  ['report-to-police', ['reported', 'follow-up'], 'reported-to-police', ['committee']],
  ['acknowledge', ['reported-to-police'], 'admonition-pending', ['police']],
  ['reprimand', ['admonition-pending'], 'follow-up', ['police', 'procuratorate', 'court']],
  [
    'order-family-education-guidance',
    ['admonition-pending'],
    'family-education-guidance',
    ['police', 'procuratorate', 'court'],
  ],
  ['complete-guidance', ['family-education-guidance'], 'follow-up', ['womens-federation', 'education']],
  ['follow-up', ['follow-up'], 'stay', ['committee', 'civil-affairs']],
  [
    'place-in-temporary-guardianship',
    ['reported', 'reported-to-police', 'admonition-pending', 'family-education-guidance', 'follow-up'],
    'temporary-guardianship',
    ['civil-affairs'],
  ],
  ['review-guardianship', ['temporary-guardianship', 'long-term-guardianship'], 'stay', ['civil-affairs']],
  ['return-to-family', ['temporary-guardianship'], 'follow-up', ['civil-affairs']],
  [
    'place-in-long-term-guardianship',
    ['temporary-guardianship'],
    'long-term-guardianship',
    ['civil-affairs'],
  ],
  ['restore-guardianship', ['long-term-guardianship'], 'follow-up', ['court']],
  ['close', ['follow-up'], 'closed', ['committee', 'civil-affairs']],
  ['close-unfounded', ['reported'], 'closed', ['committee', 'civil-affairs']],
];

describe('the transition table (every action in every state)', () => {
  it('lists every action once', () => {
    expect(EXPECTED.map(([a]) => a).sort()).toEqual([...GUARDIANSHIP_ACTIONS].sort());
  });

  const cells = EXPECTED.flatMap(([action, from, to, parties]) =>
    GUARDIANSHIP_STATES.map((state) => ({
      action,
      state,
      allowed: from.includes(state),
      to,
      party: parties[0],
    })),
  );

  it.each(cells.filter((c) => c.allowed))(
    '$action in $state: allowed, leads to $to',
    ({ action, state, to, party }) => {
      const result = applyGuardianshipStep(caseIn(state), { action, party, on: '2026-05-10' }, TODAY);
      expect(result.from).toBe(state);
      expect(result.to).toBe(to === 'stay' ? state : to);
      expect(result.status.state).toBe(result.to);
      expect(result.status.lastStepOn).toBe('2026-05-10');
    },
  );

  it.each(cells.filter((c) => !c.allowed))(
    '$action in $state: refused, naming the rule',
    ({ action, state, party }) => {
      const error = refusal(() =>
        applyGuardianshipStep(caseIn(state), { action, party, on: '2026-05-10' }, TODAY),
      );
      expect(error.kind).toBe('state');
      expect(error.field).toBe('action');
      expect(error.message).toContain('规则：');
      if (state === 'closed') expect(error.message).toContain('已结案的案件不再办理');
      else expect(error.message).toContain('仅适用于');
    },
  );
});

describe('who takes each step (every action by every party)', () => {
  const cells = EXPECTED.flatMap(([action, from, , parties]) =>
    GUARDIANSHIP_PARTIES.map((party) => ({
      action,
      state: from[0],
      party,
      allowed: parties.includes(party),
    })),
  );

  it.each(cells.filter((c) => c.allowed))('$action by $party: allowed', ({ action, state, party }) => {
    expect(() =>
      applyGuardianshipStep(caseIn(state), { action, party, on: '2026-05-10' }, TODAY),
    ).not.toThrow();
  });

  it.each(cells.filter((c) => !c.allowed))(
    '$action by $party: refused as the wrong party',
    ({ action, state, party }) => {
      const error = refusal(() =>
        applyGuardianshipStep(caseIn(state), { action, party, on: '2026-05-10' }, TODAY),
      );
      expect(error.kind).toBe('party');
      expect(error.field).toBe('party');
      expect(error.message).toMatch(/须由.+办理，当前办理方为.+（规则：.+）/);
    },
  );

  it('names the parties in Chinese: the committee cannot admonish formally (训诫)', () => {
    const error = refusal(() =>
      applyGuardianshipStep(
        caseIn('admonition-pending'),
        { action: 'reprimand', party: 'committee', on: TODAY },
        TODAY,
      ),
    );
    expect(error.message).toBe(
      '「训诫」须由公安机关、人民检察院、人民法院办理，当前办理方为村（居）民委员会（规则：公安机关接到报告或者公安机关、人民检察院、人民法院在办理案件过程中发现的，应当予以训诫）',
    );
    expect(error.rule).toBe('训诫的办理主体');
  });

  it('a wrong state is reported before a wrong party', () => {
    expect(
      refusal(() =>
        applyGuardianshipStep(
          caseIn('closed'),
          { action: 'reprimand', party: 'committee', on: TODAY },
          TODAY,
        ),
      ).kind,
    ).toBe('state');
  });
});

describe('openGuardianshipCase', () => {
  it.each<[GuardianshipParty, GuardianshipState | undefined, string]>([
    ['committee', 'reported', 'the committee finds it: it admonishes first'],
    ['civil-affairs', 'reported', 'civil affairs receives it and refers it to the committee'],
    ['police', 'admonition-pending', 'the police receive a report: admonition is theirs'],
    ['procuratorate', 'admonition-pending', 'found while handling a case'],
    ['court', 'admonition-pending', 'found while handling a case'],
    ['womens-federation', undefined, 'gives guidance, does not open cases'],
    ['education', undefined, 'gives guidance, does not open cases'],
  ])('by %s opens in %p (%s)', (party, state) => {
    if (state === undefined) {
      const error = refusal(() => openGuardianshipCase(party, TODAY, TODAY));
      expect(error).toMatchObject({ kind: 'party', rule: '立案主体' });
      expect(error.message).toContain('须由村（居）民委员会、民政部门、公安机关、人民检察院、人民法院登记');
    } else {
      expect(openGuardianshipCase(party, '2026-05-19', TODAY)).toEqual({
        state,
        openedOn: '2026-05-19',
        stateSince: '2026-05-19',
        lastStepOn: '2026-05-19',
        visitsInState: 0,
      });
    }
  });

  it.each([
    ['2026-05-21', '不晚于今日'],
    ['2026-02-30', '日期格式'],
    ['20260520', '日期格式'],
  ])('refuses the opening date %s (%s)', (on, rule) => {
    expect(refusal(() => openGuardianshipCase('committee', on, TODAY))).toMatchObject({
      kind: 'date',
      field: 'on',
      rule,
    });
  });

  it('opens today', () => expect(openGuardianshipCase('committee', TODAY, TODAY).openedOn).toBe(TODAY));
});

describe('dates of a step', () => {
  const status = caseIn('follow-up');
  it.each([
    ['2026-05-01', true, 'the same day as the last step'],
    [TODAY, true, 'today'],
    ['2026-04-30', false, 'before the last step'],
    ['2026-05-21', false, 'tomorrow'],
    ['2026-13-01', false, 'not a date'],
  ])('on %s: allowed %p (%s)', (on, allowed) => {
    const run = () => applyGuardianshipStep(status, { action: 'follow-up', party: 'committee', on }, TODAY);
    if (allowed) expect(run).not.toThrow();
    else expect(refusal(run)).toMatchObject({ kind: 'date', field: 'on' });
  });

  it('names the last step day when a step is back-dated', () => {
    const error = refusal(() =>
      applyGuardianshipStep(status, { action: 'follow-up', party: 'committee', on: '2026-04-30' }, TODAY),
    );
    expect(error.message).toBe('办理日期：不能早于本案上一步的日期（2026-05-01）');
  });
});

describe('visits and closing', () => {
  it('a follow-up stays in follow-up, counts the visit and moves the anchor', () => {
    const result = applyGuardianshipStep(
      caseIn('follow-up', 0),
      { action: 'follow-up', party: 'committee', on: '2026-05-15' },
      TODAY,
    );
    expect(result.status).toMatchObject({
      state: 'follow-up',
      stateSince: '2026-05-01',
      lastStepOn: '2026-05-15',
      visitsInState: 1,
    });
  });

  it('a review of temporary guardianship stays and counts', () => {
    const result = applyGuardianshipStep(
      caseIn('temporary-guardianship', 2),
      { action: 'review-guardianship', party: 'civil-affairs', on: '2026-05-15' },
      TODAY,
    );
    expect(result.status).toMatchObject({ state: 'temporary-guardianship', visitsInState: 3 });
  });

  it('entering a state resets the visit count', () => {
    const result = applyGuardianshipStep(
      caseIn('follow-up', 4),
      { action: 'report-to-police', party: 'committee', on: '2026-05-15' },
      TODAY,
    );
    expect(result.status).toMatchObject({
      state: 'reported-to-police',
      stateSince: '2026-05-15',
      visitsInState: 0,
    });
  });

  it('refuses closing before the first follow-up, naming the rule', () => {
    const error = refusal(() =>
      applyGuardianshipStep(
        caseIn('follow-up', 0),
        { action: 'close', party: 'committee', on: TODAY },
        TODAY,
      ),
    );
    expect(error).toMatchObject({ kind: 'precondition', rule: '结案前须回访' });
    expect(error.message).toBe(
      '案件须至少回访 1 次后方可结案，目前回访 0 次（规则：经回访监护职责已落实的，方可结案）',
    );
  });

  it('the number of follow-ups before closing is configuration', () => {
    const rules = { ...DEFAULT_GUARDIANSHIP_RULES, followUpsBeforeClosing: 3 };
    const step = { action: 'close' as const, party: 'civil-affairs' as const, on: TODAY };
    expect(refusal(() => applyGuardianshipStep(caseIn('follow-up', 2), step, TODAY, rules)).kind).toBe(
      'precondition',
    );
    expect(applyGuardianshipStep(caseIn('follow-up', 3), step, TODAY, rules).to).toBe('closed');
    const none = { ...DEFAULT_GUARDIANSHIP_RULES, followUpsBeforeClosing: 0 };
    expect(applyGuardianshipStep(caseIn('follow-up', 0), step, TODAY, none).to).toBe('closed');
  });

  it.each<[GuardianshipAction, GuardianshipState, GuardianshipParty, string]>([
    ['close', 'follow-up', 'committee', 'resolved'],
    ['close-unfounded', 'reported', 'civil-affairs', 'unfounded'],
  ])('%s records the outcome %s and the closing day', (action, state, party, outcome) => {
    const result = applyGuardianshipStep(caseIn(state), { action, party, on: '2026-05-10' }, TODAY);
    expect(result.status).toMatchObject({
      state: 'closed',
      outcome,
      closedOn: '2026-05-10',
      openedOn: '2026-04-01',
    });
  });
});

describe('the whole path of seed §10 and §9', () => {
  it('committee -> police -> admonition with guidance -> follow-up -> closed', () => {
    let status = openGuardianshipCase('committee', '2026-03-01', TODAY);
    const steps: [GuardianshipAction, GuardianshipParty, string, GuardianshipState][] = [
      ['admonish', 'committee', '2026-03-02', 'follow-up'],
      ['report-to-police', 'committee', '2026-03-10', 'reported-to-police'],
      ['acknowledge', 'police', '2026-03-11', 'admonition-pending'],
      ['order-family-education-guidance', 'police', '2026-03-15', 'family-education-guidance'],
      ['complete-guidance', 'womens-federation', '2026-04-20', 'follow-up'],
      ['follow-up', 'committee', '2026-05-01', 'follow-up'],
      ['close', 'civil-affairs', '2026-05-20', 'closed'],
    ];
    for (const [action, party, on, expected] of steps) {
      status = applyGuardianshipStep(status, { action, party, on }, TODAY).status;
      expect(status.state).toBe(expected);
    }
    expect(status).toMatchObject({ openedOn: '2026-03-01', closedOn: '2026-05-20', outcome: 'resolved' });
  });

  it('without care: temporary guardianship -> long-term -> restored by the court -> follow-up', () => {
    let status = openGuardianshipCase('police', '2026-01-05', TODAY);
    const steps: [GuardianshipAction, GuardianshipParty, GuardianshipState][] = [
      ['place-in-temporary-guardianship', 'civil-affairs', 'temporary-guardianship'],
      ['review-guardianship', 'civil-affairs', 'temporary-guardianship'],
      ['place-in-long-term-guardianship', 'civil-affairs', 'long-term-guardianship'],
      ['restore-guardianship', 'court', 'follow-up'],
    ];
    for (const [action, party, expected] of steps) {
      status = applyGuardianshipStep(status, { action, party, on: '2026-02-01' }, TODAY).status;
      expect(status.state).toBe(expected);
    }
  });

  it('refuses long-term guardianship without temporary guardianship first', () => {
    const error = refusal(() =>
      applyGuardianshipStep(
        caseIn('reported'),
        { action: 'place-in-long-term-guardianship', party: 'civil-affairs', on: TODAY },
        TODAY,
      ),
    );
    expect(error.message).toBe(
      '案件当前为「待劝诫、制止」，不能「长期监护」：仅适用于「临时监护中」的案件（规则：无法回归家庭的，依托儿童福利机构提供长期监护（须先经临时监护））',
    );
    expect(error.rule).toBe('长期监护的适用状态');
  });
});

describe('availableActions', () => {
  it.each<[GuardianshipState, GuardianshipParty | undefined, GuardianshipAction[]]>([
    ['reported', 'committee', ['admonish', 'report-to-police', 'close-unfounded']],
    ['reported', 'civil-affairs', ['place-in-temporary-guardianship', 'close-unfounded']],
    ['reported', 'police', []],
    ['admonition-pending', 'court', ['reprimand', 'order-family-education-guidance']],
    ['follow-up', undefined, ['report-to-police', 'follow-up', 'place-in-temporary-guardianship', 'close']],
    ['long-term-guardianship', undefined, ['review-guardianship', 'restore-guardianship']],
    ['closed', undefined, []],
  ])('in %s for %p: %j', (state, party, actions) => {
    expect(availableActions(caseIn(state), party)).toEqual(actions);
  });
});

describe('isGuardianshipAction', () => {
  it.each([
    ['admonish', true],
    ['close', true],
    ['delete', false],
    [3, false],
    [undefined, false],
  ])('%p -> %p', (value, expected) => expect(isGuardianshipAction(value)).toBe(expected));
});
