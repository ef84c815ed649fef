import { Global, Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { CacheRegistry } from '../cache/cache-registry.js';
import { ChangeFeed } from '../cache/change-feed.js';
import { Metrics, type PoolStats } from './metrics.js';

/** The pg pool TypeORM keeps behind the data source (`master`), if it is open. */
function poolStats(dataSource: DataSource): PoolStats | null {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!dataSource.isInitialized || !pool) return null;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 0 };
}

/** One metrics registry per application; the request hook, the permission guard and `GET /metrics` share it. */
@Global()
@Module({
  providers: [
    {
      provide: Metrics,
      inject: [APP_CONFIG, CacheRegistry, ChangeFeed, DataSource],
      useFactory: (config: AppConfig, caches: CacheRegistry, feed: ChangeFeed, dataSource: DataSource) =>
        new Metrics({
          caches: () => caches.stats(),
          pool: () => poolStats(dataSource),
          changeFeedHealthy: () => feed.healthy,
          databaseKind: config.database.kind,
        }),
    },
  ],
  exports: [Metrics],
})
export class MetricsModule {}
