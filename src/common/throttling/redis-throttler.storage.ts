import { Logger, type OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';

/** What @nestjs/throttler expects back from a storage (its ThrottlerStorageRecord; times in seconds). */
export interface ThrottleRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * One hit, atomically: while the block key lives, nothing is counted and the rest of the block is returned;
 * otherwise INCR the window's counter (PEXPIRE on the first hit of a window), and the hit that goes over the limit
 * sets the block key for `blockDuration`. Returns {hits, window ms left, blocked (0/1), block ms left}.
 */
const HIT_SCRIPT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockLeft}
end
local hits = redis.call('INCR', KEYS[1])
local windowLeft = redis.call('PTTL', KEYS[1])
if hits == 1 or windowLeft < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  windowLeft = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, windowLeft, 1, tonumber(ARGV[3])}
end
return {hits, windowLeft, 0, 0}
`;

/** A Redis answer slower than this counts as Redis being away. */
const COMMAND_TIMEOUT_MS = 500;

/**
 * Abuse-limit counters in Redis, so every instance behind a load balancer counts the same hits.
 *
 * Fails open: when Redis is unreachable or slow, the hit is let through (and a warning logged once per outage)
 * rather than refused. These limits slow attackers down; they must never be what makes login, password reset or key
 * issuance unavailable. The login back-off (src/modules/users) lives in the database and keeps working meanwhile.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('AbuseLimits');
  private readonly redis: Redis;
  private failing = false;

  constructor(
    url: string,
    private readonly keyPrefix: string,
  ) {
    this.redis = new Redis(url, {
      // A command while disconnected fails at once instead of queueing behind a reconnect (then: fail open).
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
    });
    this.redis.on('error', (error: Error) => this.warnOnce(error));
    this.redis.on('ready', () => this.markHealthy());
  }

  /** Resolves once connected, or after `timeoutMs` (the server starts either way: limits fail open). */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottleRecord> {
    const prefixed = `${this.keyPrefix}throttle:${key}`;
    try {
      const [hits, windowLeft, blocked, blockLeft] = (await this.redis.eval(
        HIT_SCRIPT,
        2,
        prefixed,
        `${prefixed}:blocked`,
        String(ttl),
        String(limit),
        String(blockDuration),
      )) as [number, number, number, number];
      this.markHealthy();
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(windowLeft / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.ceil(blockLeft / 1000),
      };
    } catch (error) {
      this.warnOnce(error as Error);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  private markHealthy(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.log('Redis is back: abuse limits are enforced and shared again');
  }

  private warnOnce(error: Error): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(`Redis is unreachable (${error.message}): abuse limits are not enforced until it is back (fail open)`);
  }
}
