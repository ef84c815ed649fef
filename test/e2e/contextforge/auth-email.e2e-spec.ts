import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { ADMIN_EMAIL, ADMIN_PASSWORD, JWT_SECRET, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const PASSWORD = 'Correct-Horse-1';

describe('ContextForge email auth (/auth/email)', () => {
  let t: TestApp;
  const adminToken = () => userToken(ADMIN_EMAIL, { isAdmin: true });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function createUser(email: string, extra: object = {}) {
    const res = await t
      .http()
      .post('/auth/email/admin/users')
      .set('Authorization', `Bearer ${adminToken()}`)
      .send({ email, password: PASSWORD, full_name: 'Test User', ...extra });
    expect(res.status).toBe(201);
    return res.body;
  }

  const login = (email: string, password: string) => t.http().post('/auth/email/login').send({ email, password });

  it('logs the platform admin in with a session token our JWT strategy accepts', async () => {
    const res = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3600,
      user: expect.objectContaining({
        email: ADMIN_EMAIL,
        is_admin: true,
        is_active: true,
        auth_provider: 'local',
        last_login: expect.any(String),
      }),
    });
    expect(res.body.user).not.toHaveProperty('password_hash');
    const claims = jwt.verify(res.body.access_token, JWT_SECRET, { issuer: 'portcullis', audience: 'portcullis-api' }) as jwt.JwtPayload;
    expect(claims).toEqual(
      expect.objectContaining({
        sub: ADMIN_EMAIL,
        jti: expect.any(String),
        token_use: 'session',
        teams: null,
        user: { email: ADMIN_EMAIL, is_admin: true, auth_provider: 'local' },
      }),
    );
    expect(claims.exp! - claims.iat!).toBe(3600);

    const me = await t.http().get('/auth/email/me').set('Authorization', `Bearer ${res.body.access_token}`);
    expect(me.status).toBe(200);
    expect(me.body).toEqual(expect.objectContaining({ email: ADMIN_EMAIL, is_admin: true }));
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    await createUser('wrong.pw@example.com');
    const wrong = await login('wrong.pw@example.com', 'not-the-password');
    const unknown = await login('nobody@example.com', 'whatever-password');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Invalid email or password' });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    // Emails are case-insensitive.
    expect((await login('WRONG.PW@example.com', PASSWORD)).status).toBe(200);
  });

  it('validates the body (422)', async () => {
    const res = await t.http().post('/auth/email/login').send({ email: 'not-an-email' });
    expect(res.status).toBe(422);
    expect(res.body.detail.map((d: { loc: string[] }) => d.loc.join('.'))).toEqual(expect.arrayContaining(['body.email', 'body.password']));
  });

  it('refuses inactive users and users without a password (LiteLLM-created)', async () => {
    await createUser('inactive@example.com', { is_active: false });
    expect((await login('inactive@example.com', PASSWORD)).status).toBe(401);
    const litellmUser = await t
      .http()
      .post('/user/new')
      .set('Authorization', `Bearer ${MASTER_KEY}`)
      .send({ user_id: 'll-user', user_email: 'll-user@example.com' });
    expect(litellmUser.status).toBe(200);
    expect((await login('ll-user@example.com', '')).status).toBe(401);
    expect((await login('ll-user@example.com', 'anything-at-all')).status).toBe(401);
  });

  it('a success clears the failures, so only consecutive ones back off', async () => {
    const email = 'resets@example.com';
    await createUser(email);
    for (let i = 0; i < 4; i++) await login(email, 'bad-password-x');
    expect((await login(email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) await login(email, 'bad-password-y');
    expect((await login(email, PASSWORD)).status).toBe(200);
  });

  // Back-off, its timing and the admin unlock: login-backoff.e2e-spec.ts.

  it('GET /me needs credentials, and answers with the caller only', async () => {
    await createUser('me@example.com', { full_name: 'Me Myself' });
    const anonymous = await t.http().get('/auth/email/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.detail).toEqual(expect.any(String));
    const me = await t
      .http()
      .get('/auth/email/me')
      .set('Authorization', `Bearer ${userToken('me@example.com')}`);
    expect(me.status).toBe(200);
    expect(me.body).toEqual(
      expect.objectContaining({
        email: 'me@example.com',
        full_name: 'Me Myself',
        is_admin: false,
        is_active: true,
        email_verified: false,
        password_change_required: false,
      }),
    );
    // A token for an unknown user is not a session.
    expect(
      (
        await t
          .http()
          .get('/auth/email/me')
          .set('Authorization', `Bearer ${userToken('ghost@example.com')}`)
      ).status,
    ).toBe(401);
    // The master key is not a user.
    expect((await t.http().get('/auth/email/me').set('Authorization', `Bearer ${MASTER_KEY}`)).status).toBe(404);
  });

  it('refuses tokens that are not ours exactly: secret, issuer, audience, algorithm, expiry, jti (401)', async () => {
    await createUser('tokens@example.com');
    const base = { sub: 'tokens@example.com', jti: 'j-1' };
    const sign = (payload: object, options: jwt.SignOptions, secret: string = JWT_SECRET) =>
      jwt.sign(payload, secret, { algorithm: 'HS256', issuer: 'portcullis', audience: 'portcullis-api', expiresIn: 600, ...options });
    const good = sign(base, {});
    expect((await t.http().get('/auth/email/me').set('Authorization', `Bearer ${good}`)).status).toBe(200);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${good.split('.')[1]}.`;
    const refused: [string, string][] = [
      ['another secret', sign(base, {}, 'another-secret-0123456789abcdef0123')],
      ['another issuer', sign(base, { issuer: 'mcpgateway' })],
      ['another audience', sign(base, { audience: 'mcpgateway-api' })],
      ['HS512', sign(base, { algorithm: 'HS512' })],
      ['alg none', unsigned],
      [
        'expired',
        jwt.sign({ ...base, exp: Math.floor(Date.now() / 1000) - 10 }, JWT_SECRET, {
          algorithm: 'HS256',
          issuer: 'portcullis',
          audience: 'portcullis-api',
        }),
      ],
      ['no exp', jwt.sign(base, JWT_SECRET, { algorithm: 'HS256', issuer: 'portcullis', audience: 'portcullis-api' })],
      ['no jti', sign({ sub: 'tokens@example.com' }, {})],
      ['no sub', sign({ jti: 'j-2' }, {})],
    ];
    for (const [label, token] of refused) {
      const res = await t.http().get('/auth/email/me').set('Authorization', `Bearer ${token}`);
      expect([label, res.status, res.headers['www-authenticate']]).toEqual([label, 401, expect.stringMatching(/^Bearer/)]);
    }
  });

  it('takes the jwt_token cookie from browser requests only, and the Authorization header first', async () => {
    await createUser('browser@example.com');
    const cookie = `jwt_token=${userToken('browser@example.com')}`;
    const asBrowser = await t.http().get('/auth/email/me').set('Cookie', cookie).set('Accept', 'text/html,application/xhtml+xml');
    expect([asBrowser.status, asBrowser.body.email]).toEqual([200, 'browser@example.com']);
    const asHtmx = await t.http().get('/auth/email/me').set('Cookie', cookie).set('HX-Request', 'true');
    expect([asHtmx.status, asHtmx.body.email]).toEqual([200, 'browser@example.com']);
    // An API client's request does not ride on a browser cookie (no cross-site requests acting as the user).
    expect((await t.http().get('/auth/email/me').set('Cookie', cookie).set('Accept', 'application/json')).status).toBe(401);
    // The header wins over the cookie.
    const both = await t
      .http()
      .get('/auth/email/me')
      .set('Cookie', cookie)
      .set('Accept', 'text/html')
      .set('Authorization', `Bearer ${adminToken()}`);
    expect([both.status, both.body.email]).toEqual([200, ADMIN_EMAIL]);
    // A bad cookie is a 401 like a bad header.
    expect((await t.http().get('/auth/email/me').set('Cookie', 'jwt_token=not-a-jwt').set('Accept', 'text/html')).status).toBe(401);
  });

  it('changes a password only with the current one', async () => {
    const email = 'changer@example.com';
    await createUser(email, { password_change_required: true });
    const token = userToken(email);
    const change = (body: object) => t.http().post('/auth/email/change-password').set('Authorization', `Bearer ${token}`).send(body);

    expect(
      (await t.http().post('/auth/email/change-password').send({ old_password: PASSWORD, new_password: 'Another-Pass-2' })).status,
    ).toBe(401);
    const wrongOld = await change({ old_password: 'not-my-password', new_password: 'Another-Pass-2' });
    expect(wrongOld.status).toBe(401);
    expect(wrongOld.body).toEqual({ detail: 'Current password is incorrect' });
    const tooShort = await change({ old_password: PASSWORD, new_password: 'short' });
    expect(tooShort.status).toBe(422);
    expect(tooShort.body.detail[0].loc).toEqual(['body', 'new_password']);
    expect((await change({ old_password: PASSWORD, new_password: PASSWORD })).status).toBe(400);

    const ok = await change({ old_password: PASSWORD, new_password: 'Another-Pass-2' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ success: true, message: 'Password changed successfully' });
    expect((await login(email, PASSWORD)).status).toBe(401);
    const relogin = await login(email, 'Another-Pass-2');
    expect(relogin.status).toBe(200);
    expect(relogin.body.user.password_change_required).toBe(false);
  });
});
