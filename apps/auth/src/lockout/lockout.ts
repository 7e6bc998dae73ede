// Lockout after repeated failures (MLPS level 3: 登录失败处理). Pure: the account repository stores
// the state, these functions decide. A wrong password and a wrong second-factor code both count,
// so guessing the TOTP code after a leaked password locks the account too.

export interface LockoutPolicy {
  /** Consecutive failures that lock the account. */
  readonly maxFailures: number;
  /** How long a lock lasts. */
  readonly lockMs: number;
}

export interface LockoutState {
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
}

export const UNLOCKED: LockoutState = { failedAttempts: 0, lockedUntil: null };

/** True while a lock is in force at `now` (it ends exactly at lockedUntil). */
export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && now.getTime() < state.lockedUntil.getTime();
}

/** A lock that has run out starts the count again; a lock in force, or no lock, is kept as is. */
export function current(state: LockoutState, now: Date): LockoutState {
  return state.lockedUntil !== null && !isLocked(state, now) ? UNLOCKED : state;
}

/**
 * The state after one more failure at `now`, and whether this failure locked the account. A failure
 * while locked changes nothing (the lock is not extended: an attacker cannot keep a person locked
 * out forever by retrying, only for lockMs after each burst of maxFailures).
 */
export function afterFailure(
  state: LockoutState,
  now: Date,
  policy: LockoutPolicy,
): { readonly state: LockoutState; readonly lockedNow: boolean } {
  if (isLocked(state, now)) return { state, lockedNow: false };
  const failedAttempts = current(state, now).failedAttempts + 1;
  if (failedAttempts >= policy.maxFailures)
    return {
      state: { failedAttempts, lockedUntil: new Date(now.getTime() + policy.lockMs) },
      lockedNow: true,
    };
  return { state: { failedAttempts, lockedUntil: null }, lockedNow: false };
}

/** Failures left before a lock (for the refusal text), at `now`. */
export function attemptsLeft(state: LockoutState, now: Date, policy: LockoutPolicy): number {
  return Math.max(0, policy.maxFailures - current(state, now).failedAttempts);
}
