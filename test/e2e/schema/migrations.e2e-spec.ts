import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../src/database/migrations/index.js';
import { runMigrations } from '../../../src/database/run-migrations.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** Checked-in migrations are the schema: after boot none is pending, and the migration table lists them all. */
describe('schema', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('has no pending migrations after boot', async () => {
    const dataSource = t.app.get(DataSource);
    expect(await dataSource.showMigrations()).toBe(false);
    const applied: { name: string }[] = await dataSource.query('SELECT name FROM schema_migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
  });

  it('runs the migrations again as a no-op (a second instance booting on the same database)', async () => {
    const dataSource = t.app.get(DataSource);
    await runMigrations(dataSource, { singleConnection: t.databaseUrl.startsWith('pglite') });
    const applied: { count: string }[] = await dataSource.query('SELECT count(*)::text AS count FROM schema_migrations');
    expect(Number(applied[0].count)).toBe(MIGRATIONS.length);
  });
});
