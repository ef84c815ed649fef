import { Logger, Module } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

const ABUSE_LIMIT_STORAGE = Symbol('ABUSE_LIMIT_STORAGE');

/** How long boot waits for Redis before serving anyway (its limits fail open until Redis answers). */
const REDIS_BOOT_WAIT_MS = 2000;

/** Where the abuse-limit counters live: Redis when REDIS_URL is set (shared by all instances), else this process. */
@Module({
  providers: [
    {
      provide: ABUSE_LIMIT_STORAGE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<ThrottlerStorage> => {
        if (!config.redis.url) return new ThrottlerStorageService();
        const storage = new RedisThrottlerStorage(config.redis.url, config.redis.keyPrefix);
        if (!(await storage.waitUntilReady(REDIS_BOOT_WAIT_MS))) {
          new Logger('AbuseLimits').warn('Redis did not answer at start-up: abuse limits fail open until it does');
        }
        return storage;
      },
    },
  ],
  exports: [ABUSE_LIMIT_STORAGE],
})
class AbuseLimitStorageModule {}

/**
 * @nestjs/throttler with our storage and no module-wide throttlers: the limits are per route (`@AbuseLimit`),
 * enforced by AbuseLimitGuard, so routes without one never reach the throttler.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [AbuseLimitStorageModule],
      inject: [ABUSE_LIMIT_STORAGE],
      useFactory: (storage: ThrottlerStorage) => ({ throttlers: [], storage }),
    }),
  ],
})
export class ThrottlingModule {}
