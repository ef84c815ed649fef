/** Consecutive failed logins that lock an account, and for how long. */
export const LOCKOUT_POLICY = { maxFailedAttempts: 5, lockMinutes: 15 } as const;

export interface LockoutState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export type LockoutPolicy = { maxFailedAttempts: number; lockMinutes: number };

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after one more failed password. A lock that has run out starts a fresh count (otherwise one bad
 * try after the lock would lock again at once); failures while locked change nothing, so a lock cannot be
 * prolonged forever by someone hammering the account.
 */
export function afterFailedLogin(state: LockoutState, now: Date, policy: LockoutPolicy = LOCKOUT_POLICY): LockoutState {
  if (isLocked(state, now)) return state;
  const previous = state.lockedUntil !== null ? 0 : state.failedAttempts;
  const failedAttempts = previous + 1;
  if (failedAttempts >= policy.maxFailedAttempts) {
    return { failedAttempts, lockedUntil: new Date(now.getTime() + policy.lockMinutes * 60_000) };
  }
  return { failedAttempts, lockedUntil: null };
}

/** A successful login clears the count and any lock that has run out. */
export const afterSuccessfulLogin = (): LockoutState => ({ failedAttempts: 0, lockedUntil: null });
