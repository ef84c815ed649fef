import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ADMIN_EMAIL, startTestApp, type TestApp } from '../../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const FIRST = 'First-Password-1';
const SECOND = 'Second-Password-2';
const UPDATED = 'platform admin password updated from PLATFORM_ADMIN_PASSWORD';

/**
 * Restarts on one database with PLATFORM_ADMIN_PASSWORD set, changed or unset: the admin's password follows it,
 * the login back-off from guesses against the old one is cleared, and one log line (without the password) says so.
 */
describe('platform admin password from PLATFORM_ADMIN_PASSWORD across restarts', () => {
  let database: TestDatabase;
  let app: TestApp | null = null;
  let logged: string[] = [];
  let firstSession = '';

  beforeAll(async () => {
    const serverUrl = process.env.DATABASE_URL;
    if (serverUrl && !serverUrl.startsWith('pglite')) {
      database = await createTestDatabase();
    } else {
      // No Postgres server: an embedded database on disk, which outlives each instance as Postgres would.
      const dir = mkdtempSync(join(tmpdir(), 'portcullis-admin-'));
      database = { url: `pglite://${join(dir, 'data')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    }
  });
  afterEach(async () => {
    await app?.close();
    app = null;
    jest.restoreAllMocks();
  });
  afterAll(() => database.drop());

  /** Boots an instance on the shared database, recording what Nest loggers log. */
  async function boot(password: string): Promise<TestApp> {
    logged = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => {
      logged.push(String(message));
    });
    // A long back-off, so the wait the guesses cause outlasts the restarts below.
    app = await startTestApp({ databaseUrl: database.url, env: { PLATFORM_ADMIN_PASSWORD: password, LOGIN_BACKOFF_BASE_MS: '600000' } });
    return app;
  }
  const login = (t: TestApp, password: string) => t.http().post('/auth/email/login').send({ email: ADMIN_EMAIL, password });
  const adminRow = async (t: TestApp) => {
    const [row] = await t.app.get(DataSource).query(`SELECT password_hash FROM users WHERE email = $1`, [ADMIN_EMAIL]);
    return row as { password_hash: string | null };
  };
  /** The admin account's login back-off streaks (per address, and the account-wide one). */
  const backoffOf = async (t: TestApp) =>
    (await t.app.get(DataSource).query(`SELECT blocked_until FROM login_backoff WHERE account = $1`, [ADMIN_EMAIL])) as {
      blocked_until: Date | null;
    }[];

  it('creates the admin without a password on a first boot without one', async () => {
    const t = await boot('');
    expect((await adminRow(t)).password_hash).toBeNull();
    expect((await login(t, FIRST)).status).toBe(401);
    expect(logged.some((line) => line.includes('no password: set PLATFORM_ADMIN_PASSWORD'))).toBe(true);
    expect(logged).not.toContain(UPDATED);
  }, 180_000);

  let hashBefore: string | null = null;

  it('sets the password on a restart that brings one, and says so in one line without the password', async () => {
    const t = await boot(FIRST);
    expect(logged.filter((line) => line === UPDATED)).toHaveLength(1);
    expect(logged.join('\n')).not.toContain(FIRST);
    const session = await login(t, FIRST);
    expect(session.status).toBe(200);
    firstSession = session.body.access_token;
    hashBefore = (await adminRow(t)).password_hash;
    expect(hashBefore).toMatch(/^\$argon2id\$/);
    // Then someone guesses until the back-off makes this address wait.
    for (let i = 0; i < 5; i++) expect((await login(t, 'wrong-guess-123')).status).toBe(401);
    expect((await backoffOf(t)).some((row) => row.blocked_until !== null)).toBe(true);
    expect((await login(t, FIRST)).status).toBe(429);
  }, 180_000);

  it('leaves an unchanged password alone: no rehash, no log line, the back-off stands', async () => {
    const t = await boot(FIRST);
    expect(logged).not.toContain(UPDATED);
    expect((await adminRow(t)).password_hash).toBe(hashBefore);
    // Nothing changed, so the wait stands (the right password is refused from that address while it lasts).
    expect((await backoffOf(t)).some((row) => row.blocked_until !== null)).toBe(true);
    expect((await login(t, FIRST)).status).toBe(429);
  }, 180_000);

  it('replaces a changed password: the new one works at once (the back-off is cleared), the old one and its sessions do not', async () => {
    const t = await boot(SECOND);
    expect(logged.filter((line) => line === UPDATED)).toHaveLength(1);
    expect(await backoffOf(t)).toEqual([]);
    const session = await login(t, SECOND);
    expect(session.status).toBe(200);
    expect((await login(t, FIRST)).status).toBe(401);
    const me = (token: string) => t.http().get('/auth/email/me').set('Authorization', `Bearer ${token}`);
    expect((await me(session.body.access_token)).status).toBe(200);
    expect((await me(firstSession)).status).toBe(401);
  }, 180_000);
});
