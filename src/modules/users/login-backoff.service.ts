import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { AccountLimitExemption } from '../../common/throttling/abuse-limit.guard.js';
import { afterFailure, type FailureStreak, isLive, waitBeforeAttempt } from './login-backoff.js';

/** The account-wide row of `login_backoff` has this client_ip. */
const ACCOUNT_ROW = '';
/** First key of the per-account advisory lock (the second is the account's hash). */
const BACKOFF_LOCK_NAMESPACE = 1764001800;

interface BackoffRow {
  client_ip: string;
  failures: number;
  last_failed_at: Date;
  blocked_until: Date | null;
}

export type LoginVerdict =
  { outcome: 'granted' } | { outcome: 'refused'; accountBlockedNow: boolean } | { outcome: 'waiting'; waitMs: number };

/** The failed-login streaks of `login_backoff` (rules: login-backoff.ts). */
@Injectable()
export class LoginBackoffService implements AccountLimitExemption {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** How long this address must wait before trying the account: read before a password hash is spent on it. */
  async waitMs(account: string, clientIp: string, now: Date): Promise<number> {
    const { accountStreak, pairStreak } = await this.read(this.dataSource.manager, account, clientIp);
    return waitBeforeAttempt(accountStreak, pairStreak, now, this.policy);
  }

  /** The per-account login limit counts only addresses that have failed for the account (see AbuseLimitGuard). */
  async isExempt(account: string, clientIp: string): Promise<boolean> {
    const { pairStreak } = await this.read(this.dataSource.manager, account, clientIp);
    return !isLive(pairStreak, new Date(), this.policy);
  }

  /**
   * Decides an attempt whose password has been checked, under a per-account lock so that concurrent guesses are
   * counted one by one: one that finds the address now waiting is refused even with the right password.
   */
  async settle(account: string, clientIp: string, passwordOk: boolean, now: Date): Promise<LoginVerdict> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [BACKOFF_LOCK_NAMESPACE, account]);
      const { accountStreak, pairStreak } = await this.read(tx, account, clientIp);
      const waitMs = waitBeforeAttempt(accountStreak, pairStreak, now, this.policy);
      if (waitMs > 0) return { outcome: 'waiting' as const, waitMs };
      if (passwordOk) {
        await tx.query(`DELETE FROM login_backoff WHERE account = $1 AND client_ip IN ($2, $3)`, [account, ACCOUNT_ROW, clientIp]);
        return { outcome: 'granted' as const };
      }
      const nextAccount = afterFailure(accountStreak, now, this.policy);
      await this.write(tx, account, ACCOUNT_ROW, nextAccount);
      await this.write(tx, account, clientIp, afterFailure(pairStreak, now, this.policy));
      const wasBlocked = (accountStreak?.blockedUntil?.getTime() ?? 0) > now.getTime();
      return { outcome: 'refused' as const, accountBlockedNow: nextAccount.blockedUntil !== null && !wasBlocked };
    });
  }

  /** Forgets every streak of the account: a password reset or set by an admin, an admin unlock. */
  async clear(account: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`DELETE FROM login_backoff WHERE account = $1`, [account.toLowerCase()]);
  }

  private get policy() {
    return this.config.abuse.loginBackoff;
  }

  private async read(manager: EntityManager, account: string, clientIp: string) {
    const rows: BackoffRow[] = await manager.query(
      `SELECT client_ip, failures, last_failed_at, blocked_until FROM login_backoff WHERE account = $1 AND client_ip IN ($2, $3)`,
      [account, ACCOUNT_ROW, clientIp],
    );
    const streakOf = (ip: string): FailureStreak | null => {
      const row = rows.find((r) => r.client_ip === ip);
      return row
        ? {
            failures: row.failures,
            lastFailedAt: new Date(row.last_failed_at),
            blockedUntil: row.blocked_until ? new Date(row.blocked_until) : null,
          }
        : null;
    };
    return { accountStreak: streakOf(ACCOUNT_ROW), pairStreak: streakOf(clientIp) };
  }

  private async write(manager: EntityManager, account: string, clientIp: string, streak: FailureStreak): Promise<void> {
    await manager.query(
      `INSERT INTO login_backoff (account, client_ip, failures, last_failed_at, blocked_until) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account, client_ip) DO UPDATE
         SET failures = EXCLUDED.failures, last_failed_at = EXCLUDED.last_failed_at, blocked_until = EXCLUDED.blocked_until`,
      [account, clientIp, streak.failures, streak.lastFailedAt, streak.blockedUntil],
    );
  }
}
