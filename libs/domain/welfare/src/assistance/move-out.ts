import { compareDates, isLocalDate, type LocalDate } from '@care/child-rules';
import type { AssistanceKind } from './kinds';
import type { AssistanceStepResult } from './transitions';
import { isClosedAssistanceState, type AssistanceApplicationStatus } from './vocabulary';

/**
 * The step the system records when the registry reports that a child moved out of the city
 * (ChildMovedOut, 迁出). It is not an officer's action: no button offers it and the API refuses it.
 */
export const MOVE_OUT_STEP = 'end-on-move-out';
export type AssistanceSystemAction = typeof MOVE_OUT_STEP;

/** Who takes a system step: the platform, from the registry's event (not a person). */
export const SYSTEM_PARTY = 'system';
export type AssistanceSystemParty = typeof SYSTEM_PARTY;

export const MOVE_OUT_RULE = {
  label: '迁出终止',
  partyLabel: '系统（登记服务迁出通知）',
  basis:
    '儿童迁出本市的，本地未办结的救助申请（待受理、待户籍地认定、审核中、发放中、暂停发放）自迁出之日终止，停止发放；临时救助由急难发生地给予，不因迁出撤销；已一次性发放完毕的救助不再变更',
} as const;

/** Why a move-out leaves an application as it is. */
export type MoveOutKeep =
  /** Already rejected or ended. */
  | 'closed'
  /** 临时救助: granted where the emergency happened (急难发生地), wherever the child lives now. */
  | 'granted-where-emergency-happened'
  /** A one-off payment already made (批准即发放完毕): nothing is left to stop. */
  | 'paid-in-full'
  /** Submitted after the move-out day: it belongs to a later stay (the child came back). */
  | 'submitted-after-move-out';

export type MoveOutDecision =
  | { readonly outcome: 'end'; readonly result: AssistanceStepResult }
  | { readonly outcome: 'keep'; readonly why: MoveOutKeep };

/**
 * What the child's move out of the city on `movedOutOn` does to one application: ends it as of
 * that day (state `ended`, end reason `moved-out`, payments stop), or keeps it, saying why. The
 * step is dated the move-out day even when an officer recorded a later step before the news
 * arrived (the payments stop as of the move-out); the last-step day never goes back.
 */
export function decideOnMoveOut(
  kind: AssistanceKind,
  status: AssistanceApplicationStatus,
  movedOutOn: LocalDate,
): MoveOutDecision {
  if (!isLocalDate(movedOutOn)) throw new RangeError(`movedOutOn must be YYYY-MM-DD, got ${movedOutOn}`);
  if (isClosedAssistanceState(status.state)) return { outcome: 'keep', why: 'closed' };
  if (!kind.endsOnMoveOut) return { outcome: 'keep', why: 'granted-where-emergency-happened' };
  if (status.state === 'approved' && kind.standard.period === 'one-off')
    return { outcome: 'keep', why: 'paid-in-full' };
  if (compareDates(status.submittedOn, movedOutOn) > 0)
    return { outcome: 'keep', why: 'submitted-after-move-out' };
  const lastStepOn = compareDates(status.lastStepOn, movedOutOn) > 0 ? status.lastStepOn : movedOutOn;
  return {
    outcome: 'end',
    result: {
      from: status.state,
      to: 'ended',
      status: {
        ...status,
        state: 'ended',
        stateSince: movedOutOn,
        lastStepOn,
        reason: moveOutReason(movedOutOn),
        endReason: 'moved-out',
      },
    },
  };
}

/** The reason in words (not personal: the date only). */
export function moveOutReason(movedOutOn: LocalDate): string {
  return `儿童已迁出本市（迁出日期 ${movedOutOn}），自迁出之日终止`;
}
