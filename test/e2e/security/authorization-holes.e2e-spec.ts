import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { buildWorld, callerWith, uniqueName, type World } from '../contextforge/catalog-fixtures.js';
import { litellm } from '../../support/litellm-client.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/**
 * One test per hole of issue 8, each a request that used to succeed: the checked target differing from the
 * acted-on one, rules outside the engine, grants above one's own, keys without ceilings, state flipped without
 * its right, and standing that outlived the membership it came from.
 */
describe('authorization holes (issue 8)', () => {
  let t: TestApp;
  let w: World;
  let db: DataSource;
  let api: ReturnType<typeof litellm>;
  const admin = () => callerWith(t, ADMIN_EMAIL, userToken(ADMIN_EMAIL, { isAdmin: true }));

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
    db = t.app.get(DataSource);
    api = litellm(t.http);
  });
  afterAll(() => t.close());

  /** A LiteLLM user with a key of their own and a JWT. */
  async function liteUser(extra: object = {}) {
    const userId = `${uniqueName('u')}@holes.example.com`;
    const created = await api.newUser({ user_id: userId, user_email: userId, ...extra });
    return { userId, key: created.key, jwt: callerWith(t, userId, userToken(userId, { tokenUse: 'session' })) };
  }
  const personalTeamOf = (email: string) => w.personalTeamOf(email);
  const isMember = async (teamId: string, email: string) =>
    (await db.query(`SELECT 1 FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 AND u.email = $2`, [teamId, email]))
      .length > 0;

  describe('the checked target is the acted-on target', () => {
    it('member_add with my personal team in the query and a foreign team in the body is a 400; I join nothing', async () => {
      const me = await liteUser();
      const personal = await personalTeamOf(me.userId);
      const res = await t
        .http()
        .post(`/team/member_add?team_id=${personal}`)
        .set('Authorization', `Bearer ${me.key}`)
        .send({ team_id: w.beta, member: { user_id: me.userId, role: 'admin' } });
      expect(res.status).toBe(400);
      expect(res.body.error.param).toBe('team_id');
      expect(await isMember(w.beta, me.userId)).toBe(false);
    });

    it('key/generate with a second, different team_id in the query is a 400 and mints nothing', async () => {
      const me = await liteUser();
      const before = await w.count('api_keys');
      const res = await t
        .http()
        .post(`/key/generate?team_id=${await personalTeamOf(me.userId)}`)
        .set('Authorization', `Bearer ${me.key}`)
        .send({ team_id: w.beta });
      expect(res.status).toBe(400);
      expect(await w.count('api_keys')).toBe(before);
    });

    it('POST /tools checked in alpha (query) but created in beta (body) is a 400', async () => {
      const before = await w.count('tools');
      const res = await t
        .http()
        .post(`/tools?team_id=${w.alpha}`)
        .set('Authorization', `Bearer ${w.dev.token}`)
        .send({ tool: { name: uniqueName('t'), url: 'http://example.com/x' }, team_id: w.beta, visibility: 'team' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ detail: expect.stringContaining('team_id') });
      expect(await w.count('tools')).toBe(before);
    });

    it('a scope field of the wrong type is a 422 before any decision', async () => {
      const res = await t
        .http()
        .post('/tools')
        .set('Authorization', `Bearer ${w.dev.token}`)
        .send({ tool: { name: 'x' }, team_id: ['a'] });
      expect(res.status).toBe(422);
    });
  });

  describe('every rule in the engine: the explain endpoint and the route agree', () => {
    it('a viewer role is refused keys.generate by both', async () => {
      const viewer = await liteUser({ user_role: 'internal_user_viewer' });
      const personal = await personalTeamOf(viewer.userId);
      const explained = await admin().post('/rbac/permissions/check', {
        user_email: viewer.userId,
        permission: 'keys.generate',
        team_id: personal,
      });
      expect(explained.status).toBe(200);
      expect(explained.body.granted).toBe(false);
      expect(explained.body.reason).toBe('READ_ONLY');
      expect((await api.generate(viewer.key, {})).status).toBe(403);
    });

    it('a personal-scope role counts only in the personal team', async () => {
      const role = await admin().post('/rbac/roles', {
        name: uniqueName('personal-tools'),
        description: 'x',
        scope: 'personal',
        permissions: ['tools.create'],
      });
      expect(role.status).toBe(201);
      const me = await liteUser();
      await api.post('/team/member_add', MASTER_KEY, { team_id: w.alpha, member: { user_id: me.userId, role: 'user' } });
      const assigned = await admin().post(`/rbac/users/${encodeURIComponent(me.userId)}/roles`, {
        role_id: role.body.id,
        scope: 'personal',
      });
      expect(assigned.status).toBe(201);
      const created = await me.jwt.post('/tools', {
        tool: { name: uniqueName('t'), url: 'http://example.com/x' },
        team_id: w.alpha,
        visibility: 'team',
      });
      expect(created.status).toBe(403);
      const explained = await admin().post('/rbac/permissions/check', {
        user_email: me.userId,
        permission: 'tools.create',
        team_id: w.alpha,
      });
      expect(explained.body.granted).toBe(false);
    });
  });

  describe('no grant above your own', () => {
    it('a custom role holding only users.update cannot make its holder proxy_admin through /user/update', async () => {
      const role = await admin().post('/rbac/roles', {
        name: uniqueName('user-editor'),
        description: 'x',
        scope: 'global',
        permissions: ['users.update'],
      });
      const me = await liteUser();
      await admin().post(`/rbac/users/${encodeURIComponent(me.userId)}/roles`, { role_id: role.body.id, scope: 'global' });
      const res = await api.post('/user/update', me.key, { user_id: me.userId, user_role: 'proxy_admin' });
      expect(res.status).toBe(403);
      const [row] = await db.query(`SELECT user_role, is_admin FROM users WHERE user_id = $1`, [me.userId]);
      expect(row).toEqual({ user_role: 'internal_user', is_admin: false });
    });

    it('a holder of admin.user_management cannot set is_admin on itself', async () => {
      const role = await admin().post('/rbac/roles', {
        name: uniqueName('user-manager'),
        description: 'x',
        scope: 'global',
        permissions: ['admin.user_management'],
      });
      const me = await liteUser();
      await admin().post(`/rbac/users/${encodeURIComponent(me.userId)}/roles`, { role_id: role.body.id, scope: 'global' });
      const res = await me.jwt.put(`/auth/email/admin/users/${encodeURIComponent(me.userId)}`, { is_admin: true });
      expect(res.status).toBe(403);
      const [row] = await db.query(`SELECT is_admin FROM users WHERE user_id = $1`, [me.userId]);
      expect(row.is_admin).toBe(false);
    });
  });

  describe('keys carry no more than their creator and team', () => {
    it("a key's max_budget stays within the team's and the caller's own; only admins set permissions", async () => {
      const lead = await liteUser({ max_budget: 50 });
      const team = await api.newTeam({ max_budget: 10, members_with_roles: [{ user_id: lead.userId, role: 'admin' }] });
      expect((await api.generate(lead.key, { team_id: team.team_id, max_budget: 100 })).status).toBe(400);
      expect((await api.generate(lead.key, { max_budget: 60 })).status).toBe(400);
      expect((await api.generate(lead.key, { permissions: { allow_pii_controls: true } })).status).toBe(403);
      const ok = await api.generate(lead.key, { team_id: team.team_id, max_budget: 5 });
      expect(ok.status).toBe(200);
      expect((await api.post('/key/update', lead.key, { key: ok.body.key, max_budget: 11 })).status).toBe(400);
    });

    it('a plain member allowed /key/update cannot raise a team key above the team budget or lift a block', async () => {
      const member = await liteUser();
      const team = await api.newTeam({
        max_budget: 10,
        team_member_permissions: ['/key/update', '/key/generate', '/key/info'],
        members_with_roles: [{ user_id: member.userId, role: 'user' }],
      });
      const key = await api.generate(member.key, { team_id: team.team_id, max_budget: 5 });
      expect(key.status).toBe(200);
      expect((await api.post('/key/update', member.key, { key: key.body.key, max_budget: 20 })).status).toBe(400);
      expect((await api.post('/key/block', MASTER_KEY, { key: key.body.key })).status).toBe(200);
      expect((await api.post('/key/update', member.key, { key: key.body.key, blocked: false })).status).toBe(401);
      const [row] = await db.query(`SELECT blocked, max_budget FROM api_keys WHERE token_hash = $1`, [key.body.token]);
      expect(row).toEqual({ blocked: true, max_budget: 5 });
    });

    it('key_type is enforced: a read_only key reads only, an llm_api key manages nothing', async () => {
      const me = await liteUser();
      const readOnly = await api.generate(me.key, { key_type: 'read_only' });
      const llmApi = await api.generate(me.key, { key_type: 'llm_api' });
      expect((await api.get('/key/info', readOnly.body.key)).status).toBe(200);
      expect((await api.generate(readOnly.body.key, {})).status).toBe(403);
      expect((await api.get('/key/info', llmApi.body.key)).status).toBe(403);
    });

    it("a key's allowed_routes are the only routes it may call", async () => {
      const me = await liteUser();
      const limited = await api.generate(me.key, { allowed_routes: ['/key/info'] });
      expect(limited.status).toBe(200);
      expect((await api.get('/key/info', limited.body.key)).status).toBe(200);
      const refused = await api.generate(limited.body.key, {});
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toContain('allowed_routes');
    });

    it("/team/update {blocked: false} by the team's admin does not undo /team/block", async () => {
      const lead = await liteUser();
      const team = await api.newTeam({ members_with_roles: [{ user_id: lead.userId, role: 'admin' }] });
      const leadJwt = lead.jwt;
      expect((await api.post('/team/block', MASTER_KEY, { team_id: team.team_id })).status).toBe(200);
      const unblocked = await leadJwt.post('/team/update', { team_id: team.team_id, blocked: false });
      // LiteLLM answers admin-only routes with 401.
      expect([401, 403]).toContain(unblocked.status);
      const [row] = await db.query(`SELECT blocked FROM teams WHERE id = $1`, [team.team_id]);
      expect(row.blocked).toBe(true);
    });
  });

  describe('standing ends with the membership it came from', () => {
    it("a removed member's team key no longer reads the team", async () => {
      const member = await liteUser();
      const team = await api.newTeam({ members_with_roles: [{ user_id: member.userId, role: 'user' }] });
      const key = await api.adminKey({ team_id: team.team_id, user_id: member.userId });
      expect((await api.get(`/team/info?team_id=${team.team_id}`, key.key)).status).toBe(200);
      expect((await api.post('/team/member_delete', MASTER_KEY, { team_id: team.team_id, user_id: member.userId })).status).toBe(200);
      expect((await api.get(`/team/info?team_id=${team.team_id}`, key.key)).status).toBe(403);
    });

    it('a developer removed from a team can no longer change the rows they created there', async () => {
      const created = await w.dev2.post('/tools', {
        tool: { name: uniqueName('t'), url: 'http://example.com/x' },
        team_id: w.alpha,
        visibility: 'team',
      });
      expect(created.status).toBe(201);
      const email = w.dev2.email;
      expect((await api.post('/team/member_delete', MASTER_KEY, { team_id: w.alpha, user_email: email })).status).toBe(200);
      const res = await w.dev2.put(`/tools/${created.body.id}`, { description: 'still mine?' });
      expect([403, 404]).toContain(res.status);
      const [row] = await db.query(`SELECT description FROM tools WHERE id = $1`, [created.body.id]);
      expect(row.description).not.toBe('still mine?');
    });

    it('an invitation stops working once its inviter lost the right to invite', async () => {
      const owner = await liteUser();
      const invitee = await liteUser();
      const coOwner = await liteUser();
      const team = await api.newTeam({
        members_with_roles: [
          { user_id: owner.userId, role: 'admin' },
          { user_id: coOwner.userId, role: 'admin' },
        ],
      });
      const invited = await owner.jwt.post(`/teams/${team.team_id}/invitations`, { email: invitee.userId, role: 'member' });
      expect({ status: invited.status, body: invited.body }).toEqual({ status: 201, body: expect.anything() });
      expect(
        (await api.post('/team/member_update', MASTER_KEY, { team_id: team.team_id, user_id: owner.userId, role: 'user' })).status,
      ).toBe(200);
      const accepted = await invitee.jwt.post(`/teams/invitations/${invited.body.token}/accept`);
      expect(accepted.status).toBe(403);
      expect(await isMember(team.team_id, invitee.userId)).toBe(false);
    });
  });
});
