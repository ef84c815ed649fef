import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const PASSWORD = 'Changeme123!';
const USERS = '/auth/email/admin/users';

describe('ContextForge admin users API (/auth/email/admin/users)', () => {
  let t: TestApp;
  const asAdmin = () => `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const db = () => t.app.get(DataSource);
  const create = (body: object, auth = asAdmin()) => t.http().post(USERS).set('Authorization', auth).send(body);

  async function globalRoles(email: string): Promise<string[]> {
    const rows: { name: string }[] = await db().query(
      `SELECT r.name FROM role_assignments a JOIN roles r ON r.id = a.role_id JOIN users u ON u.id = a.user_id
        WHERE u.email = $1 AND a.is_active AND a.scope = 'global' ORDER BY r.name`,
      [email],
    );
    return rows.map((r) => r.name);
  }

  it('creates a user (201) with a personal team and platform_viewer; the email is also the LiteLLM user_id', async () => {
    const res = await create({
      email: 'Alice@Example.com',
      password: PASSWORD,
      full_name: 'Alice',
      is_admin: false,
      is_active: true,
      password_change_required: false,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      email: 'alice@example.com',
      full_name: 'Alice',
      is_admin: false,
      is_active: true,
      auth_provider: 'local',
      created_at: expect.any(String),
      updated_at: expect.any(String),
      last_login: null,
      email_verified: false,
      password_change_required: false,
    });
    expect(await globalRoles('alice@example.com')).toEqual(['platform_viewer']);
    const [personal] = await db().query(
      `SELECT t.is_personal, t.visibility, m.role FROM teams t JOIN team_members m ON m.team_id = t.id JOIN users u ON u.id = m.user_id
        WHERE u.email = 'alice@example.com'`,
    );
    expect(personal).toEqual({ is_personal: true, visibility: 'private', role: 'owner' });
    const info = await t.http().get('/user/info?user_id=alice@example.com').set('Authorization', `Bearer ${MASTER_KEY}`);
    expect(info.status).toBe(200);
    expect(info.body.user_id).toBe('alice@example.com');
  });

  it('refuses an existing email (409, case-insensitively) and invalid bodies (422)', async () => {
    await create({ email: 'dup@example.com', password: PASSWORD });
    const again = await create({ email: 'DUP@example.com', password: PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('dup@example.com');
    for (const body of [
      { email: 'short@example.com', password: 'short' },
      { email: 'not-an-email', password: PASSWORD },
      { password: PASSWORD },
    ]) {
      const res = await create(body);
      expect({ body, status: res.status }).toEqual({ body, status: 422 });
      expect(Array.isArray(res.body.detail)).toBe(true);
    }
    // An unknown field is ignored, never applied: no superuser from a field the API does not declare.
    const extra = await create({ email: 'extra@example.com', password: PASSWORD, is_superuser: true });
    expect(extra.status).toBe(201);
    expect(extra.body.is_admin).toBe(false);
    expect(extra.body).not.toHaveProperty('is_superuser');
  });

  it('is for platform admins only: 401 without credentials, 403 for other users', async () => {
    await create({ email: 'plain@example.com', password: PASSWORD });
    const plain = `Bearer ${userToken('plain@example.com')}`;
    const attempts = [
      t.http().get(USERS).set('Authorization', plain),
      t.http().post(USERS).set('Authorization', plain).send({ email: 'x1@example.com', password: PASSWORD }),
      t.http().get(`${USERS}/plain@example.com`).set('Authorization', plain),
      t.http().put(`${USERS}/plain@example.com`).set('Authorization', plain).send({ is_admin: true }),
      t.http().patch(`${USERS}/plain@example.com`).set('Authorization', plain).send({ is_admin: true }),
      t.http().delete(`${USERS}/${ADMIN_EMAIL}`).set('Authorization', plain),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ detail: 'Access denied' });
    }
    expect((await t.http().get(USERS)).status).toBe(401);
    // Claiming admin in the token changes nothing: the database decides.
    expect(
      (
        await t
          .http()
          .get(USERS)
          .set('Authorization', `Bearer ${userToken('plain@example.com', { isAdmin: true })}`)
      ).status,
    ).toBe(403);
    expect(await globalRoles('plain@example.com')).toEqual(['platform_viewer']);
  });

  it('lists users as a plain list, oldest first, with skip and limit', async () => {
    const all = await t.http().get(USERS).set('Authorization', asAdmin());
    expect(all.status).toBe(200);
    expect(Array.isArray(all.body)).toBe(true);
    expect(all.body[0].email).toBe(ADMIN_EMAIL);
    expect(all.body.map((u: { email: string }) => u.email)).toEqual(expect.arrayContaining(['alice@example.com', 'dup@example.com']));
    for (const user of all.body) expect(Object.keys(user)).not.toContain('password_hash');
    const page = await t.http().get(`${USERS}?skip=1&limit=1`).set('Authorization', asAdmin());
    expect(page.body).toEqual([all.body[1]]);
    expect((await t.http().get(`${USERS}?limit=-1`).set('Authorization', asAdmin())).status).toBe(422);
  });

  it('reads one user; unknown emails are 404', async () => {
    const res = await t.http().get(`${USERS}/alice@example.com`).set('Authorization', asAdmin());
    expect(res.status).toBe(200);
    expect(res.body.email).toBe('alice@example.com');
    const missing = await t.http().get(`${USERS}/missing@example.com`).set('Authorization', asAdmin());
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'User not found' });
  });

  it('updates fields with PATCH and PUT, including the password', async () => {
    const patched = await t.http().patch(`${USERS}/alice@example.com`).set('Authorization', asAdmin()).send({ full_name: 'Alice A.' });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual(expect.objectContaining({ full_name: 'Alice A.', is_admin: false, is_active: true }));
    const put = await t
      .http()
      .put(`${USERS}/alice@example.com`)
      .set('Authorization', asAdmin())
      .send({ password: 'Brand-New-Pass-1', password_change_required: true });
    expect(put.status).toBe(200);
    expect(put.body.password_change_required).toBe(true);
    expect((await t.http().post('/auth/email/login').send({ email: 'alice@example.com', password: PASSWORD })).status).toBe(401);
    expect((await t.http().post('/auth/email/login').send({ email: 'alice@example.com', password: 'Brand-New-Pass-1' })).status).toBe(200);
    expect((await t.http().put(`${USERS}/nobody@example.com`).set('Authorization', asAdmin()).send({ full_name: 'x' })).status).toBe(404);
    expect((await t.http().patch(`${USERS}/alice@example.com`).set('Authorization', asAdmin()).send({ password: 'short' })).status).toBe(
      422,
    );
  });

  it('promoting and demoting take effect on the very next request with an old token', async () => {
    await create({ email: 'bob@example.com', password: PASSWORD });
    const bobsOldToken = `Bearer ${userToken('bob@example.com')}`;
    expect((await t.http().get(USERS).set('Authorization', bobsOldToken)).status).toBe(403);

    const promoted = await t.http().patch(`${USERS}/bob@example.com`).set('Authorization', asAdmin()).send({ is_admin: true });
    expect(promoted.status).toBe(200);
    expect(promoted.body.is_admin).toBe(true);
    expect(await globalRoles('bob@example.com')).toEqual(['platform_admin']);
    expect((await t.http().get(USERS).set('Authorization', bobsOldToken)).status).toBe(200);
    const [litellm] = await db().query(`SELECT user_role FROM users WHERE email = 'bob@example.com'`);
    expect(litellm.user_role).toBe('proxy_admin');

    const demoted = await t.http().put(`${USERS}/bob@example.com`).set('Authorization', asAdmin()).send({ is_admin: false });
    expect(demoted.status).toBe(200);
    expect(demoted.body.is_admin).toBe(false);
    expect(await globalRoles('bob@example.com')).toEqual(['platform_viewer']);
    const after = await t.http().get(USERS).set('Authorization', bobsOldToken);
    expect(after.status).toBe(403);
    expect(after.body).toEqual({ detail: 'Access denied' });
  });

  it('deactivating a user ends their sessions at once, and reactivating does not revive them', async () => {
    await create({ email: 'carol@example.com', password: PASSWORD });
    const token = `Bearer ${userToken('carol@example.com')}`;
    expect((await t.http().get('/auth/email/me').set('Authorization', token)).status).toBe(200);
    expect((await t.http().patch(`${USERS}/carol@example.com`).set('Authorization', asAdmin()).send({ is_active: false })).status).toBe(
      200,
    );
    expect((await t.http().get('/auth/email/me').set('Authorization', token)).status).toBe(401);
    expect((await t.http().patch(`${USERS}/carol@example.com`).set('Authorization', asAdmin()).send({ is_active: true })).status).toBe(200);
    expect((await t.http().get('/auth/email/me').set('Authorization', token)).status).toBe(401);
  });

  it('never removes the last admin, nor lets an admin delete or deactivate themselves', async () => {
    // The configured admin is the only admin now (bob was demoted).
    const self = await t.http().delete(`${USERS}/${ADMIN_EMAIL}`).set('Authorization', asAdmin());
    expect(self.status).toBe(400);
    expect(self.body).toEqual({ detail: 'Cannot delete your own account' });
    const last = await t.http().delete(`${USERS}/${ADMIN_EMAIL}`).set('Authorization', `Bearer ${MASTER_KEY}`);
    expect(last.status).toBe(400);
    expect(last.body).toEqual({ detail: 'Cannot delete the last remaining admin user' });
    expect((await t.http().patch(`${USERS}/${ADMIN_EMAIL}`).set('Authorization', asAdmin()).send({ is_active: false })).status).toBe(400);
    expect(
      (await t.http().patch(`${USERS}/${ADMIN_EMAIL}`).set('Authorization', `Bearer ${MASTER_KEY}`).send({ is_admin: false })).status,
    ).toBe(400);
    expect(await globalRoles(ADMIN_EMAIL)).toEqual(['platform_admin']);

    // With a second admin around, that admin may go; the configured platform admin still may not.
    expect((await create({ email: 'dave@example.com', password: PASSWORD, is_admin: true })).body.is_admin).toBe(true);
    expect(await globalRoles('dave@example.com')).toEqual(['platform_admin']);
    const dave = `Bearer ${userToken('dave@example.com')}`;
    expect((await t.http().delete(`${USERS}/${ADMIN_EMAIL}`).set('Authorization', dave)).status).toBe(400);
    const deleted = await t.http().delete(`${USERS}/dave@example.com`).set('Authorization', asAdmin());
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ success: true, message: 'User dave@example.com has been deleted' });
  });

  it('deleting a user removes their personal team, memberships, keys and role assignments', async () => {
    await create({ email: 'erin@example.com', password: PASSWORD });
    const [erin] = await db().query(`SELECT id FROM users WHERE email = 'erin@example.com'`);
    const team = await t.http().post('/team/new').set('Authorization', `Bearer ${MASTER_KEY}`).send({ team_alias: 'erin-team' });
    await t
      .http()
      .post('/team/member_add')
      .set('Authorization', `Bearer ${MASTER_KEY}`)
      .send({ team_id: team.body.team_id, member: { role: 'user', user_id: 'erin@example.com' } });
    const key = await t.http().post('/key/generate').set('Authorization', `Bearer ${MASTER_KEY}`).send({ user_id: 'erin@example.com' });
    expect(key.status).toBe(200);
    const counts = async () =>
      (
        await db().query(
          `SELECT (SELECT count(*)::int FROM teams WHERE created_by = $1 AND is_personal) AS personal,
                  (SELECT count(*)::int FROM team_members WHERE user_id = $1) AS memberships,
                  (SELECT count(*)::int FROM api_keys WHERE user_id = $1) AS keys,
                  (SELECT count(*)::int FROM role_assignments WHERE user_id = $1) AS assignments`,
          [erin.id],
        )
      )[0];
    expect(await counts()).toEqual({ personal: 1, memberships: 2, keys: 1, assignments: 3 });

    const res = await t.http().delete(`${USERS}/erin@example.com`).set('Authorization', asAdmin());
    expect(res.status).toBe(200);
    expect(await counts()).toEqual({ personal: 0, memberships: 0, keys: 0, assignments: 0 });
    expect((await t.http().get(`${USERS}/erin@example.com`).set('Authorization', asAdmin())).status).toBe(404);
    expect(
      (
        await t
          .http()
          .get('/auth/email/me')
          .set('Authorization', `Bearer ${userToken('erin@example.com')}`)
      ).status,
    ).toBe(401);
    expect((await t.http().get('/key/info').set('Authorization', `Bearer ${key.body.key}`)).status).toBe(401);
    // The shared team itself stays.
    const stillThere = await t.http().get(`/teams/${team.body.team_id}`).set('Authorization', asAdmin());
    expect(stillThere.status).toBe(200);
    expect(stillThere.body.member_count).toBe(0);
    expect((await t.http().delete(`${USERS}/erin@example.com`).set('Authorization', asAdmin())).status).toBe(404);
  });
});
