import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLitellmError, litellm } from '../../support/litellm-client.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/**
 * LiteLLM's documented `/user/*` request bodies, sent verbatim (docs.litellm.ai: users, budgets, model aliases), and
 * the shapes its clients read back (`/user/info` teams as objects, `/user/list` paged).
 */
describe('LiteLLM users, as LiteLLM documents them', () => {
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

  const USER_SHAPE = {
    user_id: expect.any(String),
    user_role: expect.any(String),
    teams: expect.any(Array),
    spend: expect.any(Number),
    models: expect.any(Array),
    metadata: expect.any(Object),
    aliases: expect.any(Object),
    config: expect.any(Object),
  };

  /** A user who holds `users.update` and `users.read` globally through a custom role, without being an admin. */
  async function userEditor() {
    const email = `${unique('editor')}@example.com`;
    const editor = await api.newUser({ user_email: email });
    const role = await t
      .http()
      .post('/rbac/roles')
      .set('Authorization', `Bearer ${adminJwt()}`)
      .send({ name: unique('user_editor'), scope: 'global', permissions: ['users.update', 'users.read', 'users.create'] });
    expect(role.status).toBe(201);
    const granted = await t
      .http()
      .post(`/rbac/users/${email}/roles`)
      .set('Authorization', `Bearer ${adminJwt()}`)
      .send({ role_id: role.body.id, scope: 'global' });
    expect([200, 201]).toContain(granted.status);
    return editor;
  }

  describe('POST /user/new', () => {
    it('takes the documented examples', async () => {
      const first = await api.post('/user/new', MASTER_KEY, { models: ['azure-models'], metadata: { user: 'ishaan@berri.ai' } });
      expect(first.status).toBe(200);
      expect(first.body).toEqual(
        expect.objectContaining({
          ...USER_SHAPE,
          models: ['azure-models'],
          metadata: { user: 'ishaan@berri.ai' },
          key: expect.stringMatching(/^sk-/),
        }),
      );
      const second = await api.post('/user/new', MASTER_KEY, { user_email: 'krrish@berri.ai', user_role: 'internal_user' });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(expect.objectContaining({ user_email: 'krrish@berri.ai', user_role: 'internal_user' }));
      const third = await api.post('/user/new', MASTER_KEY, {
        user_id: 'krrish3@berri.ai',
        user_email: 'krrish3@berri.ai',
        user_role: 'internal_user',
        max_budget: 10,
        budget_duration: '30d',
        send_invite_email: true,
      });
      expect(third.status).toBe(200);
      expect(third.body).toEqual(expect.objectContaining({ user_id: 'krrish3@berri.ai', max_budget: 10, budget_duration: '30d' }));
    });

    it('stores aliases, config and spend; accepts the key-level fields; joins teams given as ids or objects', async () => {
      const plain = await api.newTeam({ team_alias: unique('plain') });
      const led = await api.newTeam({ team_alias: unique('led') });
      const userId = unique('full');
      const res = await api.post('/user/new', MASTER_KEY, {
        user_id: userId,
        aliases: { 'my-gpt': 'gpt-4o' },
        config: { region: 'eu' },
        spend: 1.5,
        teams: [plain.team_id, { team_id: led.team_id, user_role: 'admin', max_budget_in_team: 3 }],
        key_alias: unique('first-key'),
        duration: '7d',
        max_parallel_requests: 2,
        allowed_cache_controls: [],
        permissions: {},
        model_max_budget: {},
        model_rpm_limit: {},
        model_tpm_limit: {},
        guardrails: [],
        blocked: false,
        soft_budget: 1,
        sso_user_id: 'sso-1',
        organizations: [],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          aliases: { 'my-gpt': 'gpt-4o' },
          config: { region: 'eu' },
          spend: 1.5,
          key: expect.stringMatching(/^sk-/),
        }),
      );
      expect([...res.body.teams].sort()).toEqual([plain.team_id, led.team_id].sort());
      const info = await api.get(`/team/info?team_id=${led.team_id}`, MASTER_KEY);
      expect(info.body.team_memberships).toContainEqual(expect.objectContaining({ user_id: userId, role: 'admin', max_budget_in_team: 3 }));
    });

    it('lets only proxy admins set spend (403), writing nothing', async () => {
      const editor = await userEditor();
      const userId = unique('spent');
      expectLitellmError(await api.post('/user/new', editor.key, { user_id: userId, spend: 5, auto_create_key: false }), 403);
      expect((await api.get(`/user/info?user_id=${userId}`, MASTER_KEY)).status).toBe(404);
      expect((await api.post('/user/new', editor.key, { user_id: userId, auto_create_key: false })).status).toBe(200);
    });

    it('puts the new user into a team only for those who may add members there', async () => {
      const editor = await userEditor();
      const team = await api.newTeam({ team_alias: unique('closed') });
      for (const body of [{ team_id: team.team_id }, { teams: [{ team_id: team.team_id, user_role: 'admin' }] }]) {
        const userId = unique('smuggled');
        expectLitellmError(await api.post('/user/new', editor.key, { user_id: userId, ...body }), [401, 403]);
        expect((await api.get(`/user/info?user_id=${userId}`, MASTER_KEY)).status).toBe(404);
      }
      expect((await api.get(`/team/info?team_id=${team.team_id}`, MASTER_KEY)).body.team_memberships).toEqual([]);
    });
  });

  describe('POST /user/update', () => {
    it('takes the documented example and stores aliases, config and spend', async () => {
      const user = await api.newUser({ user_id: 'test-litellm-user-4' });
      const res = await api.post('/user/update', MASTER_KEY, { user_id: 'test-litellm-user-4', user_role: 'proxy_admin_viewer' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        user_id: user.user_id,
        data: expect.objectContaining({ ...USER_SHAPE, user_role: 'proxy_admin_viewer' }),
      });
      const more = await api.post('/user/update', MASTER_KEY, {
        user_id: user.user_id,
        aliases: { fast: 'gpt-4o-mini' },
        config: { tier: 'gold' },
        spend: 0.25,
        max_budget: 20,
        key_alias: 'ignored',
        duration: '1d',
        guardrails: [],
        model_max_budget: {},
      });
      expect(more.status).toBe(200);
      expect(more.body.data).toEqual(
        expect.objectContaining({ aliases: { fast: 'gpt-4o-mini' }, config: { tier: 'gold' }, spend: 0.25, max_budget: 20 }),
      );
    });

    it('refuses spend from non-admins (403) and password from anyone (400), changing nothing', async () => {
      const editor = await userEditor();
      const target = await api.newUser({ user_id: unique('target') });
      expectLitellmError(await api.post('/user/update', editor.key, { user_id: target.user_id, spend: 0, user_alias: 'changed' }), 403);
      expectLitellmError(
        await api.post('/user/update', MASTER_KEY, { user_id: target.user_id, password: 'Secret123!', user_alias: 'changed' }),
        400,
      );
      const info = await api.get(`/user/info?user_id=${target.user_id}`, MASTER_KEY);
      expect(info.body.user_info.user_alias).toBeNull();
      // The same editor may change what is not an admin matter.
      expect((await api.post('/user/update', editor.key, { user_id: target.user_id, user_alias: 'changed' })).status).toBe(200);
    });
  });

  describe('GET /user/info', () => {
    it('answers {user_id, user_info, keys, teams} with teams as team objects; own record for users, others 403', async () => {
      const userId = unique('info');
      const made = await api.newUser({ user_id: userId });
      const team = await api.newTeam({ team_alias: unique('info_team'), members_with_roles: [{ role: 'user', user_id: userId }] });
      for (const [path, key] of [
        [`/user/info?user_id=${userId}`, MASTER_KEY],
        ['/user/info', made.key],
      ] as const) {
        const res = await api.get(path, key);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          user_id: userId,
          user_info: expect.objectContaining({ ...USER_SHAPE, user_id: userId, teams: [team.team_id] }),
          keys: [expect.objectContaining({ user_id: userId })],
          teams: [
            expect.objectContaining({ team_id: team.team_id, members_with_roles: expect.any(Array), team_alias: expect.any(String) }),
          ],
        });
      }
      const other = await api.newUser({ user_id: unique('other') });
      expectLitellmError(await api.get(`/user/info?user_id=${userId}`, other.key), [401, 403]);
      expectLitellmError(await api.get(`/user/info?user_id=${unique('nobody')}`, MASTER_KEY), 404);
    });
  });

  describe('GET /user/list and /user/get_users', () => {
    it('pages, filters by role, user_ids and team, sorts; /user/get_users answers the same', async () => {
      const marker = unique('lst');
      const ids = [`${marker}_b`, `${marker}_a`, `${marker}_c`];
      for (const id of ids)
        await api.newUser({ user_id: id, auto_create_key: false, user_role: id.endsWith('_c') ? 'internal_user_viewer' : 'internal_user' });
      const team = await api.newTeam({ team_alias: unique('lst_team'), members_with_roles: [{ role: 'user', user_id: ids[0] }] });

      const res = await api.get(`/user/list?user_ids=${ids.join(',')}&page=1&page_size=2&sort_by=user_id&sort_order=asc`, MASTER_KEY);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ users: expect.any(Array), total: 3, page: 1, page_size: 2, total_pages: 2 });
      expect(res.body.users.map((u: { user_id: string }) => u.user_id)).toEqual([`${marker}_a`, `${marker}_b`]);
      expect(res.body.users[0]).toEqual(expect.objectContaining(USER_SHAPE));

      const viewers = await api.get(`/user/list?user_ids=${ids.join(',')}&role=internal_user_viewer`, MASTER_KEY);
      expect(viewers.body.users.map((u: { user_id: string }) => u.user_id)).toEqual([`${marker}_c`]);
      const inTeam = await api.get(`/user/list?team=${team.team_id}`, MASTER_KEY);
      expect(inTeam.body.users.map((u: { user_id: string }) => u.user_id)).toEqual([ids[0]]);
      const desc = await api.get(`/user/list?user_ids=${ids.join(',')}&sort_by=user_id&sort_order=desc`, MASTER_KEY);
      expect(desc.body.users.map((u: { user_id: string }) => u.user_id)).toEqual([`${marker}_c`, `${marker}_b`, `${marker}_a`]);

      const legacy = await api.get(`/user/get_users?user_ids=${ids.join(',')}&page=1&page_size=2&sort_by=user_id`, MASTER_KEY);
      expect(legacy.status).toBe(200);
      expect(legacy.body).toEqual(res.body);
    });

    it('is for admins and admin viewers only', async () => {
      const plain = await api.newUser({ user_id: unique('plain') });
      for (const path of ['/user/list', '/user/get_users']) {
        expectLitellmError(await api.get(path, plain.key), [401, 403]);
        expect((await t.http().get(path)).status).toBe(401);
      }
    });
  });
});
