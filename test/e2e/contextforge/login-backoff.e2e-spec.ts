import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ADMIN_EMAIL, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const PASSWORD = 'Correct-Horse-1';
const BASE_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Failed-login back-off (src/modules/users/login-backoff.ts) on short timings: 2 free failures, then 1 s doubling
 * up to 4 s. Addresses are set with X-Forwarded-For, which this app trusts from supertest (TRUST_PROXY=loopback).
 */
describe('login back-off per address and account', () => {
  let t: TestApp;
  const adminToken = () => userToken(ADMIN_EMAIL, { isAdmin: true });

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        TRUST_PROXY: 'loopback',
        LOGIN_BACKOFF_FREE_FAILURES: '2',
        LOGIN_BACKOFF_BASE_MS: String(BASE_MS),
        LOGIN_BACKOFF_MAX_SECONDS: '4',
      },
    });
  });
  afterAll(() => t.close());

  async function createUser(email: string) {
    const res = await t
      .http()
      .post('/auth/email/admin/users')
      .set('Authorization', `Bearer ${adminToken()}`)
      .send({ email, password: PASSWORD, full_name: 'Test User' });
    expect(res.status).toBe(201);
  }

  const login = (email: string, password: string, ip: string) =>
    t.http().post('/auth/email/login').set('X-Forwarded-For', ip).send({ email, password });

  async function streaks(email: string) {
    const rows: { client_ip: string; failures: number; blocked: boolean }[] = await t.app
      .get(DataSource)
      .query(`SELECT client_ip, failures, blocked_until IS NOT NULL AS blocked FROM login_backoff WHERE account = $1 ORDER BY client_ip`, [
        email,
      ]);
    return rows;
  }

  it('an address that keeps failing waits 2^k times the base, with 429 and Retry-After, even with the right password', async () => {
    const email = 'guessed@example.com';
    await createUser(email);
    for (const n of [1, 2]) expect([n, (await login(email, `bad-${n}-password`, '203.0.113.1')).status]).toEqual([n, 401]);
    const waiting = await login(email, PASSWORD, '203.0.113.1');
    expect(waiting.status).toBe(429);
    expect(waiting.body).toEqual({ detail: 'Too many failed login attempts. Try again in 1 seconds.' });
    expect(waiting.headers['retry-after']).toBe('1');
    // Refused attempts are not counted: the streak is still two failures.
    expect(await streaks(email)).toEqual([
      { client_ip: '', failures: 2, blocked: true },
      { client_ip: '203.0.113.1', failures: 2, blocked: true },
    ]);

    // After the base wait the address may try again; one more failure doubles the wait.
    await sleep(BASE_MS + 50);
    expect((await login(email, 'bad-3-password', '203.0.113.1')).status).toBe(401);
    await sleep(BASE_MS + 50);
    expect((await login(email, PASSWORD, '203.0.113.1')).status).toBe(429);
    await sleep(BASE_MS + 50);
    // A success clears the streaks of this address and of the account.
    expect((await login(email, PASSWORD, '203.0.113.1')).status).toBe(200);
    expect(await streaks(email)).toEqual([]);
  });

  it("a stranger's failures do not hold back an address that never failed (the owner signs in meanwhile)", async () => {
    const email = 'owner@example.com';
    await createUser(email);
    for (let i = 0; i < 3; i++) await login(email, 'stranger-guess', '198.51.100.66');
    expect((await login(email, PASSWORD, '198.51.100.66')).status).toBe(429);
    expect((await login(email, PASSWORD, '192.0.2.10')).status).toBe(200);
    // The owner's success ended the account's streak, not the stranger's own.
    expect(await streaks(email)).toEqual([{ client_ip: '198.51.100.66', failures: 2, blocked: true }]);
  });

  it("the account's streak holds back every address that failed for it, not only the one whose failures set it", async () => {
    const email = 'distributed@example.com';
    await createUser(email);
    expect((await login(email, 'guess-from-a', '203.0.113.21')).status).toBe(401);
    expect((await login(email, 'guess-from-b', '203.0.113.22')).status).toBe(401);
    // Two failures on the account: it waits, and both addresses with it (each has only one failure of its own).
    expect((await login(email, PASSWORD, '203.0.113.21')).status).toBe(429);
    expect((await login(email, PASSWORD, '203.0.113.22')).status).toBe(429);
    expect((await login(email, PASSWORD, '203.0.113.23')).status).toBe(200);
  });

  it('backs off unknown emails the same way, so the answers do not tell which accounts exist', async () => {
    for (let i = 0; i < 2; i++) expect((await login('nobody@example.com', 'whatever-pass', '203.0.113.31')).status).toBe(401);
    const res = await login('NOBODY@example.com', 'whatever-pass', '203.0.113.31');
    expect([res.status, res.headers['retry-after']]).toEqual([429, '1']);
  });

  it('counts concurrent guesses one by one: every refusal is recorded (no lost update), and the rest wait', async () => {
    const email = 'parallel@example.com';
    await createUser(email);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => login(email, `parallel-${i}-guess`, '203.0.113.41')));
    const refused = answers.filter((a) => a.status === 401).length;
    expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    // At least the two free failures are checked; the others wait unless a wait ran out while they hashed.
    expect(refused).toBeGreaterThanOrEqual(2);
    expect(refused).toBeLessThan(6);
    const rows = await streaks(email);
    expect(rows.map((r) => [r.client_ip, r.failures])).toEqual([
      ['', refused],
      ['203.0.113.41', refused],
    ]);
  });

  it('answers the admin UI login with 429 and Retry-After too', async () => {
    const email = 'admin-ui-backoff@example.com';
    await createUser(email);
    const form = (password: string) =>
      t
        .http()
        .post('/admin/login')
        .set('Origin', 'http://127.0.0.1')
        .set('Host', '127.0.0.1')
        .set('X-Forwarded-For', '203.0.113.51')
        .type('form')
        .send({ email, password });
    for (let i = 0; i < 2; i++) expect((await form('wrong-password')).status).toBe(401);
    const res = await form(PASSWORD);
    expect([res.status, res.headers['retry-after']]).toEqual([429, '1']);
    expect(res.text).toContain('Too many failed login attempts');
  });

  describe('POST /auth/email/admin/users/{email}/unlock', () => {
    const unlock = (email: string, token: string) =>
      t.http().post(`/auth/email/admin/users/${email}/unlock`).set('Authorization', `Bearer ${token}`);

    it('lets every address in at once, and is audited', async () => {
      const email = 'unlock-me@example.com';
      await createUser(email);
      for (let i = 0; i < 3; i++) await login(email, 'bad-password-z', '203.0.113.61');
      expect((await login(email, PASSWORD, '203.0.113.61')).status).toBe(429);
      const res = await unlock(email, adminToken());
      expect([res.status, res.body]).toEqual([200, { success: true, message: `User ${email} has been unlocked` }]);
      expect(await streaks(email)).toEqual([]);
      expect((await login(email, PASSWORD, '203.0.113.61')).status).toBe(200);
      const [event] = await t.app
        .get(DataSource)
        .query(`SELECT actor_email, target_name, outcome FROM audit_events WHERE event_type = 'account_unlocked' AND target_name = $1`, [
          email,
        ]);
      expect(event).toEqual({ actor_email: ADMIN_EMAIL, target_name: email, outcome: 'success' });
    });

    it('is for user admins only (403), and an unknown user is a 404', async () => {
      await createUser('plain-user@example.com');
      const denied = await unlock(ADMIN_EMAIL, userToken('plain-user@example.com'));
      expect([denied.status, denied.body]).toEqual([403, { detail: 'Access denied' }]);
      const unknown = await unlock('ghost@example.com', adminToken());
      expect([unknown.status, unknown.body]).toEqual([404, { detail: 'User not found' }]);
    });
  });

  it('an admin setting a password ends the back-off as well', async () => {
    const email = 'admin-set@example.com';
    await createUser(email);
    for (let i = 0; i < 3; i++) await login(email, 'bad-password-q', '203.0.113.71');
    const res = await t
      .http()
      .put(`/auth/email/admin/users/${email}`)
      .set('Authorization', `Bearer ${adminToken()}`)
      .send({ password: 'Another-Pass-9' });
    expect(res.status).toBe(200);
    expect((await login(email, 'Another-Pass-9', '203.0.113.71')).status).toBe(200);
  });
});
