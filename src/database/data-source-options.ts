import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { PgliteStore } from './pglite-store.js';

/** One options object for the app, the migration CLI and `ormconfig.ts`; never `synchronize`. */
const COMMON = {
  type: 'postgres',
  entities: ENTITIES,
  migrations: MIGRATIONS,
  migrationsTableName: 'schema_migrations',
  synchronize: false,
  migrationsRun: false,
  // ids default to gen_random_uuid() (core since Postgres 13) without creating any extension.
  uuidExtension: 'pgcrypto',
  installExtensions: false,
  // Failed queries surface as domain errors (409, 404...) or as logged 500s; TypeORM's own console logging would
  // print their parameters.
  logging: false,
} as const;

const DEFAULT_CONNECT_TIMEOUT_MS = 3000;
const DEFAULT_STATEMENT_TIMEOUT_MS = 10_000;

export interface PreparedDataSource {
  options: DataSourceOptions;
  /** The embedded store behind the options, if any: closed by whoever closes the data source. */
  pglite: PgliteStore | null;
}

export async function prepareDataSourceOptions(config: DatabaseConfig): Promise<PreparedDataSource> {
  if (config.kind === 'postgres') {
    const statementTimeoutMs = config.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    return {
      options: {
        ...COMMON,
        url: config.url,
        poolSize: 20,
        // Bounds both opening a connection and waiting for a free one (pg-pool), so that while Postgres is away a
        // request fails within this (503) instead of queueing for ever. The pool opens fresh connections by
        // itself once Postgres is back: nothing to reconnect.
        connectTimeoutMS: config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        applicationName: 'portcullis',
        extra: {
          // Postgres cancels a statement running longer than this; the client gives up a little later still
          // (a dead network never answers the cancel).
          ...(statementTimeoutMs > 0 && { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 2000 }),
          // A silently dropped connection is noticed by the kernel instead of waiting for ever.
          keepAlive: true,
        },
      },
      pglite: null,
    };
  }
  const pglite = await PgliteStore.open(config.dataDir);
  return {
    options: {
      ...COMMON,
      poolSize: 1,
      // On the single connection a query that waits for another one would otherwise hang for ever.
      connectTimeoutMS: 10_000,
      extra: { ...createPgConfig(pglite.db), idleTimeoutMillis: 0 },
    },
    pglite,
  };
}
