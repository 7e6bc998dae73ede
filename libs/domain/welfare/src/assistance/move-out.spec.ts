import { ASSISTANCE_KINDS, findAssistanceKind, type AssistanceKind } from './kinds';
import { decideOnMoveOut, moveOutReason, type MoveOutDecision } from './move-out';
import { applyAssistanceStep } from './transitions';
import { ASSISTANCE_STATES, type AssistanceApplicationStatus, type AssistanceState } from './vocabulary';

const kind = (id: string): AssistanceKind => {
  const found = findAssistanceKind(id);
  if (found === undefined) throw new Error(id);
  return found;
};
const ORPHAN = kind('orphan-basic-living'); // monthly, hukou confirms
const TEMPORARY = kind('temporary-assistance'); // one-off, 急难发生地
const TOMORROW = kind('orphan-medical-rehabilitation'); // one-off, hukou confirms
const REHAB = kind('disabled-child-rehabilitation'); // monthly, 残联

const MOVED_OUT_ON = '2026-06-15';

function appIn(
  state: AssistanceState,
  k: AssistanceKind = ORPHAN,
  dates: Partial<Pick<AssistanceApplicationStatus, 'submittedOn' | 'lastStepOn'>> = {},
): AssistanceApplicationStatus {
  const approved = state === 'approved' || state === 'suspended' || state === 'ended';
  return {
    kind: k.id,
    state,
    submittedOn: dates.submittedOn ?? '2026-05-01',
    stateSince: '2026-05-20',
    lastStepOn: dates.lastStepOn ?? '2026-05-20',
    hukouCountyCode: k.hukouCityConfirms ? '410102' : null,
    hukouAnswer: null,
    hukouAnsweredOn: null,
    hukouReference: '',
    amountFen: approved ? k.standard.amountFen : null,
    startMonth: approved ? '2026-05' : null,
    approvedOn: approved ? '2026-05-20' : null,
    reason: state === 'suspended' ? '待核实' : null,
    endReason: state === 'ended' ? 'department-decision' : null,
  };
}

const outcome = (d: MoveOutDecision) => (d.outcome === 'end' ? 'end' : d.why);

describe('decideOnMoveOut: what a move out of the city does to an application', () => {
  it.each<[string, AssistanceKind, AssistanceState, string]>([
    // Every open state of a residence-based kind ends: payments stop as of the move-out.
    ['pending acceptance', ORPHAN, 'submitted', 'end'],
    ['waiting for the hukou city', ORPHAN, 'awaiting-hukou-city', 'end'],
    ['under review', ORPHAN, 'under-review', 'end'],
    ['in monthly payment', ORPHAN, 'approved', 'end'],
    ['payment suspended', ORPHAN, 'suspended', 'end'],
    ['the federation’s monthly rehabilitation', REHAB, 'approved', 'end'],
    // A pending one-off kind of the residence (明天计划) ends; a paid one is done.
    ['a pending 明天计划', TOMORROW, 'under-review', 'end'],
    ['a paid 明天计划 (one-off: nothing left to stop)', TOMORROW, 'approved', 'paid-in-full'],
    // 临时救助 is the emergency place's: neither a granted nor a pending one is touched.
    ['a granted 临时救助', TEMPORARY, 'approved', 'granted-where-emergency-happened'],
    ['a pending 临时救助', TEMPORARY, 'under-review', 'granted-where-emergency-happened'],
    ['a submitted 临时救助', TEMPORARY, 'submitted', 'granted-where-emergency-happened'],
    // Closed applications stay as they are (also what makes a redelivered move-out harmless).
    ['rejected', ORPHAN, 'rejected', 'closed'],
    ['already ended', ORPHAN, 'ended', 'closed'],
    ['a rejected 临时救助', TEMPORARY, 'rejected', 'closed'],
  ])('%s -> %s', (_why, k, state, expected) => {
    expect(outcome(decideOnMoveOut(k, appIn(state, k), MOVED_OUT_ON))).toBe(expected);
  });

  it('covers every state for a monthly kind (open ends, closed keeps)', () => {
    for (const state of ASSISTANCE_STATES) {
      const expected = state === 'rejected' || state === 'ended' ? 'closed' : 'end';
      expect([state, outcome(decideOnMoveOut(ORPHAN, appIn(state), MOVED_OUT_ON))]).toEqual([
        state,
        expected,
      ]);
    }
  });

  it.each<[string, string, string]>([
    ['submitted the day before', '2026-06-14', 'end'],
    ['submitted on the move-out day (still lived here)', MOVED_OUT_ON, 'end'],
    ['submitted the day after (a later stay)', '2026-06-16', 'submitted-after-move-out'],
  ])('an application %s -> %s', (_why, submittedOn, expected) => {
    const status = appIn('submitted', ORPHAN, { submittedOn, lastStepOn: submittedOn });
    expect(outcome(decideOnMoveOut(ORPHAN, status, MOVED_OUT_ON))).toBe(expected);
  });

  it('ends as of the move-out day with end reason moved-out, keeping the approval’s facts', () => {
    const before = appIn('approved');
    const decision = decideOnMoveOut(ORPHAN, before, MOVED_OUT_ON);
    expect(decision).toEqual({
      outcome: 'end',
      result: {
        from: 'approved',
        to: 'ended',
        status: {
          ...before,
          state: 'ended',
          stateSince: MOVED_OUT_ON,
          lastStepOn: MOVED_OUT_ON,
          reason: moveOutReason(MOVED_OUT_ON),
          endReason: 'moved-out',
        },
      },
    });
    // What was approved stays on record: amount, start month, approval day.
    if (decision.outcome === 'end')
      expect(decision.result.status).toMatchObject({ amountFen: 140000, approvedOn: '2026-05-20' });
  });

  it('an officer’s later step (the news came late): stopped as of the move-out, last-step day kept', () => {
    const late = appIn('approved', ORPHAN, { lastStepOn: '2026-06-20' });
    const decision = decideOnMoveOut(ORPHAN, late, MOVED_OUT_ON);
    expect(decision.outcome === 'end' && decision.result.status).toMatchObject({
      stateSince: MOVED_OUT_ON,
      lastStepOn: '2026-06-20',
    });
  });

  it('an ended application takes no further step (the rules refuse it as closed)', () => {
    const decision = decideOnMoveOut(ORPHAN, appIn('approved'), MOVED_OUT_ON);
    if (decision.outcome !== 'end') throw new Error('expected end');
    expect(() =>
      applyAssistanceStep(
        ORPHAN,
        decision.result.status,
        { action: 'resume', party: 'civil-affairs', on: '2026-06-20' },
        '2026-06-20',
      ),
    ).toThrow(/已办结/);
    // ... and a second move-out changes nothing.
    expect(outcome(decideOnMoveOut(ORPHAN, decision.result.status, MOVED_OUT_ON))).toBe('closed');
  });

  it('says nothing personal in its reason', () => {
    expect(moveOutReason(MOVED_OUT_ON)).toBe('儿童已迁出本市（迁出日期 2026-06-15），自迁出之日终止');
  });

  it('refuses a move-out day that is not a date (a programming error upstream)', () => {
    expect(() => decideOnMoveOut(ORPHAN, appIn('approved'), '2026-6-15')).toThrow(RangeError);
  });

  it('every configured kind gets a decision for every state', () => {
    for (const k of ASSISTANCE_KINDS)
      for (const state of ASSISTANCE_STATES)
        expect(['end', 'closed', 'granted-where-emergency-happened', 'paid-in-full']).toContain(
          outcome(decideOnMoveOut(k, appIn(state, k), MOVED_OUT_ON)),
        );
  });
});
