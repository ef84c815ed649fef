import type { LoginBackoffPolicy } from '../../config/app-config.js';

/**
 * Failed-login back-off, as pure rules (the SQL is in login-backoff.service.ts).
 *
 * Two streaks are kept per account (the lowercased email, whether or not it has a user, so answers never tell which
 * emails exist): one per (account, client address) and one for the account as a whole. Each failure extends its
 * streaks; after `freeFailures` failures every further one makes the streak wait `baseMs * 2^k`, at most `maxMs`.
 * A streak is forgotten `2 * maxMs` after its last failure; a success from an address clears that address's streak
 * and the account's.
 *
 * Who waits:
 * - an address waits out its own streak for the account (a guesser slows down exponentially);
 * - the account's streak holds back only addresses that have themselves failed for the account within the forget
 *   window. An address that never failed (the admin at their desk) is never held back by other addresses' failures,
 *   so a stranger cannot lock an account out; at worst, the owner's own recent typo makes their address count
 *   as one that failed, until that typo is forgotten (2 * maxMs) or an admin unlocks the account.
 * - A distributed guesser gains one guess per fresh address per account block: the first failure makes the address
 *   one that failed, and each such failure also lengthens the account's wait.
 *
 * Attempts refused while waiting are not counted, so hammering a blocked account does not prolong its wait.
 */
export interface FailureStreak {
  failures: number;
  lastFailedAt: Date;
  blockedUntil: Date | null;
}

/** The wait a streak of `failures` imposes, in milliseconds (0 below the free allowance). */
export function delayAfter(failures: number, policy: LoginBackoffPolicy): number {
  if (failures < policy.freeFailures) return 0;
  // Capped exponent: 2^40 ms is far beyond any cap, and keeps the number finite.
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - policy.freeFailures, 40));
}

/** A streak older than this (since its last failure) no longer counts. */
const forgetAfterMs = (policy: LoginBackoffPolicy): number => 2 * policy.maxMs;

export function isLive(streak: FailureStreak | null, now: Date, policy: LoginBackoffPolicy): streak is FailureStreak {
  return streak !== null && now.getTime() - streak.lastFailedAt.getTime() <= forgetAfterMs(policy);
}

const remainingMs = (streak: FailureStreak | null, now: Date): number =>
  streak?.blockedUntil ? Math.max(0, streak.blockedUntil.getTime() - now.getTime()) : 0;

/** How long `pair`'s address must still wait before its next try at the account (0: it may try now). */
export function waitBeforeAttempt(
  account: FailureStreak | null,
  pair: FailureStreak | null,
  now: Date,
  policy: LoginBackoffPolicy,
): number {
  if (!isLive(pair, now, policy)) return 0;
  return Math.max(remainingMs(pair, now), isLive(account, now, policy) ? remainingMs(account, now) : 0);
}

/** The streak after one more failure (a forgotten streak starts again from one). */
export function afterFailure(streak: FailureStreak | null, now: Date, policy: LoginBackoffPolicy): FailureStreak {
  const failures = (isLive(streak, now, policy) ? streak.failures : 0) + 1;
  const delay = delayAfter(failures, policy);
  return { failures, lastFailedAt: now, blockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null };
}
