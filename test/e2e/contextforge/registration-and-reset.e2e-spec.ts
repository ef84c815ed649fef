import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MailOutbox } from '../../../src/common/mail/log-mail-sender.js';
import { ADMIN_EMAIL, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const PASSWORD = 'Correct-Horse-1';
const NEW_PASSWORD = 'Battery-Staple-2';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** startTestApp points DATABASE_URL at its own database: the second app of this file must start from the server's. */
const SERVER_DATABASE_URL = process.env.DATABASE_URL;
function restoreServerDatabaseUrl() {
  if (SERVER_DATABASE_URL === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = SERVER_DATABASE_URL;
}

describe('ContextForge registration and password reset switched off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_REGISTRATION_ENABLED: 'false', PASSWORD_RESET_ENABLED: 'false' } });
  });
  afterAll(() => t.close());

  it('refuses POST /auth/email/register with 403 and creates nobody', async () => {
    const res = await t.http().post('/auth/email/register').send({ email: 'eve@example.com', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: 'Public registration is disabled. Please contact an administrator to create an account.' });
    const rows = await t.app.get(DataSource).query(`SELECT 1 FROM users WHERE email = 'eve@example.com'`);
    expect(rows).toHaveLength(0);
  });

  it('refuses forgot-password and reset-password with 403 when PASSWORD_RESET_ENABLED=false', async () => {
    const forgot = await t.http().post('/auth/email/forgot-password').send({ email: ADMIN_EMAIL });
    expect(forgot.status).toBe(403);
    expect(forgot.body).toEqual({ detail: 'Password reset is disabled' });
    expect((await t.http().get(`/auth/email/reset-password/${'A'.repeat(43)}`)).status).toBe(403);
    expect(
      (
        await t
          .http()
          .post(`/auth/email/reset-password/${'A'.repeat(43)}`)
          .send({ new_password: NEW_PASSWORD })
      ).status,
    ).toBe(403);
  });
});

describe('ContextForge registration (on) and password reset', () => {
  let t: TestApp;
  const adminToken = () => userToken(ADMIN_EMAIL, { isAdmin: true });
  const db = () => t.app.get(DataSource);

  beforeAll(async () => {
    restoreServerDatabaseUrl();
    t = await startTestApp({
      env: {
        PUBLIC_REGISTRATION_ENABLED: 'true',
        PASSWORD_RESET_ENABLED: 'true',
        PASSWORD_RESET_TOKEN_EXPIRY_MINUTES: '60',
        LOGIN_BACKOFF_BASE_MS: '60000',
      },
    });
  });
  afterAll(() => t.close());

  const register = (body: object) => t.http().post('/auth/email/register').send(body);
  const login = (email: string, password: string) => t.http().post('/auth/email/login').send({ email, password });
  const forgot = (email: string) => t.http().post('/auth/email/forgot-password').send({ email });
  const reset = (token: string, body: object) => t.http().post(`/auth/email/reset-password/${token}`).send(body);

  async function createUser(email: string) {
    const res = await t
      .http()
      .post('/auth/email/admin/users')
      .set('Authorization', `Bearer ${adminToken()}`)
      .send({ email, password: PASSWORD, full_name: 'Test User' });
    expect(res.status).toBe(201);
  }

  /** The reset token of the newest mail to `email`, from the in-memory outbox (it never reaches the log). */
  function mailedToken(email: string): string {
    const mails = t.app.get(MailOutbox).to(email);
    expect(mails.length).toBeGreaterThan(0);
    const match = /reset-password\/([A-Za-z0-9_-]+)/.exec(mails[mails.length - 1].text);
    expect(match).not.toBeNull();
    return match![1];
  }

  describe('POST /auth/email/register', () => {
    it('creates an ordinary user with a personal team and answers a session (token + user)', async () => {
      const res = await register({ email: 'New.User@Example.com', password: PASSWORD, full_name: 'New User', is_admin: true });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 3600,
        user: expect.objectContaining({ email: 'new.user@example.com', full_name: 'New User', is_admin: false, is_active: true }),
      });
      // The attacker's `is_admin: true` was ignored: not an admin, and the session works as an ordinary user.
      const me = await t.http().get('/auth/email/me').set('Authorization', `Bearer ${res.body.access_token}`);
      expect(me.status).toBe(200);
      expect(me.body.is_admin).toBe(false);
      const admin = await t.http().get('/auth/email/admin/users').set('Authorization', `Bearer ${res.body.access_token}`);
      expect(admin.status).toBe(403);
      const teams = await t.http().get('/teams').set('Authorization', `Bearer ${res.body.access_token}`);
      expect(teams.status).toBe(200);
      const list = Array.isArray(teams.body) ? teams.body : teams.body.teams;
      expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ is_personal: true })]));
      // The password works at login; it is stored as argon2id.
      expect((await login('new.user@example.com', PASSWORD)).status).toBe(200);
      const [row] = await db().query(`SELECT password_hash, is_admin FROM users WHERE email = 'new.user@example.com'`);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.is_admin).toBe(false);
    });

    it('answers 409 for a taken email (any case) and changes nothing', async () => {
      await createUser('taken@example.com');
      const res = await register({ email: 'TAKEN@example.com', password: NEW_PASSWORD });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ detail: 'User with email taken@example.com already exists' });
      expect((await login('taken@example.com', PASSWORD)).status).toBe(200);
    });

    it('applies the password policy and validates the body (422)', async () => {
      for (const body of [{ email: 'short@example.com', password: 'short' }, { email: 'not-an-email', password: PASSWORD }, {}]) {
        const res = await register(body);
        expect(res.status).toBe(422);
        expect(Array.isArray(res.body.detail)).toBe(true);
      }
    });
  });

  describe('forgot-password and reset-password/{token}', () => {
    it('answers the same 200 for a known and an unknown email, and mails only the known one', async () => {
      await createUser('known@example.com');
      const known = await forgot('known@example.com');
      const unknown = await forgot('nobody-here@example.com');
      for (const res of [known, unknown]) {
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ success: true, message: 'If this email is registered, you will receive a reset link.' });
      }
      expect(t.app.get(MailOutbox).to('known@example.com')).toHaveLength(1);
      expect(t.app.get(MailOutbox).to('nobody-here@example.com')).toHaveLength(0);
    });

    it('mails at most 5 links per account in 15 minutes, answering the same 200 every time', async () => {
      await createUser('flood@example.com');
      for (let i = 0; i < 7; i++) {
        const res = await forgot('flood@example.com');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ success: true, message: 'If this email is registered, you will receive a reset link.' });
      }
      expect(t.app.get(MailOutbox).to('flood@example.com')).toHaveLength(5);
    });

    it('stores the token only hashed (sha256), 32 random bytes, expiring in an hour', async () => {
      await createUser('hashed@example.com');
      await forgot('hashed@example.com');
      const token = mailedToken('hashed@example.com');
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      const rows = await db().query(
        `SELECT r.* FROM password_reset_tokens r JOIN users u ON u.id = r.user_id WHERE u.email = 'hashed@example.com'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).not.toBe(token);
      expect(rows[0].token_hash).toBe(sha256(token));
      expect(JSON.stringify(rows)).not.toContain(token);
      const minutes = (new Date(rows[0].expires_at).getTime() - new Date(rows[0].created_at).getTime()) / 60_000;
      expect(Math.round(minutes)).toBe(60);
      const valid = await t.http().get(`/auth/email/reset-password/${token}`);
      expect(valid.status).toBe(200);
      expect(valid.body).toEqual({ valid: true, message: 'Reset token is valid', expires_at: expect.any(String) });
    });

    it('resets once: new password works, old one not, old sessions end, the back-off is cleared; the token is then spent', async () => {
      const email = 'resetme@example.com';
      await createUser(email);
      const session = (await login(email, PASSWORD)).body.access_token as string;
      expect((await t.http().get('/auth/email/me').set('Authorization', `Bearer ${session}`)).status).toBe(200);
      // Back the account off with wrong passwords (LOGIN_BACKOFF_BASE_MS: a minute, so it cannot run out meanwhile).
      for (let i = 0; i < 5; i++) await login(email, 'wrong-password-x');
      expect((await login(email, PASSWORD)).status).toBe(429);

      await forgot(email);
      const token = mailedToken(email);
      const res = await reset(token, { new_password: NEW_PASSWORD, confirm_password: NEW_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, message: 'Password reset successful. Please sign in with your new password.' });

      expect((await t.http().get('/auth/email/me').set('Authorization', `Bearer ${session}`)).status).toBe(401);
      expect((await login(email, PASSWORD)).status).toBe(401);
      expect((await login(email, NEW_PASSWORD)).status).toBe(200);

      // Single use: a second reset and a validation both refuse it.
      const again = await reset(token, { new_password: 'Attacker-Choice-3' });
      expect(again.status).toBe(400);
      expect(again.body).toEqual({ detail: 'Password reset token has already been used' });
      expect((await t.http().get(`/auth/email/reset-password/${token}`)).status).toBe(400);
      expect((await login(email, NEW_PASSWORD)).status).toBe(200);
    });

    it('refuses an expired token with 410 and an unknown one with 400, changing nothing', async () => {
      const email = 'expired@example.com';
      await createUser(email);
      await forgot(email);
      const token = mailedToken(email);
      await db().query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`, [sha256(token)]);
      const expired = await reset(token, { new_password: NEW_PASSWORD });
      expect(expired.status).toBe(410);
      expect(expired.body).toEqual({ detail: 'Password reset token has expired' });
      expect((await t.http().get(`/auth/email/reset-password/${token}`)).status).toBe(410);

      const unknown = await reset('A'.repeat(43), { new_password: NEW_PASSWORD });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual({ detail: 'Invalid password reset token' });
      expect((await login(email, PASSWORD)).status).toBe(200);
    });

    it('only the newest link works; mismatched confirmation and weak passwords are refused', async () => {
      const email = 'twice@example.com';
      await createUser(email);
      await forgot(email);
      const first = mailedToken(email);
      await forgot(email);
      const second = mailedToken(email);
      expect(second).not.toBe(first);
      expect((await reset(first, { new_password: NEW_PASSWORD })).status).toBe(400);
      const mismatch = await reset(second, { new_password: NEW_PASSWORD, confirm_password: 'Something-Else-9' });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body).toEqual({ detail: 'Passwords do not match' });
      expect((await reset(second, { new_password: 'short' })).status).toBe(422);
      // Neither refusal spent the token.
      expect((await reset(second, { new_password: NEW_PASSWORD })).status).toBe(200);
    });

    it('logs that a mail went out without its token, which reaches only the outbox (not the audit log)', async () => {
      const email = 'outbox@example.com';
      await createUser(email);
      const logged = jest.spyOn(Logger.prototype, 'log');
      await forgot(email);
      const lines = JSON.stringify(logged.mock.calls);
      logged.mockRestore();
      expect(lines).toContain('password_reset');
      const mail = t.app.get(MailOutbox).to(email)[0];
      expect(mail).toEqual(expect.objectContaining({ kind: 'password_reset', subject: 'Reset your password' }));
      const token = mailedToken(email);
      expect(lines).not.toContain(token);
      expect(lines).not.toContain(email);
      const audit = await db().query(`SELECT * FROM audit_events`);
      expect(JSON.stringify(audit)).not.toContain(token);
    });
  });
});
