import { describe, expect, it } from '@jest/globals';
import type { LoginBackoffPolicy } from '../../config/app-config.js';
import { afterFailure, delayAfter, type FailureStreak, waitBeforeAttempt } from './login-backoff.js';

const policy: LoginBackoffPolicy = { freeFailures: 5, baseMs: 1000, maxMs: 900_000 };
const t0 = new Date('2030-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

function fail(times: number, streak: FailureStreak | null = null, now = t0): FailureStreak | null {
  for (let i = 0; i < times; i++) streak = afterFailure(streak, now, policy);
  return streak;
}

describe('login back-off', () => {
  it('is free for the first failures, then doubles from the base up to the cap', () => {
    expect([1, 4, 5, 6, 7, 10, 15, 16, 100].map((n) => delayAfter(n, policy))).toEqual([
      0, 0, 1000, 2000, 4000, 32_000, 900_000, 900_000, 900_000,
    ]);
  });

  it('an address waits out its own streak, and may try again once it has run out', () => {
    const pair = fail(6);
    expect(waitBeforeAttempt(null, pair, t0, policy)).toBe(2000);
    expect(waitBeforeAttempt(null, pair, at(1999), policy)).toBe(1);
    expect(waitBeforeAttempt(null, pair, at(2000), policy)).toBe(0);
    expect(waitBeforeAttempt(null, fail(4), t0, policy)).toBe(0);
  });

  it("the account's wait holds back only addresses that have failed for it themselves", () => {
    const account = fail(20);
    // A stranger's failures do not stop an address that never failed...
    expect(waitBeforeAttempt(account, null, t0, policy)).toBe(0);
    // ...but every address that failed recently waits for the account, even with a short streak of its own.
    expect(waitBeforeAttempt(account, fail(1), t0, policy)).toBe(900_000);
    // Once its own failure is forgotten (twice the cap), the address is a stranger to the streak again.
    expect(waitBeforeAttempt(fail(20, null, at(1_800_001)), fail(1), at(1_800_001), policy)).toBe(0);
  });

  it('forgets a streak twice the cap after its last failure', () => {
    expect(afterFailure(fail(10), at(1_800_000), policy).failures).toBe(11);
    expect(afterFailure(fail(10), at(1_800_001), policy)).toEqual({ failures: 1, lastFailedAt: at(1_800_001), blockedUntil: null });
  });
});
