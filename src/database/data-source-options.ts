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

export interface PreparedDataSource {
  options: DataSourceOptions;
  /** The embedded store behind the options, if any: closed by whoever closes the data source. */
  pglite: PgliteStore | null;
}

export async function prepareDataSourceOptions(config: DatabaseConfig): Promise<PreparedDataSource> {
  if (config.kind === 'postgres') {
    return {
      options: { ...COMMON, url: config.url, poolSize: 20, connectTimeoutMS: 10_000, applicationName: 'portcullis' },
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
