import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { expectLitellmError, litellm } from '../../support/litellm-client.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/**
 * LiteLLM's documented `/team/*` request bodies, sent verbatim (docs.litellm.ai: team budgets, model aliases, team
 * member permissions, guardrails, object permissions), and the shapes its clients read back; plus the routes
 * `/v2/team/list` and `/team/available`.
 */
describe('LiteLLM teams, as LiteLLM documents them', () => {
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

  const TEAM_SHAPE = {
    team_id: expect.any(String),
    members_with_roles: expect.any(Array),
    team_member_permissions: expect.any(Array),
    models: expect.any(Array),
    spend: expect.any(Number),
    metadata: expect.any(Object),
    model_aliases: expect.any(Object),
    tags: expect.any(Array),
    guardrails: expect.any(Array),
    blocked: expect.any(Boolean),
    created_at: expect.any(String),
    updated_at: expect.any(String),
  };

  describe('POST /team/new', () => {
    it('takes the documented members example', async () => {
      const res = await api.post('/team/new', MASTER_KEY, {
        team_alias: 'my-new-team_2',
        members_with_roles: [
          { role: 'admin', user_id: 'user-1234' },
          { role: 'user', user_id: 'user-2434' },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ ...TEAM_SHAPE, team_alias: 'my-new-team_2', max_budget: null }));
      expect(res.body.members_with_roles).toEqual([
        { user_id: 'user-1234', user_email: null, role: 'admin' },
        { user_id: 'user-2434', user_email: null, role: 'user' },
      ]);
    });

    it('takes the documented budget example', async () => {
      const res = await api.post('/team/new', MASTER_KEY, { team_alias: 'QA Prod Bot', max_budget: 0.000000001, budget_duration: '1d' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ max_budget: 0.000000001, budget_duration: '1d' }));
    });

    it('stores and returns model_aliases, tags, guardrails, object_permission, member defaults, and ignores what it does not apply', async () => {
      const body = {
        team_alias: 'my-new-team_4',
        model_aliases: { 'gpt-4-team': 'gpt-4' },
        tags: ['teamA'],
        guardrails: ['aporia-pre-guard', 'aporia-post-guard'],
        object_permission: { mcp_servers: ['server_1'], vector_stores: ['vs_1'] },
        team_member_budget: 10,
        team_member_rpm_limit: 5,
        team_member_tpm_limit: 1000,
        team_member_permissions: ['/key/generate', '/key/update'],
        admins: [],
        members: [],
        soft_budget: 5,
        model_rpm_limit: { 'gpt-4': 10 },
        model_tpm_limit: { 'gpt-4': 1000 },
        rpm_limit_type: 'best_effort_throughput',
        tpm_limit_type: 'guaranteed_throughput',
        team_member_key_duration: '7d',
        team_member_budget_duration: '30d',
        prompts: [],
        policies: [],
        router_settings: {},
        secret_manager_settings: { aws_region_name: 'us-east-1' },
        allowed_passthrough_routes: [],
        disable_global_guardrails: false,
        default_team_member_models: ['gpt-4'],
        access_group_ids: [],
        budget_limits: [],
        allowed_vector_store_indexes: [],
        enforced_file_expires_after: {},
        enforced_batch_output_expires_after: {},
      };
      const res = await api.post('/team/new', MASTER_KEY, body);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          model_aliases: { 'gpt-4-team': 'gpt-4' },
          tags: ['teamA'],
          guardrails: ['aporia-pre-guard', 'aporia-post-guard'],
          object_permission: { mcp_servers: ['server_1'], vector_stores: ['vs_1'] },
          team_member_budget: 10,
          team_member_rpm_limit: 5,
          team_member_tpm_limit: 1000,
          team_member_permissions: ['/key/generate', '/key/update'],
          organization_id: null,
        }),
      );
      // Secrets are never kept or echoed.
      expect(JSON.stringify(res.body)).not.toContain('us-east-1');
      const info = await api.get(`/team/info?team_id=${res.body.team_id}`, MASTER_KEY);
      expect(info.body.team_info).toEqual(expect.objectContaining({ model_aliases: { 'gpt-4-team': 'gpt-4' }, tags: ['teamA'] }));
    });

    it('still checks types of declared fields (422 in the LiteLLM envelope)', async () => {
      for (const body of [
        { model_aliases: 'x' },
        { tags: 'x' },
        { team_member_budget: 'x' },
        { rpm_limit_type: 'fast' },
        { guardrails: [1] },
      ]) {
        expectLitellmError(await api.post('/team/new', MASTER_KEY, body), [400, 422], 'bad_request_error');
      }
    });

    it('gives teams without an alias unique internal names: litellm-dashboard and litellm_dashboard_<uuid> both exist', async () => {
      const suffix = randomUUID();
      const ids = [`litellm-dashboard`, `litellm_dashboard_${suffix}`, `litellm.dashboard.${suffix}`];
      for (const teamId of ids) {
        const res = await api.post('/team/new', MASTER_KEY, { team_id: teamId });
        expect({ teamId, status: res.status, body: res.body }).toEqual({
          teamId,
          status: 200,
          body: expect.objectContaining({ team_id: teamId }),
        });
      }
      // The same alias twice is fine on LiteLLM too.
      for (let i = 0; i < 2; i++) expect((await api.post('/team/new', MASTER_KEY, { team_alias: 'twice' })).status).toBe(200);
      expectLitellmError(await api.post('/team/new', MASTER_KEY, { team_id: 'litellm-dashboard' }), 400);
    });
  });

  describe('POST /team/update', () => {
    it('takes the documented examples and returns {team_id, data}', async () => {
      const team = await api.newTeam({ team_alias: unique('upd') });
      const tpm = await api.post('/team/update', MASTER_KEY, { team_id: team.team_id, tpm_limit: 100 });
      expect(tpm.status).toBe(200);
      expect(tpm.body).toEqual({ team_id: team.team_id, data: expect.objectContaining({ ...TEAM_SHAPE, tpm_limit: 100 }) });
      const budget = await api.post('/team/update', MASTER_KEY, { team_id: team.team_id, max_budget: 10 });
      expect(budget.body.data.max_budget).toBe(10);
      const more = await api.post('/team/update', MASTER_KEY, {
        team_id: team.team_id,
        model_aliases: { 'claude-team': 'claude-3' },
        tags: ['prod'],
        guardrails: ['pii-mask'],
        object_permission: { vector_stores: ['vs_2'] },
        team_member_budget: 3,
        soft_budget: 1,
      });
      expect(more.status).toBe(200);
      expect(more.body.data).toEqual(
        expect.objectContaining({
          model_aliases: { 'claude-team': 'claude-3' },
          tags: ['prod'],
          guardrails: ['pii-mask'],
          object_permission: { vector_stores: ['vs_2'] },
          team_member_budget: 3,
          tpm_limit: 100,
        }),
      );
    });

    it('lets team admins change tags and member defaults, but not object_permission or guardrails imposed on the team', async () => {
      const lead = unique('lead');
      const team = await api.newTeam({
        team_alias: unique('imposed'),
        members_with_roles: [{ role: 'admin', user_id: lead }],
        guardrails: ['pii-mask'],
        object_permission: { mcp_servers: ['server_1'] },
      });
      const leadKey = (await api.adminKey({ user_id: lead })).key;
      const ok = await api.post('/team/update', leadKey, {
        team_id: team.team_id,
        tags: ['mine'],
        team_member_budget: 1,
        guardrails: ['pii-mask', 'extra'],
      });
      expect(ok.status).toBe(200);
      for (const body of [{ object_permission: { mcp_servers: ['server_1', 'server_2'] } }, { guardrails: [] }]) {
        expectLitellmError(await api.post('/team/update', leadKey, { team_id: team.team_id, ...body }), [401, 403]);
      }
      const info = await api.get(`/team/info?team_id=${team.team_id}`, MASTER_KEY);
      expect(info.body.team_info).toEqual(
        expect.objectContaining({ guardrails: ['pii-mask', 'extra'], object_permission: { mcp_servers: ['server_1'] }, tags: ['mine'] }),
      );
    });

    it('refuses a team_id planted in the query that differs from the body (400), changing nothing', async () => {
      const mine = await api.newTeam({ team_alias: unique('mine') });
      const other = await api.newTeam({ team_alias: unique('other') });
      const res = await t
        .http()
        .post(`/team/update?team_id=${other.team_id}`)
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .send({ team_id: mine.team_id, tags: ['planted'] });
      expectLitellmError(res, 400);
      for (const id of [mine.team_id, other.team_id]) {
        expect((await api.get(`/team/info?team_id=${id}`, MASTER_KEY)).body.team_info.tags).toEqual([]);
      }
    });
  });

  describe('POST /team/member_add', () => {
    it('takes the documented example; team-level max_budget_in_team applies to members without their own', async () => {
      const team = await api.newTeam({ team_alias: unique('madd') });
      const res = await api.post('/team/member_add', MASTER_KEY, {
        team_id: team.team_id,
        member: { role: 'user', user_id: 'krrish247652@berri.ai' },
        max_budget_in_team: 7,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ ...TEAM_SHAPE, team_id: team.team_id, updated_users: expect.any(Array) }));
      expect(res.body.members_with_roles).toContainEqual(expect.objectContaining({ user_id: 'krrish247652@berri.ai', role: 'user' }));
      const info = await api.get(`/team/info?team_id=${team.team_id}`, MASTER_KEY);
      expect(info.body.team_memberships).toContainEqual(
        expect.objectContaining({ user_id: 'krrish247652@berri.ai', max_budget_in_team: 7 }),
      );
    });

    it('uses the team_member_budget as the default budget in the team', async () => {
      const team = await api.newTeam({ team_alias: unique('tmb'), team_member_budget: 4 });
      const user = unique('budgeted');
      expect(
        (await api.post('/team/member_add', MASTER_KEY, { team_id: team.team_id, member: [{ role: 'user', user_id: user }] })).status,
      ).toBe(200);
      const info = await api.get(`/team/info?team_id=${team.team_id}`, MASTER_KEY);
      expect(info.body.team_memberships).toContainEqual(expect.objectContaining({ user_id: user, max_budget_in_team: 4 }));
    });

    it('refuses a non-member, and a planted second team_id (400) without adding anyone', async () => {
      const team = await api.newTeam({ team_alias: unique('guarded') });
      const other = await api.newTeam({ team_alias: unique('guarded_other') });
      const outsider = await api.newUser({ user_id: unique('outsider') });
      const added = unique('added');
      expectLitellmError(
        await api.post('/team/member_add', outsider.key, { team_id: team.team_id, member: { role: 'user', user_id: added } }),
        [401, 403],
      );
      const planted = await t
        .http()
        .post(`/team/member_add?team_id=${other.team_id}`)
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .send({ team_id: team.team_id, member: { role: 'user', user_id: added }, max_budget_in_team: 1 });
      expectLitellmError(planted, 400);
      expect((await api.get(`/user/info?user_id=${added}`, MASTER_KEY)).status).toBe(404);
    });
  });

  describe('POST /team/member_update and /team/member_delete', () => {
    it('take LiteLLM bodies (rpm/tpm accepted), and refuse a planted team_id', async () => {
      const member = unique('m');
      const leaving = unique('leaving');
      const team = await api.newTeam({
        team_alias: unique('mupd'),
        members_with_roles: [
          { role: 'user', user_id: member },
          { role: 'user', user_id: leaving },
        ],
      });
      const upd = await api.post('/team/member_update', MASTER_KEY, {
        team_id: team.team_id,
        user_id: member,
        role: 'admin',
        max_budget_in_team: 2,
        rpm_limit: 10,
        tpm_limit: 100,
      });
      expect(upd.status).toBe(200);
      expect(upd.body).toEqual(expect.objectContaining({ team_id: team.team_id, user_id: member, role: 'admin', max_budget_in_team: 2 }));
      const other = await api.newTeam({ team_alias: unique('mdel_other') });
      const planted = await t
        .http()
        .post(`/team/member_delete?team_id=${other.team_id}`)
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .send({ team_id: team.team_id, user_id: leaving });
      expectLitellmError(planted, 400);
      const deleted = await api.post('/team/member_delete', MASTER_KEY, { team_id: team.team_id, user_id: leaving });
      expect(deleted.status).toBe(200);
      expect(deleted.body.members_with_roles.map((m: { user_id: string }) => m.user_id)).toEqual([member]);
    });
  });

  describe('GET /team/info and /team/list', () => {
    it('/team/info answers {team_id, team_info{members_with_roles}, keys, team_memberships}; non-members 403', async () => {
      const lead = unique('lead');
      const team = await api.newTeam({ team_alias: unique('info'), members_with_roles: [{ role: 'admin', user_id: lead }] });
      await api.adminKey({ team_id: team.team_id });
      const res = await api.get(`/team/info?team_id=${team.team_id}`, MASTER_KEY);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        team_id: team.team_id,
        team_info: expect.objectContaining({
          ...TEAM_SHAPE,
          members_with_roles: [expect.objectContaining({ user_id: lead, role: 'admin' })],
        }),
        keys: [expect.objectContaining({ team_id: team.team_id })],
        team_memberships: [expect.objectContaining({ team_id: team.team_id, user_id: lead, role: 'admin' })],
      });
      expect(res.body.keys[0].token).toBeUndefined();
      const outsider = await api.newUser({ user_id: unique('outsider') });
      expectLitellmError(await api.get(`/team/info?team_id=${team.team_id}`, outsider.key), [403, 404]);
    });

    it('/team/list is a list of team objects', async () => {
      await api.newTeam({ team_alias: unique('listed') });
      const res = await api.get('/team/list', MASTER_KEY);
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body)).toBe(true);
      expect(res.body[0]).toEqual(expect.objectContaining(TEAM_SHAPE));
    });

    it("/team/list?user_id= narrows to that user's teams, within what the caller sees", async () => {
      const member = unique('listed_member');
      const made = await api.newUser({ user_id: member });
      const theirs = await api.newTeam({ team_alias: unique('theirs'), members_with_roles: [{ role: 'user', user_id: member }] });
      await api.newTeam({ team_alias: unique('not_theirs') });
      const res = await api.get(`/team/list?user_id=${member}`, MASTER_KEY);
      expect(res.body.map((team: { team_id: string }) => team.team_id)).toEqual([theirs.team_id]);
      const outsider = await api.newUser({ user_id: unique('list_outsider') });
      expect((await api.get(`/team/list?user_id=${member}`, outsider.key)).body).toEqual([]);
      expect((await api.get('/team/list', made.key)).body.map((team: { team_id: string }) => team.team_id)).toEqual([theirs.team_id]);
    });
  });

  describe('GET /v2/team/list', () => {
    it('pages and filters (team_id, team_alias, user_id) within what the caller sees', async () => {
      const marker = unique('v2');
      const member = unique('v2member');
      const memberUser = await api.newUser({ user_id: member });
      const teams = [];
      for (let i = 0; i < 3; i++)
        teams.push(
          await api.newTeam({ team_alias: `${marker}-${i}`, members_with_roles: i === 0 ? [{ role: 'user', user_id: member }] : [] }),
        );
      const page = await api.get(`/v2/team/list?team_alias=${marker}&page=1&page_size=2&sort_by=team_alias&sort_order=desc`, MASTER_KEY);
      expect(page.status).toBe(200);
      expect(page.body).toEqual({ teams: expect.any(Array), total: 3, page: 1, page_size: 2, total_pages: 2 });
      expect(page.body.teams.map((team: { team_alias: string }) => team.team_alias)).toEqual([`${marker}-2`, `${marker}-1`]);
      expect(page.body.teams[0]).toEqual(expect.objectContaining(TEAM_SHAPE));
      const second = await api.get(`/v2/team/list?team_alias=${marker}&page=2&page_size=2&sort_by=team_alias&sort_order=desc`, MASTER_KEY);
      expect(second.body.teams.map((team: { team_alias: string }) => team.team_alias)).toEqual([`${marker}-0`]);
      const byId = await api.get(`/v2/team/list?team_id=${teams[1].team_id}`, MASTER_KEY);
      expect(byId.body.teams.map((team: { team_id: string }) => team.team_id)).toEqual([teams[1].team_id]);
      const byUser = await api.get(`/v2/team/list?user_id=${member}`, MASTER_KEY);
      expect(byUser.body.teams.map((team: { team_id: string }) => team.team_id)).toEqual([teams[0].team_id]);

      // A member sees their own team only, whatever the filter names.
      const own = await api.get(`/v2/team/list?team_alias=${marker}`, memberUser.key);
      expect(own.status).toBe(200);
      expect(own.body.teams.map((team: { team_id: string }) => team.team_id)).toEqual([teams[0].team_id]);
      const notMine = await api.get(`/v2/team/list?team_id=${teams[1].team_id}`, memberUser.key);
      expect(notMine.body).toEqual(expect.objectContaining({ teams: [], total: 0 }));
      expect((await t.http().get('/v2/team/list')).status).toBe(401);
    });
  });

  describe('GET /team/available', () => {
    it('lists public non-personal teams the caller is not in, without their members', async () => {
      const created = await t
        .http()
        .post('/teams')
        .set('Authorization', `Bearer ${adminJwt()}`)
        .send({ name: unique('public'), visibility: 'public' });
      expect(created.status).toBe(201);
      const publicId = created.body.id as string;
      const privateTeam = await api.newTeam({ team_alias: unique('private') });
      const joiner = await api.newUser({ user_id: unique('joiner') });

      const res = await api.get('/team/available', joiner.key);
      expect(res.status).toBe(200);
      const ids = res.body.map((team: { team_id: string }) => team.team_id);
      expect(ids).toContain(publicId);
      expect(ids).not.toContain(privateTeam.team_id);
      const listed = res.body.find((team: { team_id: string }) => team.team_id === publicId);
      expect(listed).toEqual(expect.objectContaining({ ...TEAM_SHAPE, members_with_roles: [] }));

      // Once in, it is no longer "available".
      expect(
        (await api.post('/team/member_add', MASTER_KEY, { team_id: publicId, member: { role: 'user', user_id: joiner.user_id } })).status,
      ).toBe(200);
      const after = await api.get('/team/available', joiner.key);
      expect(after.body.map((team: { team_id: string }) => team.team_id)).not.toContain(publicId);
      expect((await t.http().get('/team/available')).status).toBe(401);
    });
  });
});
