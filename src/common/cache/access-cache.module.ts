import { randomBytes } from 'node:crypto';
import { Global, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { EMBEDDED_DATABASE } from '../../database/database.module.js';
import { ChangeFeed, type FeedTransport, PgliteFeedTransport, PostgresFeedTransport } from './change-feed.js';
import { CacheRegistry } from './cache-registry.js';

/** The prefix of the listener connection's `application_name` (one per instance: a random suffix follows). */
export const FEED_APPLICATION_NAME = 'portcullis-changes';

const TRANSPORT = Symbol('CHANGE_FEED_TRANSPORT');

/** Keeps the change feed's life with the application's: started at boot, closed before the database. */
class ChangeFeedLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly feed: ChangeFeed,
    private readonly transport: FeedTransport,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.feed.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.feed.close();
    if (this.transport instanceof PgliteFeedTransport) await this.transport.close();
  }
}

/**
 * The warm-path caches' shared parts: the change feed (LISTEN on a connection of its own, or PGlite's in-process
 * LISTEN on the embedded database) and the registry that reports the caches' sizes.
 */
@Global()
@Module({
  providers: [
    {
      provide: TRANSPORT,
      inject: [APP_CONFIG, DataSource, EMBEDDED_DATABASE],
      useFactory: (config: AppConfig, dataSource: DataSource, embedded: PGlite | null): FeedTransport =>
        config.database.kind === 'postgres'
          ? new PostgresFeedTransport(config.database.url, `${FEED_APPLICATION_NAME}-${randomBytes(4).toString('hex')}`)
          : new PgliteFeedTransport(embedded!, (sql, parameters) => dataSource.query(sql, parameters)),
    },
    { provide: ChangeFeed, inject: [TRANSPORT], useFactory: (transport: FeedTransport) => new ChangeFeed(transport) },
    {
      provide: ChangeFeedLifecycle,
      inject: [ChangeFeed, TRANSPORT],
      useFactory: (f: ChangeFeed, t: FeedTransport) => new ChangeFeedLifecycle(f, t),
    },
    CacheRegistry,
  ],
  exports: [ChangeFeed, CacheRegistry],
})
export class AccessCacheModule {}

/**
 * The caches' shares of ACCESS_CACHE_MAX_ENTRIES: 40% credentials, 20% users, 25% snapshots, and 7.5% each for the
 * keys `/key/info` names and the usage facts forward auth reads. Together they never exceed the bound.
 */
export function cacheBudget(maxEntries: number): {
  credentials: number;
  users: number;
  snapshots: number;
  resolvedKeys: number;
  usageFacts: number;
} {
  const credentials = Math.max(1, Math.floor(maxEntries * 0.4));
  const users = Math.max(1, Math.floor(maxEntries * 0.2));
  const snapshots = Math.max(1, Math.floor(maxEntries * 0.25));
  const resolvedKeys = Math.max(1, Math.floor(maxEntries * 0.075));
  return {
    credentials,
    users,
    snapshots,
    resolvedKeys,
    usageFacts: Math.max(1, maxEntries - credentials - users - snapshots - resolvedKeys),
  };
}
