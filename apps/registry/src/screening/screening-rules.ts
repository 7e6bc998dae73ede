import { addMonths, type LocalDate } from '@care/child-rules';
import { assertNever } from '@care/errors';
import { roundPeriodBounds, roundPeriodOf, type RoundPeriod } from './round-period';

/** What a worker reports for one child in a round (摸排结果). */
export const SCREENING_OUTCOMES = ['found', 'confirmed', 'not-found'] as const;
export type ScreeningOutcome = (typeof SCREENING_OUTCOMES)[number];

export const SCREENING_OUTCOME_LABELS: Readonly<Record<ScreeningOutcome, string>> = {
  found: '已找到', // located, and the record was brought up to date on the spot
  confirmed: '已核实', // the record was checked and is right as it stands
  'not-found': '未找到', // not at the recorded residence: a lead for 迁出 follow-up
};

/** Who screens: a village/community child director or a contracted social-work organisation. */
export const SCREENING_WORKER_KINDS = ['child-director', 'social-work-organisation'] as const;
export type ScreeningWorkerKind = (typeof SCREENING_WORKER_KINDS)[number];

export const SCREENING_WORKER_KIND_LABELS: Readonly<Record<ScreeningWorkerKind, string>> = {
  'child-director': '儿童主任',
  'social-work-organisation': '社会工作服务机构',
};

/**
 * Whether an outcome counts as verifying the child's record (updates lastVerifiedOn).
 * A child not found was not verified: the record must stay on the stale list until someone
 * finds the child or records the move-out, otherwise a failed visit would hide the problem.
 */
export function outcomeVerifiesChild(outcome: ScreeningOutcome): boolean {
  switch (outcome) {
    case 'found':
    case 'confirmed':
      return true;
    case 'not-found':
      return false;
    default:
      return assertNever(outcome, 'screening outcome');
  }
}

/**
 * Why a round cannot be opened for a period on a date, or undefined when it can. A round may
 * be opened for the current half-year or, to plan ahead, for the next one; a half-year that
 * has ended can no longer be screened.
 */
export function periodNotOpenableReason(period: RoundPeriod, today: LocalDate): string | undefined {
  const { endsOn } = roundPeriodBounds(period);
  if (endsOn < today) return `摸排周期 ${period} 已结束，不能再开启摸排轮次`;
  const next = roundPeriodOf(addMonths(roundPeriodBounds(roundPeriodOf(today)).startsOn, 6));
  if (period !== roundPeriodOf(today) && period !== next)
    return `摸排周期 ${period} 尚未到来，只能开启本半年或下一个半年的摸排轮次`;
  return undefined;
}

/** Why a visit date cannot be recorded in a round, or undefined when it can. */
export function visitDateProblem(
  visitedOn: LocalDate,
  roundOpenedOn: LocalDate,
  today: LocalDate,
): string | undefined {
  if (visitedOn > today) return `摸排日期 ${visitedOn} 不能晚于今天 ${today}`;
  if (visitedOn < roundOpenedOn) return `摸排日期 ${visitedOn} 不能早于本轮摸排开启日期 ${roundOpenedOn}`;
  return undefined;
}

export interface OutcomeCounts {
  readonly assigned: number;
  readonly found: number;
  readonly confirmed: number;
  readonly notFound: number;
}

/** A round's tally (摸排汇总): everything assigned and not yet reported is "not yet visited". */
export interface RoundSummary extends OutcomeCounts {
  readonly notYetVisited: number;
  readonly covered: number;
}

export function summariseRound(counts: OutcomeCounts): RoundSummary {
  const covered = counts.found + counts.confirmed + counts.notFound;
  return { ...counts, covered, notYetVisited: Math.max(0, counts.assigned - covered) };
}
