import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/** startTestApp points DATABASE_URL at its own database: each app of this file must start from the server's. */
const SERVER_DATABASE_URL = process.env.DATABASE_URL;
function restoreServerDatabaseUrl() {
  if (SERVER_DATABASE_URL === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = SERVER_DATABASE_URL;
}

/**
 * Small limits, counted in this process (no Redis); the back-off is out of the way (many free failures), though its
 * table still says which addresses have failed for an account (only those count against the account's login limit).
 */
const LIMITS = {
  REDIS_URL: '',
  THROTTLE_LOGIN_PER_IP: '4',
  THROTTLE_LOGIN_PER_ACCOUNT: '3',
  THROTTLE_PASSWORD_RESET_PER_IP: '3',
  THROTTLE_PASSWORD_RESET_PER_ACCOUNT: '2',
  THROTTLE_REGISTER_PER_IP: '3',
  THROTTLE_REGISTER_PER_ACCOUNT: '2',
  THROTTLE_ISSUANCE_PER_IP: '5',
  THROTTLE_ISSUANCE_PER_PRINCIPAL: '3',
  LOGIN_BACKOFF_FREE_FAILURES: '1000',
  PUBLIC_REGISTRATION_ENABLED: 'true',
};

const PASSWORD = 'Correct-Horse-1';

function expectContextforge429(res: { status: number; body: unknown; headers: Record<string, string> }) {
  expect(res.status).toBe(429);
  expect(res.body).toEqual({ detail: expect.stringMatching(/^Too many requests\. Try again in \d+ seconds\.$/) });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('abuse limits, behind a trusted proxy (TRUST_PROXY=loopback: X-Forwarded-For is the client)', () => {
  let t: TestApp;
  const admin = () => userToken(ADMIN_EMAIL, { isAdmin: true });

  beforeAll(async () => {
    restoreServerDatabaseUrl();
    t = await startTestApp({ env: { ...LIMITS, TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => t.close());

  const login = (email: string, ip: string) =>
    t.http().post('/auth/email/login').set('X-Forwarded-For', ip).send({ email, password: 'not-the-password' });

  async function createUser(email: string) {
    const res = await t
      .http()
      .post('/auth/email/admin/users')
      .set('Authorization', `Bearer ${admin()}`)
      .send({ email, password: PASSWORD });
    expect(res.status).toBe(201);
  }

  describe('login', () => {
    it('counts per account the tries of addresses that failed for it (any spelling); the owner at a clean address gets in', async () => {
      await createUser('target@example.com');
      // First tries from three addresses: not counted (they had not failed for the account), but now they have.
      for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) expect((await login('target@example.com', ip)).status).toBe(401);
      for (const [i, email] of ['target@example.com', 'TARGET@example.com', 'Target@Example.COM'].entries()) {
        expect((await login(email, `203.0.113.${i + 1}`)).status).toBe(401);
      }
      expectContextforge429(await login('target@example.com', '203.0.113.1'));
      // Whoever sends them, these failures do not keep the owner out: an address that has not failed is not counted.
      const owner = await t
        .http()
        .post('/auth/email/login')
        .set('X-Forwarded-For', '203.0.113.9')
        .send({ email: 'target@example.com', password: PASSWORD });
      expect(owner.status).toBe(200);
      // The refused address may still try another account.
      expect((await login('someone-else@example.com', '203.0.113.1')).status).toBe(401);
    });

    it('counts per address across accounts, independently of other addresses', async () => {
      for (let i = 1; i <= 4; i++) expect((await login(`spray-${i}@example.com`, '198.51.100.1')).status).toBe(401);
      expectContextforge429(await login('spray-5@example.com', '198.51.100.1'));
      expect((await login('spray-5@example.com', '198.51.100.2')).status).toBe(401);
    });

    it('the admin UI login counts against the same limits', async () => {
      const res = await t
        .http()
        .post('/admin/login')
        .set('Origin', 'http://127.0.0.1')
        .set('Host', '127.0.0.1')
        .set('X-Forwarded-For', '203.0.113.2')
        .type('form')
        .send({ email: 'target@example.com', password: 'not-the-password' });
      expect(res.status).toBe(429);
      expect(res.body).toEqual({ message: expect.stringMatching(/^Too many requests/), success: false });
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });
  });

  describe('password reset and registration', () => {
    it('forgot-password: per account', async () => {
      const forgot = (ip: string) => t.http().post('/auth/email/forgot-password').set('X-Forwarded-For', ip).send({ email: ADMIN_EMAIL });
      expect((await forgot('192.0.2.1')).status).toBe(200);
      expect((await forgot('192.0.2.2')).status).toBe(200);
      expectContextforge429(await forgot('192.0.2.3'));
    });

    it('reset-password: per token, and per address', async () => {
      const reset = (token: string, ip: string) =>
        t.http().post(`/auth/email/reset-password/${token}`).set('X-Forwarded-For', ip).send({ new_password: 'Battery-Staple-2' });
      const token = 'A'.repeat(43);
      expect((await reset(token, '192.0.2.11')).status).toBe(400);
      expect((await reset(token, '192.0.2.12')).status).toBe(400);
      expectContextforge429(await reset(token, '192.0.2.13'));
      expect((await reset('B'.repeat(43), '192.0.2.14')).status).toBe(400);
      // 192.0.2.14 has one try left of three; two more tokens use it up.
      expect((await reset('C'.repeat(43), '192.0.2.14')).status).toBe(400);
      expect((await reset('D'.repeat(43), '192.0.2.14')).status).toBe(400);
      expectContextforge429(await reset('E'.repeat(43), '192.0.2.14'));
    });

    it('register: per account', async () => {
      const register = (ip: string) =>
        t.http().post('/auth/email/register').set('X-Forwarded-For', ip).send({ email: 'joiner@example.com', password: PASSWORD });
      expect((await register('192.0.2.21')).status).toBe(200);
      expect((await register('192.0.2.22')).status).toBe(409);
      expectContextforge429(await register('192.0.2.23'));
    });
  });

  describe('key and token issuance', () => {
    const generate = (token: string, ip: string) =>
      t.http().post('/key/generate').set('Authorization', `Bearer ${token}`).set('X-Forwarded-For', ip).send({});

    it('per caller: LiteLLM routes answer in their envelope, all issuance routes share the count', async () => {
      for (let i = 0; i < 3; i++) expect((await generate(MASTER_KEY, '192.0.2.31')).status).toBe(200);
      const refused = await generate(MASTER_KEY, '192.0.2.32');
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({
        error: { message: expect.stringMatching(/^Too many requests/), type: 'rate_limit_error', param: null, code: '429' },
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const regenerate = await t
        .http()
        .post('/key/regenerate')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .set('X-Forwarded-For', '192.0.2.33')
        .send({ key: 'sk-anything' });
      expect([regenerate.status, regenerate.body.error.code]).toEqual([429, '429']);
      // Another caller, from the same address as the first ones, is not held back.
      await createUser('issuer@example.com');
      expect((await generate(userToken('issuer@example.com'), '192.0.2.31')).status).toBe(200);
    });

    it('per address: ContextForge token routes answer in their envelope', async () => {
      const emails = Array.from({ length: 6 }, (_, i) => `token-maker-${i}@example.com`);
      for (const email of emails) await createUser(email);
      const createToken = (email: string) =>
        t
          .http()
          .post('/tokens')
          .set('Authorization', `Bearer ${userToken(email)}`)
          .set('X-Forwarded-For', '192.0.2.41')
          .send({ name: `token of ${email}` });
      for (const email of emails.slice(0, 5)) expect((await createToken(email)).status).toBe(201);
      expectContextforge429(await createToken(emails[5]));
    });
  });
});

describe('abuse limits without a trusted proxy (TRUST_PROXY unset)', () => {
  let t: TestApp;
  beforeAll(async () => {
    restoreServerDatabaseUrl();
    t = await startTestApp({ env: { ...LIMITS, TRUST_PROXY: '' } });
  });
  afterAll(() => t.close());

  it('ignores X-Forwarded-For: a client cannot pick a fresh address per request', async () => {
    const login = (i: number) =>
      t
        .http()
        .post('/auth/email/login')
        .set('X-Forwarded-For', `203.0.113.${i}`)
        .send({ email: `rotating-${i}@example.com`, password: 'not-the-password' });
    for (let i = 1; i <= 4; i++) expect((await login(i)).status).toBe(401);
    expectContextforge429(await login(5));
  });
});
