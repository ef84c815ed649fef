import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { ADMIN_EMAIL, JWT_SECRET, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const PASSWORD = 'Correct-Horse-1';
const NEW_PASSWORD = 'Battery-Staple-2';
const USERS = '/auth/email/admin/users';

/**
 * A session token ends when the credentials it was issued under change: the user's own password change, an admin
 * password reset, deactivation (for good, reactivation does not revive it), deletion, or an email change. Tokens
 * are bound to the user's id, so a new account under the same email is a different user.
 */
describe('ContextForge session revocation', () => {
  let t: TestApp;
  const asAdmin = () => `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function createUser(email: string) {
    const res = await t.http().post(USERS).set('Authorization', asAdmin()).send({ email, password: PASSWORD, full_name: email });
    expect(res.status).toBe(201);
  }

  async function login(email: string, password = PASSWORD): Promise<string> {
    const res = await t.http().post('/auth/email/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body.access_token as string;
  }

  /** Who the token authenticates as: the email /me answers with, or the HTTP status when it is refused. */
  async function whoIs(token: string): Promise<string | number> {
    const res = await t.http().get('/auth/email/me').set('Authorization', `Bearer ${token}`);
    if (res.status === 200) return res.body.email as string;
    expect(res.body).toEqual({ detail: 'Invalid authentication credentials' });
    return res.status;
  }

  const claimsOf = (token: string) => jwt.verify(token, JWT_SECRET) as jwt.JwtPayload;

  /** The same claims signed again with our secret: what a holder of the secret (or a bug of ours) could mint. */
  function resign(token: string, changes: Record<string, unknown>, drop: string[] = []): string {
    const claims: Record<string, unknown> = { ...claimsOf(token), ...changes };
    for (const name of drop) delete claims[name];
    return jwt.sign(claims, JWT_SECRET, { algorithm: 'HS256', noTimestamp: claims.iat === undefined });
  }

  /** Tokens without a version only carry a whole-second `iat`: a token minted after a change is one from a later second. */
  const nextSecond = () => sleep(1000 - (Date.now() % 1000) + 20);

  it('dies when the user changes their own password; a new login works', async () => {
    const email = 'own-change@example.com';
    await createUser(email);
    const token = await login(email);
    expect(await whoIs(token)).toBe(email);

    const change = await t
      .http()
      .post('/auth/email/change-password')
      .set('Authorization', `Bearer ${token}`)
      .send({ old_password: PASSWORD, new_password: NEW_PASSWORD });
    expect(change.status).toBe(200);

    expect(await whoIs(token)).toBe(401);
    const fresh = await login(email, NEW_PASSWORD);
    expect(await whoIs(fresh)).toBe(email);
  });

  it('dies when an admin resets the password', async () => {
    const email = 'admin-reset@example.com';
    await createUser(email);
    const token = await login(email);
    expect(await whoIs(token)).toBe(email);

    const reset = await t.http().put(`${USERS}/${email}`).set('Authorization', asAdmin()).send({ password: NEW_PASSWORD });
    expect(reset.status).toBe(200);

    expect(await whoIs(token)).toBe(401);
    expect(await whoIs(await login(email, NEW_PASSWORD))).toBe(email);
  });

  it('dies when the user is deactivated, and stays dead after reactivation', async () => {
    const email = 'deactivated@example.com';
    await createUser(email);
    const token = await login(email);
    expect(await whoIs(token)).toBe(email);

    expect((await t.http().patch(`${USERS}/${email}`).set('Authorization', asAdmin()).send({ is_active: false })).status).toBe(200);
    expect(await whoIs(token)).toBe(401);
    expect((await t.http().patch(`${USERS}/${email}`).set('Authorization', asAdmin()).send({ is_active: true })).status).toBe(200);
    expect(await whoIs(token)).toBe(401);
    expect(await whoIs(await login(email))).toBe(email);
  });

  it('dies when the user is deleted, and a new account with the same email does not accept it', async () => {
    const email = 'recycled@example.com';
    await createUser(email);
    const token = await login(email);
    expect(await whoIs(token)).toBe(email);

    expect((await t.http().delete(`${USERS}/${email}`).set('Authorization', asAdmin())).status).toBe(200);
    expect(await whoIs(token)).toBe(401);

    await createUser(email);
    expect(await whoIs(token)).toBe(401);
    expect(await whoIs(await login(email))).toBe(email);
  });

  it('dies when the email changes (LiteLLM /user/update), even if it changes back', async () => {
    const email = 'renamed@example.com';
    await createUser(email);
    const token = await login(email);
    const rename = (from: string, to: string) =>
      t
        .http()
        .post('/user/update')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .send({ user_id: email, user_email: to })
        .then((res) => {
          expect([from, res.status]).toEqual([from, 200]);
        });
    await rename(email, 'renamed-2@example.com');
    await rename('renamed-2@example.com', email);
    expect(await whoIs(token)).toBe(401);
    expect(await whoIs(await login(email))).toBe(email);
  });

  it('refuses a token whose id or version claim is missing or altered', async () => {
    const email = 'tampered@example.com';
    await createUser(email);
    const token = await login(email);
    const claims = claimsOf(token);
    expect(claims).toEqual(expect.objectContaining({ sub: email, uid: expect.any(String), cv: expect.any(Number) }));
    expect(await whoIs(resign(token, {}))).toBe(email);

    const refused: [string, string][] = [
      ['no cv', resign(token, {}, ['cv'])],
      ['no uid', resign(token, {}, ['uid'])],
      ['cv + 1', resign(token, { cv: claims.cv + 1 })],
      ['cv - 1', resign(token, { cv: claims.cv - 1 })],
      ['cv as a string', resign(token, { cv: String(claims.cv) })],
      ['cv null', resign(token, { cv: null })],
      ['uid not a uuid', resign(token, { uid: 'not-a-uuid' })],
      ['uid of nobody', resign(token, { uid: '00000000-0000-4000-8000-000000000000' })],
      // Not re-signed: the signature no longer matches.
      [
        'payload edited',
        [
          token.split('.')[0],
          Buffer.from(JSON.stringify({ ...claims, cv: claims.cv + 1 })).toString('base64url'),
          token.split('.')[2],
        ].join('.'),
      ],
    ];
    for (const [label, forged] of refused) expect([label, await whoIs(forged)]).toEqual([label, 401]);
  });

  it('a token of user A cannot be replayed as user B', async () => {
    await createUser('user-a@example.com');
    await createUser('user-b@example.com');
    const tokenA = await login('user-a@example.com');
    const tokenB = await login('user-b@example.com');
    const a = claimsOf(tokenA);
    const b = claimsOf(tokenB);
    expect(a.uid).not.toBe(b.uid);
    expect(await whoIs(tokenA)).toBe('user-a@example.com');

    const relabelled: [string, string][] = [
      ["A's id and version, B's email", resign(tokenA, { sub: 'user-b@example.com', user: { ...a.user, email: 'user-b@example.com' } })],
      ["B's id, A's email and version", resign(tokenA, { uid: b.uid })],
    ];
    for (const [label, forged] of relabelled) expect([label, await whoIs(forged)]).toEqual([label, 401]);
  });

  it("tokens minted by ContextForge's helper (sub = email, no id, no version) end at a change too", async () => {
    const email = 'helper-minted@example.com';
    await createUser(email);
    // Minted right after the account was created, as seed 004 does: accepted.
    const before = userToken(email);
    expect(await whoIs(before)).toBe(email);

    const change = await t
      .http()
      .post('/auth/email/change-password')
      .set('Authorization', `Bearer ${before}`)
      .send({ old_password: PASSWORD, new_password: NEW_PASSWORD });
    expect(change.status).toBe(200);
    expect(await whoIs(before)).toBe(401);

    // Minted in a later second than the change: accepted.
    await nextSecond();
    const after = userToken(email);
    expect(await whoIs(after)).toBe(email);
    // Without an iat nothing says when it was minted.
    expect(await whoIs(resign(after, {}, ['iat']))).toBe(401);
    // Deactivation ends it too.
    expect((await t.http().patch(`${USERS}/${email}`).set('Authorization', asAdmin()).send({ is_active: false })).status).toBe(200);
    expect((await t.http().patch(`${USERS}/${email}`).set('Authorization', asAdmin()).send({ is_active: true })).status).toBe(200);
    expect(await whoIs(after)).toBe(401);
  });

  it('a helper-minted token of a deleted account is not accepted by a new account with the same email', async () => {
    const email = 'helper-recycled@example.com';
    await createUser(email);
    await nextSecond();
    const old = userToken(email);
    expect(await whoIs(old)).toBe(email);
    expect((await t.http().delete(`${USERS}/${email}`).set('Authorization', asAdmin())).status).toBe(200);
    await nextSecond();
    await createUser(email);
    expect(await whoIs(old)).toBe(401);
    expect(await whoIs(userToken(email))).toBe(email);
  });
});
