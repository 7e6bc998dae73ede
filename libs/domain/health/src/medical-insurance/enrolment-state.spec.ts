import {
  checkEnrolmentStep,
  effectiveEnrolmentState,
  ENROLMENT_ACTIONS,
  ENROLMENT_STATES,
  ENROLMENT_TRANSITIONS,
  yearCoverage,
  type EnrolmentState,
  type EnrolmentStatus,
} from './enrolment-state';

const status = (state: EnrolmentState, enrolledOn: string | null = null): EnrolmentStatus => ({
  state,
  appliedOn: '2026-10-10',
  coverageEnd: '2027-12-31',
  enrolledOn,
});
const ASOF = '2026-10-20';
const rules = (r: ReturnType<typeof checkEnrolmentStep>) =>
  r.ok ? [] : r.problems.map((p) => `${p.field}:${p.rule}`);

describe('enrolment steps', () => {
  it.each([
    ['applied', 'enrol', 'enrolled'],
    ['applied', 'refuse', 'refused'],
    ['enrolled', 'transfer-out', 'transferred-out'],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    const r = checkEnrolmentStep(
      status(from, from === 'enrolled' ? '2026-10-12' : null),
      { action, on: ASOF, reason: ' 户籍地未停保 ' },
      ASOF,
    );
    expect(r).toEqual({ ok: true, action, from, to, on: ASOF, reason: '户籍地未停保' });
  });

  // Every other (state, action) pair is refused naming the state.
  const allowed = new Set(Object.entries(ENROLMENT_TRANSITIONS).map(([a, t]) => `${t.from}|${a}`));
  const refused = ENROLMENT_STATES.flatMap((s) => ENROLMENT_ACTIONS.map((a) => [s, a] as const)).filter(
    ([s, a]) => !allowed.has(`${s}|${a}`),
  );
  it.each(refused)('refuses %s --%s-->', (state, action) => {
    const r = checkEnrolmentStep(status(state, '2026-10-12'), { action, on: ASOF, reason: '原因' }, ASOF);
    expect(rules(r)).toEqual(['action:当前状态不能办理']);
  });

  it('refuses an unknown action, a bad date and a refusal without a reason, all at once', () => {
    expect(
      rules(checkEnrolmentStep(status('applied'), { action: 'approve', on: '2026-02-30' }, ASOF)),
    ).toEqual(['action:办理事项', 'on:日期格式']);
    expect(
      rules(checkEnrolmentStep(status('applied'), { action: 'refuse', on: ASOF, reason: '  ' }, ASOF)),
    ).toEqual(['reason:不予参保须说明原因']);
  });

  it.each([
    ['2026-10-21', 'on:不晚于今日'],
    ['2026-10-09', 'on:不早于申请日期'],
  ])('refuses an enrolment on %s', (on, rule) => {
    expect(rules(checkEnrolmentStep(status('applied'), { action: 'enrol', on }, ASOF))).toEqual([rule]);
  });

  it('keeps a transfer within the enrolment and its year', () => {
    expect(
      rules(
        checkEnrolmentStep(
          status('enrolled', '2026-10-15'),
          { action: 'transfer-out', on: '2026-10-12' },
          ASOF,
        ),
      ),
    ).toEqual(['on:不早于参保日期']);
    expect(
      rules(
        checkEnrolmentStep(
          status('enrolled', '2026-10-15'),
          { action: 'transfer-out', on: '2028-01-02' },
          '2028-01-05',
        ),
      ),
    ).toEqual(['on:须在参保年度内']);
  });

  it('bounds the reason and refuses one that is not text', () => {
    expect(
      rules(
        checkEnrolmentStep(status('applied'), { action: 'refuse', on: ASOF, reason: '因'.repeat(201) }, ASOF),
      ),
    ).toEqual(['reason:原因长度']);
    expect(
      rules(
        checkEnrolmentStep(
          status('applied'),
          { action: 'enrol', on: ASOF, reason: 5 as unknown as string },
          ASOF,
        ),
      ),
    ).toEqual(['reason:原因格式']);
  });
});

describe('effectiveEnrolmentState: lapse at year end unless renewed', () => {
  const enrolled = { state: 'enrolled' as const, coverageEnd: '2027-12-31' };
  it('is the stored state within the year', () => {
    expect(effectiveEnrolmentState(enrolled, '2027-12-31', null)).toBe('enrolled');
    for (const state of ENROLMENT_STATES)
      expect(effectiveEnrolmentState({ state, coverageEnd: '2027-12-31' }, '2026-10-10', null)).toBe(state);
  });
  it('lapses the day after the year ends without a renewal', () => {
    expect(effectiveEnrolmentState(enrolled, '2028-01-01', null)).toBe('lapsed');
    expect(effectiveEnrolmentState(enrolled, '2028-01-01', 'applied')).toBe('lapsed');
    expect(effectiveEnrolmentState(enrolled, '2028-01-01', 'refused')).toBe('lapsed');
  });
  it('is renewed when the next year is enrolled', () => {
    expect(effectiveEnrolmentState(enrolled, '2028-01-01', 'enrolled')).toBe('renewed');
    expect(effectiveEnrolmentState(enrolled, '2028-06-01', 'transferred-out')).toBe('renewed');
  });
  it('leaves the other states alone after the year', () => {
    expect(
      effectiveEnrolmentState({ state: 'transferred-out', coverageEnd: '2027-12-31' }, '2028-01-01', null),
    ).toBe('transferred-out');
    expect(effectiveEnrolmentState({ state: 'applied', coverageEnd: '2027-12-31' }, '2028-01-01', null)).toBe(
      'applied',
    );
  });
});

describe('yearCoverage', () => {
  it.each([
    ['enrolled', null, 'enrolled'],
    ['applied', 'enrolled', 'applied'],
    [null, 'enrolled', 'lapsed'],
    [null, 'transferred-out', 'not-enrolled'],
    [null, null, 'not-enrolled'],
    ['refused', null, 'refused'],
  ] as const)('this year %s, last year %s: %s', (thisYear, lastYear, coverage) => {
    expect(yearCoverage(thisYear, lastYear)).toBe(coverage);
  });
});
