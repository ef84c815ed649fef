import { describe, expect, it } from '@jest/globals';
import { afterFailedLogin, afterSuccessfulLogin, isLocked, type LockoutState } from './login-lockout.js';

const t0 = new Date('2030-01-01T00:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const fresh: LockoutState = { failedAttempts: 0, lockedUntil: null };

function fail(times: number, state = fresh, at = t0): LockoutState {
  for (let i = 0; i < times; i++) state = afterFailedLogin(state, at);
  return state;
}

describe('login lockout', () => {
  it('counts failures and locks on the fifth for 15 minutes', () => {
    expect(fail(4)).toEqual({ failedAttempts: 4, lockedUntil: null });
    const locked = fail(5);
    expect(locked).toEqual({ failedAttempts: 5, lockedUntil: minutes(15) });
    expect(isLocked(locked, minutes(14.99))).toBe(true);
    expect(isLocked(locked, minutes(15))).toBe(false);
  });

  it('does not prolong a lock while it holds', () => {
    const locked = fail(5);
    expect(afterFailedLogin(locked, minutes(10))).toBe(locked);
  });

  it('starts a fresh count once the lock has run out', () => {
    const afterLock = afterFailedLogin(fail(5), minutes(16));
    expect(afterLock).toEqual({ failedAttempts: 1, lockedUntil: null });
    expect(isLocked(afterLock, minutes(16))).toBe(false);
    // ...and locks again after five more.
    expect(isLocked(fail(4, afterLock, minutes(17)), minutes(17))).toBe(true);
  });

  it('a success resets everything', () => {
    expect(afterSuccessfulLogin()).toEqual(fresh);
  });
});
