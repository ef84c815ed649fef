import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { cachesCaughtUp } from '../../support/caches.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/**
 * The ContextForge `/rbac/*` surface on our engine: role CRUD, assignments with their authority and
 * no-escalation rules, revocation taking effect at once, and the check/explain routes.
 */
describe('ContextForge RBAC API', () => {
  let t: TestApp;
  let seq = 0;
  const unique = (prefix: string) => `${prefix}-${++seq}-${Math.random().toString(16).slice(2, 8)}`;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** Requests as a user (a ContextForge-style JWT), or as the platform admin. */
  const as = (email: string) => {
    const auth = { Authorization: `Bearer ${userToken(email)}` };
    return {
      get: (path: string) => t.http().get(path).set(auth),
      post: (path: string, body: object = {}) => t.http().post(path).set(auth).send(body),
      put: (path: string, body: object = {}) => t.http().put(path).set(auth).send(body),
      delete: (path: string) => t.http().delete(path).set(auth),
    };
  };
  const admin = () => as(ADMIN_EMAIL);

  async function newUser(prefix = 'user'): Promise<string> {
    const email = `${unique(prefix)}@example.com`;
    const res = await t.http().post('/user/new').set('Authorization', `Bearer ${MASTER_KEY}`).send({ user_id: email, user_email: email });
    expect(res.status).toBe(200);
    return email;
  }

  /** A team with an owner (team_admin) and plain members (viewer), through the LiteLLM surface. */
  async function newTeam(owner: string | null, members: string[] = []): Promise<string> {
    const res = await t
      .http()
      .post('/team/new')
      .set('Authorization', `Bearer ${MASTER_KEY}`)
      .send({ team_alias: unique('team') });
    expect(res.status).toBe(200);
    const teamId = res.body.team_id as string;
    const member = [
      ...(owner ? [{ user_email: owner, role: 'admin' }] : []),
      ...members.map((email) => ({ user_email: email, role: 'user' })),
    ];
    if (member.length > 0) {
      const added = await t.http().post('/team/member_add').set('Authorization', `Bearer ${MASTER_KEY}`).send({ team_id: teamId, member });
      expect(added.status).toBe(200);
    }
    return teamId;
  }

  let roleIds: Record<string, string> = {};
  const grant = (by: ReturnType<typeof as>, email: string, body: object) => by.post(`/rbac/users/${email}/roles`, body);

  beforeAll(async () => {
    const res = await admin().get('/rbac/roles');
    expect(res.status).toBe(200);
    roleIds = Object.fromEntries((res.body as { name: string; id: string }[]).map((r) => [r.name, r.id]));
  });

  describe('roles', () => {
    it('lists system roles as a JSON list with ids, scopes and effective permissions', async () => {
      const res = await admin().get('/rbac/roles');
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body)).toBe(true);
      const developer = res.body.find((r: { name: string }) => r.name === 'developer');
      expect(developer).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          scope: 'team',
          is_system_role: true,
          is_active: true,
          inherits_from: null,
          created_by: 'system',
          created_at: expect.any(String),
          updated_at: expect.any(String),
        }),
      );
      expect(developer.permissions).toContain('tools.create');
      expect(developer.effective_permissions).toEqual([...developer.permissions].sort());
      expect(res.body.map((r: { name: string }) => r.name)).toEqual(
        expect.arrayContaining(['platform_admin', 'platform_viewer', 'team_admin', 'developer', 'viewer']),
      );
    });

    it('is for user managers only (403 "Access denied" otherwise)', async () => {
      const user = await newUser();
      for (const res of [
        await as(user).get('/rbac/roles'),
        await as(user).get(`/rbac/roles/${roleIds.viewer}`),
        await as(user).post('/rbac/roles', { name: unique('r'), scope: 'team', permissions: [] }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ detail: 'Access denied' });
      }
    });

    it('creates a custom role (201) that inherits, reads it back, updates it', async () => {
      const name = unique('release_manager');
      const created = await admin().post('/rbac/roles', {
        name,
        description: 'ships releases',
        scope: 'team',
        permissions: ['tools.update', 'tools.read'],
        inherits_from: roleIds.viewer,
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual(
        expect.objectContaining({ name, scope: 'team', inherits_from: roleIds.viewer, is_system_role: false, created_by: ADMIN_EMAIL }),
      );
      expect(created.body.permissions.sort()).toEqual(['tools.read', 'tools.update']);
      expect(created.body.effective_permissions).toEqual(expect.arrayContaining(['tools.update', 'tools.execute', 'prompts.read']));
      expect(created.body.effective_permissions).not.toContain('tools.delete');

      const read = await admin().get(`/rbac/roles/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.effective_permissions).toEqual(created.body.effective_permissions);

      const updated = await admin().put(`/rbac/roles/${created.body.id}`, {
        description: 'new',
        permissions: ['tools.delete'],
        inherits_from: null,
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toEqual(
        expect.objectContaining({
          description: 'new',
          permissions: ['tools.delete'],
          effective_permissions: ['tools.delete'],
          inherits_from: null,
        }),
      );
      expect((await admin().get('/rbac/roles/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });

    it('refuses unknown permissions with 400, on create and on update', async () => {
      const res = await admin().post('/rbac/roles', { name: unique('bad'), scope: 'team', permissions: ['tools.read', 'tools.fly'] });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('tools.fly');
      const ok = await admin().post('/rbac/roles', { name: unique('ok'), scope: 'team', permissions: ['tools.read'] });
      expect(ok.status).toBe(201);
      const upd = await admin().put(`/rbac/roles/${ok.body.id}`, { permissions: ['nonsense'] });
      expect(upd.status).toBe(400);
      expect((await admin().get(`/rbac/roles/${ok.body.id}`)).body.permissions).toEqual(['tools.read']);
    });

    it('refuses inheritance cycles (including a role inheriting from itself) with 400', async () => {
      const a = await admin().post('/rbac/roles', { name: unique('a'), scope: 'team', permissions: ['tools.read'] });
      const b = await admin().post('/rbac/roles', { name: unique('b'), scope: 'team', permissions: [], inherits_from: a.body.id });
      const c = await admin().post('/rbac/roles', { name: unique('c'), scope: 'team', permissions: [], inherits_from: b.body.id });
      expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
      expect(c.body.effective_permissions).toEqual(['tools.read']);
      const cycle = await admin().put(`/rbac/roles/${a.body.id}`, { inherits_from: c.body.id });
      expect(cycle.status).toBe(400);
      expect(cycle.body.detail).toMatch(/cycle/);
      const self = await admin().put(`/rbac/roles/${a.body.id}`, { inherits_from: a.body.id });
      expect(self.status).toBe(400);
      const missing = await admin().post('/rbac/roles', {
        name: unique('d'),
        scope: 'team',
        permissions: [],
        inherits_from: '00000000-0000-4000-8000-000000000000',
      });
      expect(missing.status).toBe(400);
    });

    it('refuses a taken name with 409', async () => {
      const name = unique('dup');
      expect((await admin().post('/rbac/roles', { name, scope: 'global', permissions: [] })).status).toBe(201);
      const again = await admin().post('/rbac/roles', { name, scope: 'team', permissions: [] });
      expect(again.status).toBe(409);
      expect((await admin().post('/rbac/roles', { name: 'developer', scope: 'team', permissions: [] })).status).toBe(409);
    });

    it('keeps system roles immutable (400) and unchanged', async () => {
      const put = await admin().put(`/rbac/roles/${roleIds.developer}`, { permissions: ['*'] });
      expect(put.status).toBe(400);
      expect(put.body.detail).toBe('System roles cannot be modified');
      expect((await admin().delete(`/rbac/roles/${roleIds.developer}`)).status).toBe(400);
      const after = await admin().get(`/rbac/roles/${roleIds.developer}`);
      expect(after.body.permissions).not.toContain('*');
      expect(after.body.is_active).toBe(true);
    });

    it('deletes an unused role; a role in use or inherited from answers 409', async () => {
      const user = await newUser();
      const teamId = await newTeam(null, [user]);
      const role = await admin().post('/rbac/roles', { name: unique('tmp'), scope: 'team', permissions: ['tools.read'] });
      const heir = await admin().post('/rbac/roles', { name: unique('heir'), scope: 'team', permissions: [], inherits_from: role.body.id });
      expect((await admin().delete(`/rbac/roles/${role.body.id}`)).status).toBe(409);
      expect((await admin().delete(`/rbac/roles/${heir.body.id}`)).status).toBe(200);
      expect((await grant(admin(), user, { role_id: role.body.id, scope: 'team', scope_id: teamId })).status).toBe(201);
      const inUse = await admin().delete(`/rbac/roles/${role.body.id}`);
      expect(inUse.status).toBe(409);
      expect((await admin().delete(`/rbac/users/${user}/roles/${role.body.name}?scope=team&scope_id=${teamId}`)).status).toBe(200);
      const deleted = await admin().delete(`/rbac/roles/${role.body.id}`);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ message: 'Role deleted successfully' });
      expect((await admin().get(`/rbac/roles/${role.body.id}`)).status).toBe(404);
    });

    it('no escalation: a user manager cannot bundle permissions they do not hold', async () => {
      const manager = await newUser('manager');
      const managerRole = await admin().post('/rbac/roles', {
        name: unique('user_manager'),
        scope: 'global',
        permissions: ['admin.user_management'],
      });
      expect((await grant(admin(), manager, { role_id: managerRole.body.id, scope: 'global' })).status).toBe(201);
      // Holds admin.user_management and (platform_viewer) tools.read: may bundle those.
      const allowed = await as(manager).post('/rbac/roles', { name: unique('reader'), scope: 'team', permissions: ['tools.read'] });
      expect(allowed.status).toBe(201);
      for (const body of [
        { name: unique('x'), scope: 'team', permissions: ['tools.delete'] },
        { name: unique('x'), scope: 'global', permissions: ['*'] },
        { name: unique('x'), scope: 'team', permissions: [], inherits_from: roleIds.team_admin },
      ]) {
        const res = await as(manager).post('/rbac/roles', body);
        expect(res.status).toBe(403);
      }
      const widen = await as(manager).put(`/rbac/roles/${allowed.body.id}`, { permissions: ['tools.read', 'gateways.delete'] });
      expect(widen.status).toBe(403);
    });
  });

  describe('assignments', () => {
    it('the seed flow: resolve the id by name, assign (201), re-assign (409), revoke by name', async () => {
      const user = await newUser('dev');
      const teamId = await newTeam(null, [user]);
      const res = await grant(admin(), user, { role_id: roleIds.developer, scope: 'team', scope_id: teamId });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        user_email: user,
        role_id: roleIds.developer,
        role_name: 'developer',
        scope: 'team',
        scope_id: teamId,
        granted_by: ADMIN_EMAIL,
        granted_at: expect.any(String),
        expires_at: null,
        is_active: true,
        revoked_at: null,
      });
      const again = await grant(admin(), user, { role_id: roleIds.developer, scope: 'team', scope_id: teamId });
      expect(again.status).toBe(409);
      // Membership already gave them viewer: the seed accepts 409 here.
      expect((await grant(admin(), user, { role_id: roleIds.viewer, scope: 'team', scope_id: teamId })).status).toBe(409);

      const listed = await admin().get(`/rbac/users/${user}/roles`);
      expect(listed.status).toBe(200);
      expect(listed.body.map((a: { role_name: string; scope: string }) => `${a.role_name}/${a.scope}`).sort()).toEqual(
        ['developer/team', 'platform_viewer/global', 'team_admin/team', 'viewer/team'].sort(),
      );

      const revoked = await admin().delete(`/rbac/users/${user}/roles/developer?scope=team&scope_id=${teamId}`);
      expect(revoked.status).toBe(200);
      expect((await admin().delete(`/rbac/users/${user}/roles/developer?scope=team&scope_id=${teamId}`)).status).toBe(404);
      const history = await admin().get(`/rbac/users/${user}/roles?active_only=false`);
      const old = history.body.find((a: { id: string }) => a.id === res.body.id);
      expect(old).toEqual(expect.objectContaining({ is_active: false, revoked_at: expect.any(String) }));
      // And it can be granted again afterwards.
      expect((await grant(admin(), user, { role_id: roleIds.developer, scope: 'team', scope_id: teamId })).status).toBe(201);
    });

    it('validates scope, team, user and role', async () => {
      const user = await newUser();
      const teamId = await newTeam(null, [user]);
      const cases: [object, string, number, RegExp?][] = [
        [{ role_id: roleIds.developer, scope: 'global' }, user, 400, /scope/],
        [{ role_id: roleIds.platform_viewer, scope: 'team', scope_id: teamId }, user, 400, /scope/],
        [{ role_id: roleIds.developer, scope: 'team' }, user, 400, /scope_id/],
        [{ role_id: roleIds.developer, scope: 'team', scope_id: 'no-such-team' }, user, 404],
        [{ role_id: roleIds.developer, scope: 'team', scope_id: teamId }, 'ghost@example.com', 404],
        [{ role_id: '00000000-0000-4000-8000-000000000000', scope: 'team', scope_id: teamId }, user, 404],
        [{ role_id: 'no_such_role', scope: 'team', scope_id: teamId }, user, 404],
        [{ role_id: roleIds.developer, scope: 'team', scope_id: teamId, expires_at: '2001-01-01T00:00:00Z' }, user, 400, /expires_at/],
        [{ role_id: roleIds.developer, scope: 'planet', scope_id: teamId }, user, 422],
      ];
      for (const [body, email, status, detail] of cases) {
        const res = await grant(admin(), email, body);
        expect({ body, status: res.status }).toEqual({ body, status });
        if (detail) expect(res.body.detail).toMatch(detail);
      }
    });

    it('gives a team role to a non-member (as ContextForge): stored, counting only once they are in the team', async () => {
      const owner = await newUser('owner');
      const outsider = await newUser('outsider');
      const stranger = await newUser('stranger');
      const teamId = await newTeam(owner);
      const may = async (permission: string) =>
        (await admin().post('/rbac/permissions/check', { user_email: outsider, permission, team_id: teamId })).body.granted as boolean;

      // The assigner still needs the right to assign in that team: a stranger to the team is refused.
      expect((await grant(as(stranger), outsider, { role_id: roleIds.developer, scope: 'team', scope_id: teamId })).status).toBe(403);
      const res = await grant(as(owner), outsider, { role_id: roleIds.developer, scope: 'team', scope_id: teamId });
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ role_name: 'developer', scope: 'team', scope_id: teamId, is_active: true }));
      // Dormant: not a member, so the role grants nothing there yet (and the team stays hidden from them).
      expect(await may('tools.create')).toBe(false);
      expect(
        (
          await as(outsider).post('/tools', {
            tool: { name: unique('t'), url: 'https://example.com/t', integration_type: 'REST' },
            team_id: teamId,
          })
        ).status,
      ).toBe(403);

      // Once they are a member the role counts; when they leave, every role in the team goes with the membership.
      const added = await t
        .http()
        .post('/team/member_add')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .send({ team_id: teamId, member: [{ user_email: outsider, role: 'user' }] });
      expect(added.status).toBe(200);
      expect(await may('tools.create')).toBe(true);
      expect((await as(outsider).delete(`/teams/${teamId}/leave`)).status).toBe(200);
      expect(await may('tools.create')).toBe(false);
      const roles = await admin().get(`/rbac/users/${outsider}/roles`);
      expect(roles.body.filter((a: { scope_id: string | null }) => a.scope_id === teamId)).toEqual([]);
    });

    it("refuses a team role on someone else's personal team (it could never count: nobody else is ever a member)", async () => {
      const user = await newUser();
      const other = await newUser();
      const [personal]: { id: string }[] = await t.app
        .get(DataSource)
        .query(`SELECT t.id FROM teams t JOIN users u ON u.id = t.created_by WHERE t.is_personal AND u.email = $1`, [other]);
      const res = await grant(admin(), user, { role_id: roleIds.developer, scope: 'team', scope_id: personal.id });
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/personal team/);
    });

    it('a team admin grants viewer/developer in their own team, not in another team nor globally', async () => {
      const owner = await newUser('owner');
      const member = await newUser('member');
      const other = await newUser('other');
      const teamA = await newTeam(owner, [member]);
      const teamB = await newTeam(null, [other, member]);

      const dev = await grant(as(owner), member, { role_id: roleIds.developer, scope: 'team', scope_id: teamA });
      expect(dev.status).toBe(201);
      expect(dev.body.granted_by).toBe(owner);
      // viewer came with the membership: revoke it, then grant it back (by name: ours).
      expect((await as(owner).delete(`/rbac/users/${member}/roles/viewer?scope=team&scope_id=${teamA}`)).status).toBe(200);
      expect((await grant(as(owner), member, { role_id: 'viewer', scope: 'team', scope_id: teamA })).status).toBe(201);

      const elsewhere = await grant(as(owner), member, { role_id: roleIds.developer, scope: 'team', scope_id: teamB });
      expect(elsewhere.status).toBe(403);
      expect(elsewhere.body).toEqual({ detail: 'Access denied' });
      const globally = await grant(as(owner), member, { role_id: roleIds.platform_admin, scope: 'global' });
      expect(globally.status).toBe(403);
      // Nor revoke there.
      expect((await as(owner).delete(`/rbac/users/${member}/roles/viewer?scope=team&scope_id=${teamB}`)).status).toBe(403);
      expect((await as(owner).delete(`/rbac/users/${member}/roles/platform_viewer?scope=global`)).status).toBe(403);
    });

    it('never grants more than the granter holds', async () => {
      const owner = await newUser('owner');
      const dev = await newUser('dev');
      const memberManager = await newUser('mm');
      const target = await newUser('target');
      const teamId = await newTeam(owner, [dev, memberManager, target]);
      expect((await grant(admin(), dev, { role_id: roleIds.developer, scope: 'team', scope_id: teamId })).status).toBe(201);

      // A developer cannot hand out team_admin (nor anything: no teams.manage_members).
      const byDev = await grant(as(dev), target, { role_id: roleIds.team_admin, scope: 'team', scope_id: teamId });
      expect(byDev.status).toBe(403);

      // Someone who may manage members but holds little else cannot grant developer.
      const mmRole = await admin().post('/rbac/roles', {
        name: unique('member_manager'),
        scope: 'team',
        permissions: ['teams.manage_members', 'teams.read'],
      });
      expect((await grant(admin(), memberManager, { role_id: mmRole.body.id, scope: 'team', scope_id: teamId })).status).toBe(201);
      const escalation = await grant(as(memberManager), target, { role_id: roleIds.developer, scope: 'team', scope_id: teamId });
      expect(escalation.status).toBe(403);
      expect(escalation.body.detail).toMatch(/do not hold/);
      // ...but may hand on exactly what they hold,
      expect((await grant(as(memberManager), target, { role_id: mmRole.body.id, scope: 'team', scope_id: teamId })).status).toBe(201);
      // ...and may not take away what they could not give.
      expect((await as(memberManager).delete(`/rbac/users/${dev}/roles/developer?scope=team&scope_id=${teamId}`)).status).toBe(403);

      // Even a team admin cannot grant a team role carrying permissions team_admin lacks.
      const wide = await admin().post('/rbac/roles', { name: unique('wide'), scope: 'team', permissions: ['tools.read', 'users.create'] });
      expect((await grant(as(owner), target, { role_id: wide.body.id, scope: 'team', scope_id: teamId })).status).toBe(403);
      expect((await grant(admin(), target, { role_id: wide.body.id, scope: 'team', scope_id: teamId })).status).toBe(201);
    });

    it('a revoked or expired assignment stops granting on the very next request', async () => {
      const user = await newUser('dev');
      const teamId = await newTeam(null, [user]);
      const generate = () => as(user).post('/key/generate', { team_id: teamId });
      const teamPermissions = async () => (await as(user).get(`/rbac/my/permissions?team_id=${teamId}`)).body as string[];

      expect((await generate()).status).toBe(401); // a plain member may not create team keys
      const granted = await grant(admin(), user, { role_id: roleIds.developer, scope: 'team', scope_id: teamId });
      expect(granted.status).toBe(201);
      expect((await generate()).status).toBe(200);
      expect(await teamPermissions()).toContain('tools.create');

      expect((await admin().delete(`/rbac/users/${user}/roles/${roleIds.developer}?scope=team&scope_id=${teamId}`)).status).toBe(200);
      expect((await generate()).status).toBe(401);
      expect(await teamPermissions()).not.toContain('tools.create');

      const again = await grant(admin(), user, {
        role_id: roleIds.developer,
        scope: 'team',
        scope_id: teamId,
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect(again.status).toBe(201);
      expect(again.body.expires_at).toEqual(expect.any(String));
      expect((await generate()).status).toBe(200);
      await t.app
        .get(DataSource)
        .query(`UPDATE role_assignments SET expires_at = now() - interval '1 second' WHERE id = $1`, [again.body.id]);
      await cachesCaughtUp(t);
      expect((await generate()).status).toBe(401);
      expect(await teamPermissions()).not.toContain('tools.create');
      const mine = await as(user).get('/rbac/my/roles');
      expect(mine.body.map((a: { role_name: string }) => a.role_name)).not.toContain('developer');
    });

    it("lists a user's roles for themself or a user manager only", async () => {
      const user = await newUser();
      const nosy = await newUser();
      expect((await as(user).get(`/rbac/users/${user}/roles`)).status).toBe(200);
      expect((await as(nosy).get(`/rbac/users/${user}/roles`)).status).toBe(403);
      const mine = await as(user).get('/rbac/my/roles');
      expect(mine.status).toBe(200);
      expect(mine.body.map((a: { role_name: string }) => a.role_name).sort()).toEqual(['platform_viewer', 'team_admin']);
    });
  });

  describe('checks and explain', () => {
    it('shows which assignment granted a permission, and why one is denied', async () => {
      const user = await newUser('dev');
      const teamA = await newTeam(null, [user]);
      const teamB = await newTeam(null, []);
      const assignment = await grant(admin(), user, { role_id: roleIds.developer, scope: 'team', scope_id: teamA });

      const yes = await admin().post('/rbac/permissions/check', { user_email: user, permission: 'tools.create', team_id: teamA });
      expect(yes.status).toBe(200);
      expect(yes.body).toEqual(
        expect.objectContaining({
          granted: true,
          user_email: user,
          permission: 'tools.create',
          team_id: teamA,
          context: 'team',
          membership: 'member',
          reason: null,
          checked_by: ADMIN_EMAIL,
          granted_by: [{ source: 'role', assignment_id: assignment.body.id, role_name: 'developer', scope: 'team', scope_id: teamA }],
        }),
      );

      const read = await admin().post('/rbac/permissions/check', { user_email: user, permission: 'tools.read', team_id: teamA });
      expect(read.body.granted_by.map((g: { role_name: string }) => g.role_name).sort()).toEqual([
        'developer',
        'platform_viewer',
        'viewer',
      ]);

      const other = await admin().post('/rbac/permissions/check', { user_email: user, permission: 'tools.create', team_id: teamB });
      expect(other.body).toEqual(
        expect.objectContaining({ granted: false, granted_by: [], reason: 'NOT_TEAM_MEMBER', explanation: expect.any(String) }),
      );

      const any = await admin().post('/rbac/permissions/check', { user_email: user, permission: 'tools.create' });
      expect(any.body).toEqual(expect.objectContaining({ granted: true, context: 'any', team_id: null }));

      const manage = await admin().post('/rbac/permissions/check', {
        user_email: user,
        permission: 'teams.manage_members',
        team_id: teamA,
      });
      expect(manage.body).toEqual(expect.objectContaining({ granted: false, reason: 'MISSING_PERMISSION' }));

      const unknown = await admin().post('/rbac/permissions/check', { user_email: user, permission: 'tools.fly' });
      expect(unknown.body).toEqual(expect.objectContaining({ granted: false, reason: 'UNKNOWN_PERMISSION' }));

      const adminCheck = await admin().post('/rbac/permissions/check', {
        user_email: ADMIN_EMAIL,
        permission: 'gateways.delete',
        team_id: teamB,
      });
      expect(adminCheck.body).toEqual(expect.objectContaining({ granted: true, granted_by: [{ source: 'platform_admin' }] }));

      expect((await admin().post('/rbac/permissions/check', { user_email: 'ghost@example.com', permission: 'tools.read' })).status).toBe(
        404,
      );
      expect(
        (await admin().post('/rbac/permissions/check', { user_email: user, permission: 'tools.read', team_id: 'no-such-team' })).status,
      ).toBe(404);
    });

    it('anyone may check themself; checking others needs a user manager or security auditor', async () => {
      const user = await newUser();
      const nosy = await newUser();
      const self = await as(user).post('/rbac/permissions/check', { user_email: user, permission: 'teams.join' });
      expect(self.status).toBe(200);
      expect(self.body.granted).toBe(true);
      const others = await as(nosy).post('/rbac/permissions/check', { user_email: user, permission: 'teams.join' });
      expect(others.status).toBe(403);
      expect(others.body).toEqual({ detail: 'Access denied' });
      expect((await as(nosy).get(`/rbac/permissions/user/${user}`)).status).toBe(403);
    });

    it("lists a user's effective permissions: per context, and broken down by team", async () => {
      const user = await newUser('dev');
      const teamA = await newTeam(null, [user]);
      expect((await grant(admin(), user, { role_id: roleIds.developer, scope: 'team', scope_id: teamA })).status).toBe(201);

      const inA = await admin().get(`/rbac/permissions/user/${user}?team_id=${teamA}`);
      expect(inA.status).toBe(200);
      expect(inA.body).toEqual(expect.arrayContaining(['tools.create', 'gateways.create', 'teams.read']));
      expect(inA.body).not.toContain('teams.manage_members');

      const byTeam = await admin().get(`/rbac/permissions/user/${user}?by_team=true`);
      expect(byTeam.status).toBe(200);
      expect(byTeam.body.global).toContain('teams.join');
      expect(byTeam.body.global).not.toContain('tools.create');
      expect(byTeam.body.any_team).toContain('tools.create');
      const personal = byTeam.body.teams.find((x: { is_personal: boolean }) => x.is_personal);
      const team = byTeam.body.teams.find((x: { team_id: string }) => x.team_id === teamA);
      expect(personal.permissions).toContain('teams.manage_members');
      expect(team).toEqual(expect.objectContaining({ membership_role: 'member', permissions: expect.arrayContaining(['tools.create']) }));

      const adminPerms = await admin().get('/rbac/my/permissions');
      expect(adminPerms.body).toEqual(['*']);
    });

    it('my/permissions follows the team context; the catalogue is grouped by resource', async () => {
      const owner = await newUser('owner');
      const teamId = await newTeam(owner, []);
      const inTeam = await as(owner).get(`/rbac/my/permissions?team_id=${teamId}`);
      expect(inTeam.status).toBe(200);
      expect(inTeam.body).toContain('teams.manage_members');
      // Without a team: any team except the personal one, where the owner's team_admin counts.
      const anyTeam = await as(owner).get('/rbac/my/permissions');
      expect(anyTeam.body).toContain('teams.manage_members');
      const loner = await newUser();
      const lonerAny = await as(loner).get('/rbac/my/permissions');
      expect(lonerAny.body).not.toContain('tools.create');
      expect(lonerAny.body).toContain('tools.read');

      const available = await as(loner).get('/rbac/permissions/available');
      expect(available.status).toBe(200);
      expect(available.body.permissions_by_resource.tools).toEqual(expect.arrayContaining(['tools.create', 'tools.execute']));
      expect(available.body.all_permissions).toContain('logs:read');
      expect(available.body.total_count).toBe(available.body.all_permissions.length);
    });
  });

  it('every RBAC route states its decision in the OpenAPI document', async () => {
    const res = await t.http().get('/docs-json');
    expect(res.status).toBe(200);
    // Listed under ContextForge's /v1 paths (the unversioned ones are aliases).
    const paths = Object.keys(res.body.paths)
      .filter((p) => p.startsWith('/v1/rbac'))
      .map((p) => p.slice('/v1'.length));
    expect(paths.sort()).toEqual(
      [
        '/rbac/my/permissions',
        '/rbac/my/roles',
        '/rbac/permissions/available',
        '/rbac/permissions/check',
        '/rbac/permissions/user/{email}',
        '/rbac/roles',
        '/rbac/roles/{role_id}',
        '/rbac/users/{email}/roles',
        '/rbac/users/{email}/roles/{role}',
      ].sort(),
    );
    expect(res.body.paths['/v1/rbac/users/{email}/roles'].post['x-required-permission']).toEqual({
      permission: 'teams.manage_members',
      scope: 'team(body.scope_id, else any)',
    });
  });
});
