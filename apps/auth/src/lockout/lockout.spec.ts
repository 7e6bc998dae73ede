import { afterFailure, attemptsLeft, current, isLocked, UNLOCKED, type LockoutState } from './lockout';

const policy = { maxFailures: 3, lockMs: 15 * 60_000 };
const t0 = new Date('2025-03-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function fail(times: number, start: LockoutState = UNLOCKED, when = t0): LockoutState {
  let state = start;
  for (let i = 0; i < times; i += 1) state = afterFailure(state, when, policy).state;
  return state;
}

describe('lockout counting', () => {
  it('counts failures below the limit without locking', () => {
    expect(fail(2)).toEqual({ failedAttempts: 2, lockedUntil: null });
    expect(attemptsLeft(fail(2), t0, policy)).toBe(1);
  });

  it('locks on the limit-th failure, for lockMs, and says so once', () => {
    const r = afterFailure(fail(2), t0, policy);
    expect(r).toEqual({ state: { failedAttempts: 3, lockedUntil: at(policy.lockMs) }, lockedNow: true });
    expect(isLocked(r.state, at(policy.lockMs - 1))).toBe(true);
    expect(isLocked(r.state, at(policy.lockMs))).toBe(false); // ends exactly at lockedUntil
  });

  it('does not extend a lock on failures during it', () => {
    const locked = fail(3);
    const r = afterFailure(locked, at(60_000), policy);
    expect(r).toEqual({ state: locked, lockedNow: false });
  });

  it('starts counting again after a lock runs out', () => {
    const locked = fail(3);
    expect(current(locked, at(policy.lockMs))).toEqual(UNLOCKED);
    expect(afterFailure(locked, at(policy.lockMs), policy).state).toEqual({
      failedAttempts: 1,
      lockedUntil: null,
    });
    expect(attemptsLeft(locked, at(policy.lockMs), policy)).toBe(3);
  });

  it('keeps a state without a lock as it is', () => {
    expect(current({ failedAttempts: 2, lockedUntil: null }, t0)).toEqual({
      failedAttempts: 2,
      lockedUntil: null,
    });
  });
});
