import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { PgliteStore } from '../../../src/database/pglite-store.js';
import { ADMIN_EMAIL, startTestApp, type TestApp } from '../../support/test-app.js';
import { createTestDatabase } from '../../support/test-database.js';
import { userToken } from '../../support/tokens.js';

/**
 * Instances start together: on Postgres they share the database, so migrations, the system-role sync and the
 * platform-admin bootstrap must be safe to run at once. The embedded database belongs to one process, which holds
 * its directory locked so a second one is refused instead of losing writes.
 */
describe('instances starting together', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('refuses a second process on the same embedded database directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-pglite-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const first = await PgliteStore.open(join(dir, 'data'));
    cleanups.push(() => first.close());
    await expect(PgliteStore.open(join(dir, 'data'))).rejects.toThrow(/in use by another process/);
    // Creating an on-disk cluster runs initdb in WebAssembly: seconds alone, a minute or more on a loaded 2-core runner.
  }, 180_000);

  // Needs a Postgres server: registered when DATABASE_URL names one (CI runs the suites both ways).
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl || serverUrl.startsWith('pglite')) return;

  it('boot side by side on one fresh Postgres database and serve the same data', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const instances: TestApp[] = await Promise.all([1, 2, 3].map(() => startTestApp({ databaseUrl: database.url })));
    for (const instance of instances) cleanups.push(() => instance.close());

    const token = `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;
    const created = await instances[0].http().post('/teams').set('Authorization', token).send({ name: 'seen everywhere' });
    expect(created.status).toBe(201);
    for (const instance of instances) {
      const roles = await instance.http().get('/rbac/roles').set('Authorization', token);
      expect(
        roles.body
          .filter((r: { is_system_role: boolean }) => r.is_system_role)
          .map((r: { name: string }) => r.name)
          .sort(),
      ).toEqual(['developer', 'platform_admin', 'platform_auditor', 'platform_viewer', 'team_admin', 'viewer']);
      expect((await instance.http().get(`/teams/${created.body.id}`).set('Authorization', token)).status).toBe(200);
    }
  });
});
