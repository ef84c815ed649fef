import type { DataSource } from 'typeorm';
import type { AppConfig, DatabaseConfig } from './config/app-config.js';
import type { UsersService } from './modules/users/users.service.js';

/** What an operator wants to see once the server is up. */
export interface StartupFacts {
  url: string;
  database: DatabaseConfig;
  migrations: { count: number; latest: string | null };
  admin: { email: string; exists: boolean; hasPassword: boolean };
}

/** `postgres db.internal:5432/portcullis`: where the data is, never the credentials in the URL. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.kind === 'pglite') return database.dataDir === null ? 'embedded PGlite in memory' : `embedded PGlite at ${database.dataDir}`;
  try {
    const url = new URL(database.url);
    const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)';
    return `postgres ${url.hostname || 'localhost'}:${url.port || '5432'}/${name}`;
  } catch {
    return 'postgres (DATABASE_URL is not a parsable URL)';
  }
}

/** The one start-up line: URL, database, schema, admin. */
export function startupSummary(facts: StartupFacts): string {
  const migrations =
    facts.migrations.count === 0
      ? 'no migrations applied'
      : `${facts.migrations.count} migrations applied (latest ${facts.migrations.latest})`;
  const admin = !facts.admin.exists
    ? `platform admin ${facts.admin.email}: missing`
    : `platform admin ${facts.admin.email}: ${facts.admin.hasPassword ? 'password set' : 'no password (set PLATFORM_ADMIN_PASSWORD)'}`;
  return `Portcullis listening on ${facts.url} (docs at /docs, metrics at /metrics); database: ${describeDatabase(facts.database)}; ${migrations}; ${admin}`;
}

/**
 * Production on the embedded database is allowed (the acceptance scripts do it on machines without Postgres) but
 * is almost always a mistake: one process, one file, no backups, no second instance. Said loudly, at error level.
 */
export function embeddedDatabaseWarning(config: Pick<AppConfig, 'nodeEnv' | 'database'>): string | null {
  if (config.nodeEnv !== 'production' || config.database.kind !== 'pglite') return null;
  return (
    `WARNING: NODE_ENV=production is running on the ${describeDatabase(config.database)}, not on Postgres. ` +
    'It serves one process only, cannot be shared by a second instance and is not backed up. Set DATABASE_URL=postgres://... for production.'
  );
}

/** Reads the facts from the running application (after migrations and the admin bootstrap). */
export async function gatherStartupFacts(
  config: AppConfig,
  url: string,
  dataSource: DataSource,
  users: Pick<UsersService, 'findByEmailWithPasswordHash'>,
): Promise<StartupFacts> {
  const applied: { name: string }[] = await dataSource.query('SELECT name FROM schema_migrations ORDER BY id');
  const admin = await users.findByEmailWithPasswordHash(config.platformAdmin.email);
  return {
    url,
    database: config.database,
    migrations: { count: applied.length, latest: applied.at(-1)?.name ?? null },
    admin: { email: config.platformAdmin.email, exists: admin !== null, hasPassword: !!admin?.passwordHash },
  };
}
