import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLitellmError, litellm } from '../../support/litellm-client.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DEFAULT_MEMBER_ROUTES = ['/key/info', '/key/health'];
/** SPEC-litellm.md "Team member permissions": the only values a team may allow its members. */
const ALL_MEMBER_ROUTES = [
  '/key/generate',
  '/key/update',
  '/key/delete',
  '/key/regenerate',
  '/key/{key_id}/regenerate',
  '/key/block',
  '/key/unblock',
  '/key/bulk_update',
  '/key/{key_id}/reset_spend',
  '/key/info',
  '/key/health',
  '/key/list',
  '/key/aliases',
];

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('LiteLLM teams (/team/*)', () => {
  let t: TestApp;
  let api: ReturnType<typeof litellm>;
  let seq = 0;
  const unique = (prefix: string) => `${prefix}_${++seq}_${Math.random().toString(16).slice(2, 8)}`;
  const adminJwt = () => userToken(ADMIN_EMAIL, { isAdmin: true });

  beforeAll(async () => {
    t = await startTestApp();
    api = litellm(t.http);
  });
  afterAll(() => t.close());

  /** A team with an admin member and a plain member, each with a personal key, plus a team key. */
  async function staffedTeam(body: object = {}) {
    const lead = unique('lead');
    const member = unique('member');
    const team = await api.newTeam({
      team_alias: unique('team'),
      members_with_roles: [
        { user_id: lead, user_email: `${lead}@example.com`, role: 'admin' },
        { user_id: member, user_email: `${member}@example.com`, role: 'user' },
      ],
      ...body,
    });
    const leadKey = (await api.adminKey({ user_id: lead })).key;
    const memberKey = (await api.adminKey({ user_id: member })).key;
    const teamKey = await api.adminKey({ team_id: team.team_id });
    return { teamId: team.team_id, lead, member, leadKey, memberKey, teamKey: teamKey.key, teamKeyHash: teamKey.token };
  }

  async function outsiderKey() {
    return (await api.newUser({ user_id: unique('outsider') })).key;
  }

  describe('POST /team/new', () => {
    it('creates a team with a generated uuid and the LiteLLM defaults', async () => {
      const res = await api.post('/team/new', MASTER_KEY, { team_alias: 'Alpha' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          team_id: expect.stringMatching(UUID),
          team_alias: 'Alpha',
          members_with_roles: [],
          team_member_permissions: DEFAULT_MEMBER_ROUTES,
          models: [],
          max_budget: null,
          spend: 0,
          metadata: {},
          blocked: false,
        }),
      );
      expect(new Date(res.body.created_at).toISOString()).toBe(res.body.created_at);
      expect(new Date(res.body.updated_at).toISOString()).toBe(res.body.updated_at);

      const other = await api.post('/team/new', MASTER_KEY, { team_alias: 'Alpha' });
      expect(other.status).toBe(200);
      expect(other.body.team_id).toMatch(UUID);
      expect(other.body.team_id).not.toBe(res.body.team_id);

      const info = await api.get(`/team/info?team_id=${res.body.team_id}`, MASTER_KEY);
      expect(info.status).toBe(200);
      expect(info.body.team_info.team_member_permissions).toEqual(DEFAULT_MEMBER_ROUTES);
    });

    it('takes a given team_id and the settings it is given; an existing team_id is a 400 that changes nothing', async () => {
      const teamId = unique('given-team');
      const body = {
        team_id: teamId,
        team_alias: 'Given',
        team_member_permissions: ['/key/generate', '/key/list'],
        models: ['gpt-4o', 'claude-3'],
        max_budget: 12.5,
        budget_duration: '30d',
        tpm_limit: 1000,
        rpm_limit: 10,
        metadata: { cost_center: 'r&d' },
      };
      const res = await api.post('/team/new', MASTER_KEY, body);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ ...body, blocked: false, spend: 0 }));

      const again = await api.post('/team/new', MASTER_KEY, { team_id: teamId, team_alias: 'Impostor', models: [] });
      expectLitellmError(again, 400, 'bad_request_error');
      expect(again.body.error.message).toContain(teamId);
      expect(again.body.error.param).toBe('team_id');

      const info = await api.get(`/team/info?team_id=${teamId}`, MASTER_KEY);
      expect(info.status).toBe(200);
      expect(info.body.team_info).toEqual(expect.objectContaining(body));
    });

    it('refuses unknown team_member_permissions values (400, as LiteLLM; 422 for a wrong type) and creates nothing', async () => {
      const teamId = unique('bad-perms');
      for (const [permissions, status] of [
        [['/key/generate', '/team/delete'], 400],
        [['keys.generate'], 400],
        [['/key/info', 42], 422],
      ] as const) {
        const res = await api.post('/team/new', MASTER_KEY, { team_id: teamId, team_member_permissions: permissions });
        expectLitellmError(res, status, 'bad_request_error');
        expect(res.body.error.message).toContain('team_member_permissions');
        expect(res.body.error.param).toBe('team_member_permissions');
      }
      const update = await api.post('/team/permissions_update', MASTER_KEY, {
        team_id: (await api.newTeam({})).team_id,
        team_member_permissions: ['/key/nope'],
      });
      expectLitellmError(update, 400, 'bad_request_error');
      expectLitellmError(await api.get(`/team/info?team_id=${teamId}`, MASTER_KEY), 404, 'not_found_error');
    });

    it('adds members_with_roles, creating unknown users as internal_user', async () => {
      const existing = await api.newUser({ user_id: unique('existing'), auto_create_key: false });
      const fresh = unique('fresh');
      const email = `${unique('byemail')}@example.com`;
      const res = await api.post('/team/new', MASTER_KEY, {
        members_with_roles: [
          { user_id: existing.user_id, role: 'admin' },
          { user_id: fresh, role: 'user' },
          { user_email: email, role: 'user' },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.members_with_roles).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ user_id: existing.user_id, role: 'admin' }),
          expect.objectContaining({ user_id: fresh, role: 'user' }),
          expect.objectContaining({ user_email: email, role: 'user' }),
        ]),
      );
      expect(res.body.members_with_roles).toHaveLength(3);
      for (const userId of [fresh, email]) {
        const info = await api.get(`/user/info?user_id=${encodeURIComponent(userId)}`, MASTER_KEY);
        expect(info.status).toBe(200);
        expect(info.body.user_info.user_role).toBe('internal_user');
        expect(info.body.teams.map((x: { team_id: string }) => x.team_id)).toEqual([res.body.team_id]);
      }
    });

    it('is for proxy admins: users, by key or by JWT, get 401 auth_error; a proxy_admin user may', async () => {
      const email = `${unique('plain')}@example.com`;
      const plain = await api.newUser({ user_email: email });
      for (const credential of [plain.key, userToken(email)]) {
        const res = await api.post('/team/new', credential, { team_alias: 'Nope' });
        expectLitellmError(res, 401, 'auth_error');
        expect(res.body.error.message).toContain('Only proxy admin');
      }
      const list = await api.get('/team/list', MASTER_KEY);
      expect(list.body.map((team: { team_alias: string }) => team.team_alias)).not.toContain('Nope');

      const proxyAdmin = await api.newUser({ user_id: unique('padmin'), user_role: 'proxy_admin' });
      const made = await api.post('/team/new', proxyAdmin.key, { team_alias: 'By a proxy admin' });
      expect(made.status).toBe(200);
      expect(made.body.team_id).toMatch(UUID);
    });

    it('answers bad bodies with 400/422 in the LiteLLM envelope, never 500', async () => {
      const malformed = await t
        .http()
        .post('/team/new')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .set('Content-Type', 'application/json')
        .send('{"team_alias": ');
      expectLitellmError(malformed, 400);
      for (const [body, field] of [
        [{ team_alias: 123 }, 'team_alias'],
        [{ max_budget: 'lots' }, 'max_budget'],
        [{ tpm_limit: 1.5 }, 'tpm_limit'],
        [{ models: 'gpt-4o' }, 'models'],
        [{ metadata: 'x' }, 'metadata'],
        [{ blocked: 'yes' }, 'blocked'],
        [{ members_with_roles: 'alice' }, 'members_with_roles'],
        [{ members_with_roles: [{ user_id: 'x', role: 'owner' }] }, 'role'],
        [{ team_member_permissions: '/key/info' }, 'team_member_permissions'],
        [{ budget_duration: 'forever' }, 'budget_duration'],
      ] as const) {
        const res = await api.post('/team/new', MASTER_KEY, body);
        expectLitellmError(res, [400, 422], 'bad_request_error');
        expect({ body, message: res.body.error.message }).toEqual({ body, message: expect.stringContaining(field) });
      }
      // Unknown fields are ignored, never applied (as LiteLLM does).
      const ignored = await api.post('/team/new', MASTER_KEY, { team_alias: unique('ignored'), no_such_field: true });
      expect(ignored.status).toBe(200);
      expect(ignored.body).not.toHaveProperty('no_such_field');
    });
  });

  describe('GET /team/info', () => {
    it('a team key without an owner reads its own team, and no other team', async () => {
      const mine = await api.newTeam({ team_alias: unique('service') });
      const other = await api.newTeam({ team_alias: unique('other') });
      const serviceKey = await api.adminKey({ team_id: mine.team_id });
      expect(serviceKey.user_id).toBeNull();
      const own = await api.get(`/team/info?team_id=${mine.team_id}`, serviceKey.key);
      expect(own.status).toBe(200);
      expect(own.body.team_id).toBe(mine.team_id);
      expectLitellmError(await api.get(`/team/info?team_id=${other.team_id}`, serviceKey.key), 403, 'auth_error');
      const update = await api.post('/team/update', serviceKey.key, { team_id: mine.team_id, team_alias: 'renamed' });
      expect([401, 403]).toContain(update.status);
    });

    it('needs team_id (422), answers 404 for an unknown team', async () => {
      const missing = await api.get('/team/info', MASTER_KEY);
      expectLitellmError(missing, 422, 'bad_request_error');
      expect(missing.body.error.param).toBe('team_id');
      const unknown = await api.get(`/team/info?team_id=${unique('nope')}`, MASTER_KEY);
      expectLitellmError(unknown, 404, 'not_found_error');
    });

    it('shows members the team, its keys without hashes and its memberships; non-members get 403', async () => {
      const team = await staffedTeam();
      for (const credential of [MASTER_KEY, team.memberKey, team.leadKey, userToken(`${team.member}@example.com`)]) {
        const res = await api.get(`/team/info?team_id=${team.teamId}`, credential);
        expect(res.status).toBe(200);
        expect(res.body.team_id).toBe(team.teamId);
        expect(res.body.team_info).toEqual(
          expect.objectContaining({ team_id: team.teamId, team_member_permissions: DEFAULT_MEMBER_ROUTES, blocked: false }),
        );
        expect(res.body.team_memberships).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ team_id: team.teamId, user_id: team.lead, role: 'admin' }),
            expect.objectContaining({ team_id: team.teamId, user_id: team.member, role: 'user' }),
          ]),
        );
        expect(res.body.keys).toHaveLength(1);
        expect(res.body.keys[0]).toEqual(expect.objectContaining({ team_id: team.teamId, key_name: `sk-...${team.teamKey.slice(-4)}` }));
        // Neither the raw key nor its hash leaves the server.
        const serialized = JSON.stringify(res.body);
        expect(serialized).not.toContain(team.teamKey);
        expect(serialized).not.toContain(team.teamKeyHash);
        expect(serialized).not.toContain(sha256(team.teamKey));
      }

      for (const credential of [await outsiderKey(), (await staffedTeam()).leadKey]) {
        const res = await api.get(`/team/info?team_id=${team.teamId}`, credential);
        expectLitellmError(res, 403);
      }
    });
  });

  describe('GET /team/list', () => {
    it('lists every team for admins and only their own teams for users, never personal teams', async () => {
      const a = await staffedTeam();
      const b = await staffedTeam();
      const all = await api.get('/team/list', MASTER_KEY);
      expect(all.status).toBe(200);
      const ids = all.body.map((team: { team_id: string }) => team.team_id);
      expect(ids).toEqual(expect.arrayContaining([a.teamId, b.teamId]));
      expect(all.body.every((team: { team_member_permissions: string[] }) => Array.isArray(team.team_member_permissions))).toBe(true);

      const mine = await api.get('/team/list', a.memberKey);
      expect(mine.status).toBe(200);
      expect(mine.body.map((team: { team_id: string }) => team.team_id)).toEqual([a.teamId]);
      expect(mine.body[0].members_with_roles).toEqual(
        expect.arrayContaining([expect.objectContaining({ user_id: a.member, role: 'user' })]),
      );

      // Every user has a personal team (ContextForge); LiteLLM listings never show one.
      const cfTeams = await t
        .http()
        .get('/teams/')
        .set('Authorization', `Bearer ${userToken(`${a.member}@example.com`)}`);
      const personal = cfTeams.body.teams.find((team: { is_personal: boolean }) => team.is_personal);
      expect(personal).toBeDefined();
      expect(ids).not.toContain(personal.id);

      const none = await api.get('/team/list', await outsiderKey());
      expect(none.status).toBe(200);
      expect(none.body).toEqual([]);
    });
  });

  describe('POST /team/update', () => {
    it('changes what it is given and answers {team_id, data}', async () => {
      const team = await staffedTeam({ models: ['gpt-4o'], metadata: { old: true } });
      const res = await api.post('/team/update', MASTER_KEY, {
        team_id: team.teamId,
        team_alias: 'Renamed',
        metadata: { new: true },
        max_budget: 99,
        team_member_permissions: ['/key/list'],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        team_id: team.teamId,
        data: expect.objectContaining({
          team_id: team.teamId,
          team_alias: 'Renamed',
          metadata: { new: true },
          max_budget: 99,
          models: ['gpt-4o'],
          team_member_permissions: ['/key/list'],
        }),
      });
      const info = await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY);
      expect(info.body.team_info).toEqual(
        expect.objectContaining({ team_alias: 'Renamed', metadata: { new: true }, max_budget: 99, models: ['gpt-4o'] }),
      );
    });

    it('lets team admins update, refuses plain members and outsiders, 404s unknown teams, validates the body', async () => {
      const team = await staffedTeam();
      const byLead = await api.post('/team/update', team.leadKey, { team_id: team.teamId, team_alias: 'Lead was here' });
      expect(byLead.status).toBe(200);
      expect(byLead.body.data.team_alias).toBe('Lead was here');

      for (const credential of [team.memberKey, await outsiderKey()]) {
        const res = await api.post('/team/update', credential, { team_id: team.teamId, team_alias: 'Hijacked' });
        expectLitellmError(res, [401, 403]);
      }
      const info = await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY);
      expect(info.body.team_info.team_alias).toBe('Lead was here');

      expectLitellmError(await api.post('/team/update', MASTER_KEY, { team_id: unique('ghost'), team_alias: 'x' }), 404, 'not_found_error');
      for (const body of [
        { team_alias: 'no id' },
        { team_id: team.teamId, max_budget: 'lots' },
        { team_id: team.teamId, team_member_permissions: ['/team/delete'] },
      ]) {
        expectLitellmError(await api.post('/team/update', MASTER_KEY, body), [400, 422], 'bad_request_error');
      }
      // Fields /team/update does not declare (members change through /team/member_*) are ignored, never applied.
      const before = (await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY)).body.team_info.members_with_roles;
      expect((await api.post('/team/update', MASTER_KEY, { team_id: team.teamId, members_with_roles: [], bogus: 1 })).status).toBe(200);
      expect((await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY)).body.team_info.members_with_roles).toEqual(before);
    });
  });

  describe('POST /team/delete', () => {
    it('deletes the team with its keys and memberships: its keys stop authenticating at once', async () => {
      const team = await staffedTeam();
      expect((await api.get('/key/info', team.teamKey)).status).toBe(200);

      const res = await api.post('/team/delete', MASTER_KEY, { team_ids: [team.teamId] });
      expect(res.status).toBe(200);
      expect(res.body.deleted_teams).toEqual([team.teamId]);

      expectLitellmError(await api.get('/key/info', team.teamKey), 401, 'token_not_found_in_db');
      expectLitellmError(await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY), 404, 'not_found_error');
      const member = await api.get(`/user/info?user_id=${team.member}`, MASTER_KEY);
      expect(member.status).toBe(200);
      expect(member.body.teams).toEqual([]);
      // The members themselves and their personal keys survive.
      expect((await api.get('/key/info', team.memberKey)).status).toBe(200);
      expect((await api.get('/team/list', team.memberKey)).body).toEqual([]);
    });

    it('is all or nothing (an unknown id is a 404 and nothing is deleted), and only for proxy admins', async () => {
      const team = await staffedTeam();
      const partial = await api.post('/team/delete', MASTER_KEY, { team_ids: [team.teamId, unique('ghost')] });
      expectLitellmError(partial, 404, 'not_found_error');
      expect((await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY)).status).toBe(200);

      for (const credential of [team.leadKey, team.memberKey]) {
        expectLitellmError(await api.post('/team/delete', credential, { team_ids: [team.teamId] }), 401, 'auth_error');
      }
      expect((await api.get('/key/info', team.teamKey)).status).toBe(200);
      expectLitellmError(await api.post('/team/delete', MASTER_KEY, { team_ids: [] }), [400, 422], 'bad_request_error');
      expectLitellmError(await api.post('/team/delete', MASTER_KEY, { team_ids: team.teamId }), [400, 422], 'bad_request_error');
    });
  });

  describe('POST /team/block and /team/unblock', () => {
    it("refuses a blocked team's keys (401) until it is unblocked; other keys keep working", async () => {
      const team = await staffedTeam();
      const blocked = await api.post('/team/block', MASTER_KEY, { team_id: team.teamId });
      expect(blocked.status).toBe(200);
      expect(blocked.body).toEqual(expect.objectContaining({ team_id: team.teamId, blocked: true }));

      const refused = await api.get('/key/info', team.teamKey);
      expectLitellmError(refused, 401, 'auth_error');
      expect((await api.get('/key/info', team.memberKey)).status).toBe(200);
      expect((await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY)).body.team_info.blocked).toBe(true);

      const unblocked = await api.post('/team/unblock', MASTER_KEY, { team_id: team.teamId });
      expect(unblocked.status).toBe(200);
      expect(unblocked.body.blocked).toBe(false);
      expect((await api.get('/key/info', team.teamKey)).status).toBe(200);
    });

    it('is for proxy admins only (401 auth_error, team admins included); unknown teams are 404', async () => {
      const team = await staffedTeam();
      for (const path of ['/team/block', '/team/unblock']) {
        for (const credential of [team.leadKey, team.memberKey]) {
          expectLitellmError(await api.post(path, credential, { team_id: team.teamId }), 401, 'auth_error');
        }
        expectLitellmError(await api.post(path, MASTER_KEY, { team_id: unique('ghost') }), 404, 'not_found_error');
        expectLitellmError(await api.post(path, MASTER_KEY, {}), [400, 422], 'bad_request_error');
      }
      expect((await api.get('/key/info', team.teamKey)).status).toBe(200);
    });
  });

  describe('team member permissions', () => {
    it('permissions_list shows the allowed and the available routes to admins and team admins only', async () => {
      const team = await staffedTeam();
      for (const credential of [MASTER_KEY, team.leadKey]) {
        const res = await api.get(`/team/permissions_list?team_id=${team.teamId}`, credential);
        expect(res.status).toBe(200);
        expect(res.body.team_id).toBe(team.teamId);
        expect(res.body.team_member_permissions).toEqual(DEFAULT_MEMBER_ROUTES);
        expect([...res.body.all_available_permissions].sort()).toEqual([...ALL_MEMBER_ROUTES].sort());
      }
      for (const credential of [team.memberKey, await outsiderKey()]) {
        expectLitellmError(await api.get(`/team/permissions_list?team_id=${team.teamId}`, credential), [401, 403]);
      }
      expectLitellmError(await api.get(`/team/permissions_list?team_id=${unique('ghost')}`, MASTER_KEY), 404, 'not_found_error');
      expectLitellmError(await api.get('/team/permissions_list', MASTER_KEY), 422, 'bad_request_error');
    });

    it('permissions_update is for admins and team admins, validates the routes, and takes effect at once', async () => {
      const team = await staffedTeam();
      // Before: a plain member may not create team keys.
      expectLitellmError(await api.generate(team.memberKey, { team_id: team.teamId }), 401, 'team_member_permission_error');

      const denied = await api.post('/team/permissions_update', team.memberKey, {
        team_id: team.teamId,
        team_member_permissions: ['/key/generate'],
      });
      expectLitellmError(denied, [401, 403]);
      const bad = await api.post('/team/permissions_update', MASTER_KEY, {
        team_id: team.teamId,
        team_member_permissions: ['/key/generate', '/user/new'],
      });
      expectLitellmError(bad, [400, 422], 'bad_request_error');
      expect((await api.get(`/team/permissions_list?team_id=${team.teamId}`, MASTER_KEY)).body.team_member_permissions).toEqual(
        DEFAULT_MEMBER_ROUTES,
      );

      const byLead = await api.post('/team/permissions_update', team.leadKey, {
        team_id: team.teamId,
        team_member_permissions: ['/key/generate', '/key/info'],
      });
      expect(byLead.status).toBe(200);
      expect(byLead.body.team_member_permissions).toEqual(['/key/generate', '/key/info']);
      const created = await api.generate(team.memberKey, { team_id: team.teamId });
      expect(created.status).toBe(200);
      expect(created.body).toEqual(expect.objectContaining({ team_id: team.teamId, user_id: team.member }));

      // Empty means the default again.
      const reset = await api.post('/team/permissions_update', MASTER_KEY, { team_id: team.teamId, team_member_permissions: [] });
      expect(reset.status).toBe(200);
      expect(reset.body.team_member_permissions).toEqual(DEFAULT_MEMBER_ROUTES);
      expectLitellmError(await api.generate(team.memberKey, { team_id: team.teamId }), 401, 'team_member_permission_error');
    });
  });

  describe('POST /team/member_add', () => {
    it('adds one member or a list, creating unknown users as internal_user', async () => {
      const team = await staffedTeam();
      const single = unique('single');
      const one = await api.post('/team/member_add', MASTER_KEY, { team_id: team.teamId, member: { user_id: single, role: 'user' } });
      expect(one.status).toBe(200);
      expect(one.body.team_id).toBe(team.teamId);
      expect(one.body.updated_users).toEqual([expect.objectContaining({ user_id: single })]);
      expect(one.body.members_with_roles).toEqual(expect.arrayContaining([expect.objectContaining({ user_id: single, role: 'user' })]));

      const existing = await api.newUser({ user_id: unique('known'), auto_create_key: false });
      const email = `${unique('listed')}@example.com`;
      const many = await api.post('/team/member_add', MASTER_KEY, {
        team_id: team.teamId,
        member: [
          { user_id: existing.user_id, role: 'admin' },
          { user_email: email, role: 'user' },
        ],
      });
      expect(many.status).toBe(200);
      expect(many.body.updated_users).toEqual([
        expect.objectContaining({ user_id: existing.user_id }),
        expect.objectContaining({ user_email: email }),
      ]);
      expect(many.body.members_with_roles).toHaveLength(5);
      expect(many.body.members_with_roles).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ user_id: existing.user_id, role: 'admin' }),
          expect.objectContaining({ user_email: email, role: 'user' }),
        ]),
      );
      for (const userId of [single, email]) {
        const info = await api.get(`/user/info?user_id=${encodeURIComponent(userId)}`, MASTER_KEY);
        expect(info.status).toBe(200);
        expect(info.body.user_info.user_role).toBe('internal_user');
        expect(info.body.teams.map((x: { team_id: string }) => x.team_id)).toContain(team.teamId);
      }
      // The new admin manages the team from the next request on.
      const adminKey = (await api.adminKey({ user_id: existing.user_id })).key;
      const byNewAdmin = await api.post('/team/member_add', adminKey, {
        team_id: team.teamId,
        member: { user_id: unique('late'), role: 'user' },
      });
      expect(byNewAdmin.status).toBe(200);
    });

    it('refuses members already in the team (400 team_member_already_in_team) without adding the others', async () => {
      const team = await staffedTeam();
      const dup = await api.post('/team/member_add', MASTER_KEY, { team_id: team.teamId, member: { user_id: team.member, role: 'user' } });
      expectLitellmError(dup, 400, 'team_member_already_in_team');

      const newcomer = unique('newcomer');
      const mixed = await api.post('/team/member_add', MASTER_KEY, {
        team_id: team.teamId,
        member: [
          { user_id: newcomer, role: 'user' },
          { user_id: team.lead, role: 'admin' },
        ],
      });
      expectLitellmError(mixed, 400, 'team_member_already_in_team');
      const info = await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY);
      expect(info.body.team_memberships.map((m: { user_id: string }) => m.user_id)).not.toContain(newcomer);
      expect(info.body.team_memberships).toHaveLength(2);
    });

    it('lets team admins add members and refuses plain members and outsiders; validates the body', async () => {
      const team = await staffedTeam();
      const byLead = await api.post('/team/member_add', team.leadKey, {
        team_id: team.teamId,
        member: { user_id: unique('via_lead'), role: 'user' },
      });
      expect(byLead.status).toBe(200);

      for (const credential of [team.memberKey, userToken(`${team.member}@example.com`), await outsiderKey()]) {
        const res = await api.post('/team/member_add', credential, {
          team_id: team.teamId,
          member: { user_id: unique('sneaky'), role: 'admin' },
        });
        expectLitellmError(res, 403);
      }
      const info = await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY);
      expect(info.body.team_memberships).toHaveLength(3);

      // Everyone is team admin of their own personal team, which still never gets other members.
      const cfTeams = await t
        .http()
        .get('/teams/')
        .set('Authorization', `Bearer ${userToken(`${team.member}@example.com`)}`);
      const personal = cfTeams.body.teams.find((x: { is_personal: boolean }) => x.is_personal);
      const intoPersonal = await api.post('/team/member_add', team.memberKey, {
        team_id: personal.id,
        member: { user_id: unique('guest'), role: 'user' },
      });
      expectLitellmError(intoPersonal, 400, 'bad_request_error');
      const personalMembers = await t.http().get(`/teams/${personal.id}/members`).set('Authorization', `Bearer ${adminJwt()}`);
      expect(personalMembers.body.map((m: { user_email: string }) => m.user_email)).toEqual([`${team.member}@example.com`]);

      expectLitellmError(
        await api.post('/team/member_add', MASTER_KEY, { team_id: unique('ghost'), member: { user_id: unique('x'), role: 'user' } }),
        404,
        'not_found_error',
      );
      for (const body of [
        { team_id: team.teamId },
        { team_id: team.teamId, member: [] },
        { team_id: team.teamId, member: { user_id: 'x', role: 'owner' } },
        { team_id: team.teamId, member: { user_email: 'not-an-email', role: 'user' } },
        { team_id: team.teamId, member: { role: 'user' } },
        { team_id: team.teamId, member: 'alice' },
      ]) {
        const res = await api.post('/team/member_add', MASTER_KEY, body);
        expectLitellmError(res, [400, 422], 'bad_request_error');
      }
    });
  });

  describe('POST /team/member_delete', () => {
    it('removes a member (by user_id or email): they lose access to the team at once', async () => {
      const team = await staffedTeam();
      expect((await api.get(`/team/info?team_id=${team.teamId}`, team.memberKey)).status).toBe(200);
      const res = await api.post('/team/member_delete', MASTER_KEY, { team_id: team.teamId, user_id: team.member });
      expect(res.status).toBe(200);
      expect(res.body.members_with_roles.map((m: { user_id: string }) => m.user_id)).toEqual([team.lead]);
      expectLitellmError(await api.get(`/team/info?team_id=${team.teamId}`, team.memberKey), 403);
      expect((await api.get(`/user/info?user_id=${team.member}`, MASTER_KEY)).body.teams).toEqual([]);

      const other = await staffedTeam();
      const byEmail = await api.post('/team/member_delete', other.leadKey, {
        team_id: other.teamId,
        user_email: `${other.member}@example.com`,
      });
      expect(byEmail.status).toBe(200);
      expect(byEmail.body.members_with_roles.map((m: { user_id: string }) => m.user_id)).toEqual([other.lead]);
    });

    it('refuses plain members; not a member is a 400', async () => {
      const team = await staffedTeam();
      expectLitellmError(await api.post('/team/member_delete', team.memberKey, { team_id: team.teamId, user_id: team.lead }), 403);
      const stranger = await api.newUser({ user_id: unique('stranger'), auto_create_key: false });
      for (const body of [{ user_id: stranger.user_id }, { user_id: unique('nobody') }]) {
        const res = await api.post('/team/member_delete', MASTER_KEY, { team_id: team.teamId, ...body });
        expectLitellmError(res, 400, 'bad_request_error');
      }
      const info = await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY);
      expect(info.body.team_memberships).toHaveLength(2);
    });
  });

  describe('POST /team/member_update', () => {
    it('changes the role, effective on the next request; sets max_budget_in_team; not a member is a 400', async () => {
      const team = await staffedTeam();
      const add = (key: string) =>
        api.post('/team/member_add', key, { team_id: team.teamId, member: { user_id: unique('probe'), role: 'user' } });
      expectLitellmError(await add(team.memberKey), 403);

      const promoted = await api.post('/team/member_update', team.leadKey, {
        team_id: team.teamId,
        user_id: team.member,
        role: 'admin',
        max_budget_in_team: 5,
      });
      expect(promoted.status).toBe(200);
      expect(promoted.body).toEqual(
        expect.objectContaining({ team_id: team.teamId, user_id: team.member, role: 'admin', max_budget_in_team: 5 }),
      );
      expect((await add(team.memberKey)).status).toBe(200);
      const info = await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY);
      expect(info.body.team_memberships).toEqual(
        expect.arrayContaining([expect.objectContaining({ user_id: team.member, role: 'admin', max_budget_in_team: 5 })]),
      );

      const demoted = await api.post('/team/member_update', MASTER_KEY, { team_id: team.teamId, user_id: team.member, role: 'user' });
      expect(demoted.status).toBe(200);
      expect(demoted.body.role).toBe('user');
      expectLitellmError(await add(team.memberKey), 403);

      const outsider = await api.newUser({ user_id: unique('outside'), auto_create_key: false });
      expectLitellmError(
        await api.post('/team/member_update', MASTER_KEY, { team_id: team.teamId, user_id: outsider.user_id, role: 'admin' }),
        400,
        'bad_request_error',
      );
      expectLitellmError(
        await api.post('/team/member_update', team.memberKey, { team_id: team.teamId, user_id: team.member, role: 'admin' }),
        403,
      );
      expectLitellmError(
        await api.post('/team/member_update', MASTER_KEY, { team_id: team.teamId, user_id: team.member, role: 'owner' }),
        [400, 422],
        'bad_request_error',
      );
    });
  });

  describe('one team behind both surfaces', () => {
    it('a /team/new team is a ContextForge team; LiteLLM admin is ContextForge owner and user is member', async () => {
      const team = await staffedTeam({ team_alias: 'Shared Team' });
      const cf = await t.http().get(`/teams/${team.teamId}`).set('Authorization', `Bearer ${adminJwt()}`);
      expect(cf.status).toBe(200);
      expect(cf.body).toEqual(expect.objectContaining({ id: team.teamId, name: 'Shared Team', is_personal: false, member_count: 2 }));

      const members = await t.http().get(`/teams/${team.teamId}/members`).set('Authorization', `Bearer ${adminJwt()}`);
      expect(members.status).toBe(200);
      const roles = Object.fromEntries(members.body.map((m: { user_email: string; role: string }) => [m.user_email, m.role]));
      expect(roles).toEqual({ [`${team.lead}@example.com`]: 'owner', [`${team.member}@example.com`]: 'member' });

      // And back: a ContextForge role change is a LiteLLM role change.
      const changed = await t
        .http()
        .put(`/teams/${team.teamId}/members/${team.member}@example.com`)
        .set('Authorization', `Bearer ${adminJwt()}`)
        .send({ role: 'owner' });
      expect(changed.status).toBe(200);
      const info = await api.get(`/team/info?team_id=${team.teamId}`, MASTER_KEY);
      expect(info.body.team_info.members_with_roles).toEqual(
        expect.arrayContaining([expect.objectContaining({ user_id: team.member, role: 'admin' })]),
      );
    });
  });
});
