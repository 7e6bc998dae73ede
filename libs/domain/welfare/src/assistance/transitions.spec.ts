import { findAssistanceKind, type AssistanceKind } from './kinds';
import { AssistanceRuleError } from './rule-error';
import {
  ASSISTANCE_ACTIONS,
  ASSISTANCE_TRANSITIONS,
  applyAssistanceStep,
  availableAssistanceActions,
  isAssistanceAction,
  submitAssistanceApplication,
  type AssistanceAction,
  type AssistanceStep,
} from './transitions';
import { ASSISTANCE_STATES, type AssistanceApplicationStatus, type AssistanceState } from './vocabulary';

const TODAY = '2026-05-20';
const kind = (id: string): AssistanceKind => {
  const found = findAssistanceKind(id);
  if (found === undefined) throw new Error(id);
  return found;
};
const ORPHAN = kind('orphan-basic-living'); // civil affairs, hukou confirms, monthly
const TEMPORARY = kind('temporary-assistance'); // civil affairs, residence only, one-off
const REHAB = kind('disabled-child-rehabilitation'); // 残联, residence only, monthly
const TOMORROW = kind('orphan-medical-rehabilitation'); // civil affairs, hukou confirms, one-off

function appIn(state: AssistanceState, k: AssistanceKind = ORPHAN): AssistanceApplicationStatus {
  return {
    kind: k.id,
    state,
    submittedOn: '2026-04-10',
    stateSince: '2026-05-01',
    lastStepOn: '2026-05-01',
    hukouCountyCode: k.hukouCityConfirms ? '410102' : null,
    hukouAnswer: null,
    hukouAnsweredOn: null,
    hukouReference: '',
    amountFen: null,
    startMonth: null,
    approvedOn: null,
    reason: null,
    endReason: null,
  };
}

function refusal(run: () => unknown): AssistanceRuleError {
  try {
    run();
  } catch (error) {
    if (error instanceof AssistanceRuleError) return error;
    throw error;
  }
  throw new Error('expected an AssistanceRuleError');
}

/** A step with every value it may need. */
const step = (
  action: AssistanceAction,
  k: AssistanceKind,
  extra: Partial<AssistanceStep> = {},
): AssistanceStep => ({
  action,
  party: k.department,
  on: '2026-05-10',
  reason: '核实情况',
  ...extra,
});

// The expected table, written by hand (not read from the code): the states each action applies
// to, where it leads, and for which kinds (H = hukou-confirmed, R = residence-only, M = monthly).
const EXPECTED: readonly [AssistanceAction, AssistanceState[], AssistanceState, 'all' | 'H' | 'R' | 'M'][] = [
  ['refer-to-hukou-city', ['submitted'], 'awaiting-hukou-city', 'H'],
  ['accept', ['submitted'], 'under-review', 'R'],
  ['record-hukou-confirmation', ['awaiting-hukou-city'], 'under-review', 'H'],
  ['record-hukou-denial', ['awaiting-hukou-city'], 'rejected', 'H'],
  ['approve', ['under-review'], 'approved', 'all'],
  ['reject', ['submitted', 'under-review'], 'rejected', 'all'],
  ['suspend', ['approved'], 'suspended', 'M'],
  ['resume', ['suspended'], 'approved', 'M'],
  ['end', ['approved', 'suspended'], 'ended', 'M'],
];

const KINDS = [ORPHAN, TEMPORARY, REHAB, TOMORROW];
const fits = (k: AssistanceKind, c: 'all' | 'H' | 'R' | 'M') =>
  c === 'all' ||
  (c === 'H' && k.hukouCityConfirms) ||
  (c === 'R' && !k.hukouCityConfirms) ||
  (c === 'M' && k.standard.period === 'monthly');

describe('the transition table (every action, state and kind)', () => {
  it('lists every action once', () => {
    expect(EXPECTED.map(([a]) => a).sort()).toEqual([...ASSISTANCE_ACTIONS].sort());
  });

  const cells = EXPECTED.flatMap(([action, from, to, kinds]) =>
    ASSISTANCE_STATES.flatMap((state) =>
      KINDS.map((k) => ({
        action,
        state,
        kind: k.id,
        k,
        inState: from.includes(state),
        fits: fits(k, kinds),
        to,
      })),
    ),
  );

  it.each(cells.filter((c) => c.inState && c.fits))(
    '$action in $state for $kind: leads to $to',
    ({ action, state, k, to }) => {
      const result = applyAssistanceStep(k, appIn(state, k), step(action, k), TODAY);
      expect(result).toMatchObject({
        from: state,
        to,
        status: { state: to, stateSince: '2026-05-10', lastStepOn: '2026-05-10' },
      });
    },
  );

  it.each(cells.filter((c) => !c.inState))(
    '$action in $state for $kind: refused by state',
    ({ action, state, k }) => {
      const error = refusal(() => applyAssistanceStep(k, appIn(state, k), step(action, k), TODAY));
      expect(error.kind).toBe('state');
      expect(error.field).toBe('action');
      expect(error.rule).toBe(
        state === 'rejected' || state === 'ended'
          ? '已办结不再办理'
          : `${ASSISTANCE_TRANSITIONS[action].label}的适用状态`,
      );
    },
  );

  it.each(cells.filter((c) => c.inState && !c.fits))(
    '$action in $state for $kind: refused by kind',
    ({ action, state, k }) => {
      const error = refusal(() => applyAssistanceStep(k, appIn(state, k), step(action, k), TODAY));
      expect(error).toMatchObject({
        kind: 'precondition',
        field: 'action',
        rule: `${ASSISTANCE_TRANSITIONS[action].label}的适用类别`,
      });
      expect(error.message).toMatch(/规则：/);
    },
  );

  it('a state refusal names the current state and the allowed ones', () => {
    const error = refusal(() =>
      applyAssistanceStep(ORPHAN, appIn('submitted'), step('approve', ORPHAN), TODAY),
    );
    expect(error.message).toBe(
      '申请当前为「已提交，待受理」，不能「审批通过」：仅适用于「审核中」的申请（规则：审核通过后批准救助，确定金额与起始月份）',
    );
  });

  it('a one-off kind cannot be suspended or ended', () => {
    const error = refusal(() =>
      applyAssistanceStep(TEMPORARY, appIn('approved', TEMPORARY), step('suspend', TEMPORARY), TODAY),
    );
    expect(error.message).toContain('「临时救助」为一次性救助');
  });
});

describe('who takes a step', () => {
  it.each(ASSISTANCE_ACTIONS.map((a) => [a]))('%s is the kind’s department’s only', (action) => {
    const [from] = ASSISTANCE_TRANSITIONS[action].from;
    const k = fits(ORPHAN, EXPECTED.find(([a]) => a === action)?.[3] ?? 'all') ? ORPHAN : REHAB;
    for (const party of ['civil-affairs', 'disabled-persons-federation', 'child-director'] as const) {
      const run = () => applyAssistanceStep(k, appIn(from, k), step(action, k, { party }), TODAY);
      if (party === k.department) expect(run).not.toThrow();
      else expect(refusal(run)).toMatchObject({ kind: 'party', field: 'party' });
    }
  });

  it('names the department in Chinese', () => {
    const error = refusal(() =>
      applyAssistanceStep(
        REHAB,
        appIn('under-review', REHAB),
        step('approve', REHAB, { party: 'civil-affairs' }),
        TODAY,
      ),
    );
    expect(error.message).toContain('「残疾儿童康复救助」的「审批通过」须由残联办理，当前办理方为民政部门');
  });
});

describe('dates', () => {
  it.each<[string, string]>([
    ['2026-5-10', '日期格式'],
    ['2026-02-30', '日期格式'],
    ['2026-05-21', '不晚于今日'],
    ['2026-04-30', '不早于上一步'],
  ])('%s is refused (%s)', (on, rule) => {
    const error = refusal(() =>
      applyAssistanceStep(ORPHAN, appIn('submitted'), step('refer-to-hukou-city', ORPHAN, { on }), TODAY),
    );
    expect(error).toMatchObject({ kind: 'date', field: 'on', rule });
  });
  it('today and the last step’s day are allowed', () => {
    for (const on of [TODAY, '2026-05-01'])
      expect(
        applyAssistanceStep(ORPHAN, appIn('submitted'), step('refer-to-hukou-city', ORPHAN, { on }), TODAY)
          .to,
      ).toBe('awaiting-hukou-city');
  });
});

describe('what a step records', () => {
  it('the hukou city’s confirmation, with its reference', () => {
    const r = applyAssistanceStep(
      ORPHAN,
      appIn('awaiting-hukou-city'),
      step('record-hukou-confirmation', ORPHAN, { reference: ' 金民函〔2026〕12号 ', reason: undefined }),
      TODAY,
    );
    expect(r.status).toMatchObject({
      hukouAnswer: 'confirmed',
      hukouAnsweredOn: '2026-05-10',
      hukouReference: '金民函〔2026〕12号',
      reason: null,
    });
  });

  it('the hukou city’s denial needs its reason', () => {
    const none = refusal(() =>
      applyAssistanceStep(
        ORPHAN,
        appIn('awaiting-hukou-city'),
        step('record-hukou-denial', ORPHAN, { reason: '  ' }),
        TODAY,
      ),
    );
    expect(none).toMatchObject({ kind: 'value', field: 'reason', rule: '须说明原因' });
    const r = applyAssistanceStep(
      ORPHAN,
      appIn('awaiting-hukou-city'),
      step('record-hukou-denial', ORPHAN, { reason: '父母一方有抚养能力' }),
      TODAY,
    );
    expect(r.status).toMatchObject({
      state: 'rejected',
      hukouAnswer: 'denied',
      reason: '父母一方有抚养能力',
    });
  });

  it.each<AssistanceAction>(['reject', 'suspend', 'end'])(
    '%s needs a reason of at most 500 characters',
    (action) => {
      const [from] = ASSISTANCE_TRANSITIONS[action].from;
      expect(
        refusal(() =>
          applyAssistanceStep(ORPHAN, appIn(from), step(action, ORPHAN, { reason: undefined }), TODAY),
        ).rule,
      ).toBe('须说明原因');
      expect(
        refusal(() =>
          applyAssistanceStep(ORPHAN, appIn(from), step(action, ORPHAN, { reason: 'x'.repeat(501) }), TODAY),
        ).rule,
      ).toBe('原因长度');
    },
  );

  it('an approval takes the standard amount and the month of approval by default', () => {
    const r = applyAssistanceStep(ORPHAN, appIn('under-review'), step('approve', ORPHAN), TODAY);
    expect(r.status).toMatchObject({
      amountFen: 140000,
      startMonth: '2026-05',
      approvedOn: '2026-05-10',
      reason: null,
    });
  });

  it.each<[Partial<AssistanceStep>, string, string]>([
    [{ amountFen: 0 }, 'amountFen', '救助金额范围'],
    [{ amountFen: 140001 }, 'amountFen', '救助金额范围'],
    [{ amountFen: 100.5 }, 'amountFen', '救助金额范围'],
    [{ startMonth: '2026-13' }, 'startMonth', '月份格式'],
    [{ startMonth: '2026-03' }, 'startMonth', '起始月份范围'],
    [{ startMonth: '2026-07' }, 'startMonth', '起始月份范围'],
  ])('refuses an approval with %j', (extra, field, rule) => {
    expect(
      refusal(() =>
        applyAssistanceStep(ORPHAN, appIn('under-review'), step('approve', ORPHAN, extra), TODAY),
      ),
    ).toMatchObject({
      kind: 'value',
      field,
      rule,
    });
  });

  it('an approval may start from the month of application to the month after approval', () => {
    for (const startMonth of ['2026-04', '2026-05', '2026-06'])
      expect(
        applyAssistanceStep(
          ORPHAN,
          appIn('under-review'),
          step('approve', ORPHAN, { startMonth, amountFen: 90000 }),
          TODAY,
        ).status,
      ).toMatchObject({
        startMonth,
        amountFen: 90000,
      });
  });

  it('resuming clears the suspension’s reason and keeps the approval', () => {
    const suspended = {
      ...appIn('suspended'),
      amountFen: 140000,
      startMonth: '2026-05',
      approvedOn: '2026-05-01',
      reason: '待核实',
    };
    const r = applyAssistanceStep(ORPHAN, suspended, step('resume', ORPHAN), TODAY);
    expect(r.status).toMatchObject({
      state: 'approved',
      reason: null,
      amountFen: 140000,
      approvedOn: '2026-05-01',
    });
  });

  it('a temporary assistance up to its ceiling', () => {
    const r = applyAssistanceStep(
      TEMPORARY,
      appIn('under-review', TEMPORARY),
      step('approve', TEMPORARY, { amountFen: 300000 }),
      TODAY,
    );
    expect(r.status.amountFen).toBe(300000);
  });
});

describe('submitAssistanceApplication', () => {
  const input = {
    party: 'civil-affairs' as const,
    on: '2026-05-10',
    residenceCountyCode: '371702',
    hukouCountyCode: '410102',
  };

  it('opens a submitted application with the hukou county for a hukou-confirmed kind', () => {
    expect(submitAssistanceApplication(ORPHAN, input, TODAY)).toMatchObject({
      kind: 'orphan-basic-living',
      state: 'submitted',
      submittedOn: '2026-05-10',
      hukouCountyCode: '410102',
    });
  });

  it('keeps no hukou county for a residence-only kind', () => {
    expect(submitAssistanceApplication(TEMPORARY, input, TODAY).hukouCountyCode).toBeNull();
  });

  it('the child director may submit on the family’s behalf; another department may not', () => {
    expect(submitAssistanceApplication(REHAB, { ...input, party: 'child-director' }, TODAY).state).toBe(
      'submitted',
    );
    const error = refusal(() => submitAssistanceApplication(REHAB, input, TODAY));
    expect(error).toMatchObject({ kind: 'party', field: 'party', rule: '申请受理主体' });
    expect(error.message).toContain('须由残联或儿童主任提交');
  });

  it.each<[Record<string, string>, string, string]>([
    [{ hukouCountyCode: '' }, 'hukouCountyCode', '须填写户籍地'],
    [{ hukouCountyCode: '4101' }, 'hukouCountyCode', '须填写户籍地'],
    [{ hukouCountyCode: '371702' }, 'hukouCountyCode', '户籍地不同于居住地'],
    [{ on: '2026-05-21' }, 'on', '不晚于今日'],
    [{ on: 'today' }, 'on', '日期格式'],
  ])('refuses %j', (patch, field, rule) => {
    expect(refusal(() => submitAssistanceApplication(ORPHAN, { ...input, ...patch }, TODAY))).toMatchObject({
      field,
      rule,
    });
  });
});

describe('availableAssistanceActions', () => {
  it.each<[AssistanceKind, AssistanceState, string | undefined, AssistanceAction[]]>([
    [ORPHAN, 'submitted', undefined, ['refer-to-hukou-city', 'reject']],
    [TEMPORARY, 'submitted', undefined, ['accept', 'reject']],
    [ORPHAN, 'awaiting-hukou-city', 'civil-affairs', ['record-hukou-confirmation', 'record-hukou-denial']],
    [ORPHAN, 'under-review', 'child-director', []],
    [REHAB, 'under-review', 'civil-affairs', []],
    [REHAB, 'approved', 'disabled-persons-federation', ['suspend', 'end']],
    [TEMPORARY, 'approved', undefined, []],
    [ORPHAN, 'suspended', undefined, ['resume', 'end']],
    [ORPHAN, 'ended', undefined, []],
  ])('%s in %s for %p', (k, state, party, actions) => {
    expect(availableAssistanceActions(k, appIn(state, k), party as never)).toEqual(actions);
  });
});

describe('isAssistanceAction', () => {
  it.each([
    ['approve', true],
    ['delete', false],
    [undefined, false],
  ])('%p -> %p', (value, expected) => expect(isAssistanceAction(value)).toBe(expected));
});
