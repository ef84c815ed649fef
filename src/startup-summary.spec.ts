import type { DataSource } from 'typeorm';
import { parseAppConfig } from './config/app-config.js';
import { describeDatabase, embeddedDatabaseWarning, gatherStartupFacts, startupSummary, type StartupFacts } from './startup-summary.js';

const facts = (overrides: Partial<StartupFacts> = {}): StartupFacts => ({
  url: 'http://0.0.0.0:4000',
  database: { kind: 'postgres', url: 'postgres://portcullis:s3cret-pw@db.internal:6543/portcullis_prod?sslmode=require' },
  migrations: { count: 15, latest: 'ChangeNotifications1764001700000' },
  admin: { email: 'admin@example.com', exists: true, hasPassword: true },
  ...overrides,
});

describe('describeDatabase', () => {
  it('names a Postgres host, port and database, never the user or password', () => {
    const text = describeDatabase(facts().database);
    expect(text).toBe('postgres db.internal:6543/portcullis_prod');
    expect(text).not.toMatch(/s3cret|portcullis:/);
  });

  it('fills in the default port and says when no database is named', () => {
    expect(describeDatabase({ kind: 'postgres', url: 'postgresql://u:p@localhost' })).toBe('postgres localhost:5432/(default database)');
  });

  it('does not echo a URL it cannot parse', () => {
    expect(describeDatabase({ kind: 'postgres', url: 'postgres://u:p@[bad' })).toBe('postgres (DATABASE_URL is not a parsable URL)');
  });

  it('names the embedded database and where it is kept', () => {
    expect(describeDatabase({ kind: 'pglite', dataDir: './.data' })).toBe('embedded PGlite at ./.data');
    expect(describeDatabase({ kind: 'pglite', dataDir: null })).toBe('embedded PGlite in memory');
  });
});

describe('startupSummary', () => {
  it('says in one line where it listens, which database, which schema and whether the admin can log in', () => {
    expect(startupSummary(facts())).toBe(
      'Portcullis listening on http://0.0.0.0:4000 (docs at /docs, metrics at /metrics); database: postgres db.internal:6543/portcullis_prod; ' +
        '15 migrations applied (latest ChangeNotifications1764001700000); platform admin admin@example.com: password set',
    );
  });

  it('says when the admin has no password, or does not exist', () => {
    expect(startupSummary(facts({ admin: { email: 'root@example.com', exists: true, hasPassword: false } }))).toMatch(
      /platform admin root@example.com: no password \(set PLATFORM_ADMIN_PASSWORD\)$/,
    );
    expect(startupSummary(facts({ admin: { email: 'root@example.com', exists: false, hasPassword: false } }))).toMatch(
      /platform admin root@example.com: missing$/,
    );
  });

  it('says when no migration has been applied', () => {
    expect(startupSummary(facts({ migrations: { count: 0, latest: null } }))).toContain('; no migrations applied;');
  });
});

describe('embeddedDatabaseWarning', () => {
  it('warns when production runs on the embedded database, persisted or in memory', () => {
    expect(embeddedDatabaseWarning({ nodeEnv: 'production', database: { kind: 'pglite', dataDir: './.data' } })).toMatch(
      /^WARNING: NODE_ENV=production is running on the embedded PGlite at \.\/\.data, not on Postgres\..*DATABASE_URL/,
    );
    expect(embeddedDatabaseWarning({ nodeEnv: 'production', database: { kind: 'pglite', dataDir: null } })).toContain('in memory');
  });

  it('is quiet on Postgres, and outside production', () => {
    expect(embeddedDatabaseWarning({ nodeEnv: 'production', database: facts().database })).toBeNull();
    expect(embeddedDatabaseWarning({ nodeEnv: 'development', database: { kind: 'pglite', dataDir: './.data' } })).toBeNull();
    expect(embeddedDatabaseWarning({ nodeEnv: 'test', database: { kind: 'pglite', dataDir: null } })).toBeNull();
  });

  it('follows the configuration: production without DATABASE_URL is the embedded database', () => {
    const config = parseAppConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), PLATFORM_ADMIN_PASSWORD: 'Changeme123!' });
    expect(embeddedDatabaseWarning(config)).not.toBeNull();
  });
});

describe('gatherStartupFacts', () => {
  const config = parseAppConfig({ NODE_ENV: 'test', PLATFORM_ADMIN_EMAIL: 'Admin@Example.com', DATABASE_URL: 'postgres://h/db' });
  const dataSource = (names: string[]) => ({ query: async () => names.map((name) => ({ name })) }) as unknown as DataSource;

  it('counts the applied migrations, names the latest, and reads whether the admin has a password', async () => {
    const users = { findByEmailWithPasswordHash: async (email: string) => ({ email, passwordHash: '$argon2id$...' }) };
    const gathered = await gatherStartupFacts(config, 'http://h:1', dataSource(['A1', 'B2']), users as never);
    expect(gathered).toEqual({
      url: 'http://h:1',
      database: { kind: 'postgres', url: 'postgres://h/db', connectTimeoutMs: 3000, statementTimeoutMs: 10000 },
      migrations: { count: 2, latest: 'B2' },
      admin: { email: 'admin@example.com', exists: true, hasPassword: true },
    });
  });

  it('reports a missing admin and an empty schema', async () => {
    const users = { findByEmailWithPasswordHash: async () => null };
    const gathered = await gatherStartupFacts(config, 'http://h:1', dataSource([]), users as never);
    expect(gathered.migrations).toEqual({ count: 0, latest: null });
    expect(gathered.admin).toEqual({ email: 'admin@example.com', exists: false, hasPassword: false });
  });
});
