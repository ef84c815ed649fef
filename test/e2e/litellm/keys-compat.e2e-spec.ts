import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLitellmError, litellm } from '../../support/litellm-client.js';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';

const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** What every key object carries (generate adds `key`; info drops `token`). */
const KEY_FIELDS = [
  'key_name',
  'key_alias',
  'spend',
  'max_budget',
  'soft_budget',
  'budget_duration',
  'expires',
  'models',
  'aliases',
  'config',
  'user_id',
  'team_id',
  'max_parallel_requests',
  'tpm_limit',
  'rpm_limit',
  'model_max_budget',
  'model_rpm_limit',
  'model_tpm_limit',
  'metadata',
  'permissions',
  'tags',
  'key_type',
  'blocked',
  'guardrails',
  'allowed_routes',
  'allowed_cache_controls',
  'enforced_params',
  'object_permission',
  'organization_id',
  'budget_id',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
];

/**
 * LiteLLM's documented example bodies (its docs pages and endpoint docstrings), sent verbatim: only the key values,
 * which are made up in the docs, are replaced by real ones.
 */
describe('LiteLLM /key/* with the documented example bodies', () => {
  let t: TestApp;
  let api: ReturnType<typeof litellm>;
  let seq = 0;
  const unique = (prefix: string) => `${prefix}-${++seq}-${Math.random().toString(16).slice(2, 8)}`;

  beforeAll(async () => {
    t = await startTestApp();
    api = litellm(t.http);
  });
  afterAll(() => t.close());

  describe('POST /key/generate', () => {
    it.each([
      ['models + metadata', { models: ['gpt-3.5-turbo', 'gpt-4', 'claude-2'], duration: '20m', metadata: { user: 'ishaan@berri.ai' } }],
      ['model aliases', { models: ['my-free-tier'], aliases: { 'my-free-tier': 'gpt-3.5-turbo' }, duration: '30m' }],
      ['budget', { max_budget: 10, budget_duration: '30d' }],
      ['soft budget', { soft_budget: 0.001, max_budget: 10 }],
      ['per-model budget', { model_max_budget: { 'gpt-4o': { budget_limit: '0.0000001', time_period: '1d' } } }],
      ['per-model limits', { model_rpm_limit: { 'gpt-4': 2 }, model_tpm_limit: { 'gpt-4': 1 } }],
      ['limits', { tpm_limit: 1000, rpm_limit: 10, max_parallel_requests: 2 }],
      ['guardrails', { guardrails: ['aporia-pre-call', 'aporia-post-guard'] }],
      ['allowed routes', { allowed_routes: ['/chat/completions', '/embeddings'] }],
      ['cache controls', { allowed_cache_controls: ['no-cache', 'no-store'] }],
      ['enforced params', { enforced_params: ['user', 'metadata.generation_name'] }],
      ['object permission', { object_permission: { vector_stores: ['vector_store_1'], mcp_servers: ['server_1'] } }],
      ['tags', { tags: ['customer-acme', 'prod'] }],
      ['permissions', { permissions: { pii_masking: true } }],
      ['organization', { organization_id: 'org-1234' }],
      ['key type', { key_type: 'llm_api' }],
      ['invite email (ignored)', { user_id: 'krrish@berri.ai', send_invite_email: true }],
      ['blocked', { blocked: true }],
      ['config and budget id', { config: { fallbacks: [] }, budget_id: 'budget-1' }],
      [
        'fields LiteLLM declares that carry nothing here',
        { auto_rotate: true, rotation_interval: '30d', budget_limits: [], agent_id: 'a' },
      ],
    ])('%s: stored and returned', async (_label, body) => {
      const res = await api.generate(MASTER_KEY, body);
      expect(res.status).toBe(200);
      for (const field of ['key', 'token', 'token_id', ...KEY_FIELDS]) expect(res.body).toHaveProperty(field);
      expect(res.body.token).toBe(sha256(res.body.key));
      const stored = { ...body } as Record<string, unknown>;
      for (const ignored of ['duration', 'send_invite_email', 'user_id', 'auto_rotate', 'rotation_interval', 'budget_limits', 'agent_id']) {
        delete stored[ignored];
      }
      expect(res.body).toEqual(expect.objectContaining(stored));
      const info = await api.get(`/key/info?key=${res.body.key}`, MASTER_KEY);
      expect(info.status).toBe(200);
      expect(info.body.info).toEqual(expect.objectContaining(stored));
      expect(info.body.info).not.toHaveProperty('auto_rotate');
    });

    it('wrong types of the new fields answer 422 naming them', async () => {
      for (const [body, field] of [
        [{ aliases: ['x'] }, 'aliases'],
        [{ model_max_budget: { 'gpt-4': 'lots' } }, 'model_max_budget'],
        [{ model_rpm_limit: { 'gpt-4': 1.5 } }, 'model_rpm_limit'],
        [{ guardrails: 'one' }, 'guardrails'],
        [{ soft_budget: 'x' }, 'soft_budget'],
        [{ spend: -1 }, 'spend'],
      ] as const) {
        const res = await api.generate(MASTER_KEY, body);
        expectLitellmError(res, 422, 'bad_request_error');
        expect(res.body.error.param).toBe(field);
      }
    });

    it('spend is the proxy admin’s: 403 for anyone else (repeating 0 is fine)', async () => {
      const user = await api.newUser({ user_id: unique('spender') });
      expectLitellmError(await api.generate(user.key, { spend: 5 }), 403);
      expect((await api.generate(user.key, { spend: 0 })).status).toBe(200);
      const mine = await api.generate(user.key, {});
      expectLitellmError(await api.post('/key/update', user.key, { key: mine.body.key, spend: 0.5 }), 403);
      const byAdmin = await api.post('/key/update', MASTER_KEY, { key: mine.body.key, spend: 0.5 });
      expect(byAdmin.body.spend).toBe(0.5);
    });

    it('model_max_budget stays within the team budget for non-admins', async () => {
      await api.newUser({ user_id: unique('lead') }).then(async (lead) => {
        const team = await api.newTeam({
          team_alias: unique('capped'),
          max_budget: 10,
          members_with_roles: [{ user_id: lead.user_id, role: 'admin' }],
        });
        const over = await api.generate(lead.key, {
          team_id: team.team_id,
          model_max_budget: { 'gpt-4o': { budget_limit: 11, time_period: '1d' } },
        });
        expectLitellmError(over, 400, 'bad_request_error');
        expect(over.body.error.param).toBe('model_max_budget');
        const within = await api.generate(lead.key, {
          team_id: team.team_id,
          model_max_budget: { 'gpt-4o': { budget_limit: 5, time_period: '1d' } },
        });
        expect(within.status).toBe(200);
        const raised = await api.post('/key/update', lead.key, {
          key: within.body.key,
          model_max_budget: { 'gpt-4o': { budget_limit: 50 } },
        });
        expectLitellmError(raised, 400, 'bad_request_error');
      });
    });

    it('is refused in a blocked team (400), for admins too: the key could never be used', async () => {
      const team = await api.newTeam({ team_alias: unique('blocked') });
      expect((await api.post('/team/block', MASTER_KEY, { team_id: team.team_id })).status).toBe(200);
      const res = await api.generate(MASTER_KEY, { team_id: team.team_id });
      expectLitellmError(res, 400, 'bad_request_error');
      expect(res.body.error.message).toContain('blocked');
      expect((await api.post('/team/unblock', MASTER_KEY, { team_id: team.team_id })).status).toBe(200);
      expect((await api.generate(MASTER_KEY, { team_id: team.team_id })).status).toBe(200);
    });
  });

  describe('documented bodies of the other key routes', () => {
    it('/key/update {key, key_alias, user_id, team_id, max_budget, metadata} answers the key and its fields', async () => {
      const team = await api.newTeam({ team_id: unique('team'), members_with_roles: [{ user_id: 'user-1234', role: 'user' }] });
      const key = await api.adminKey({});
      const alias = unique('my-key');
      const res = await api.post('/key/update', MASTER_KEY, {
        key: key.key,
        key_alias: alias,
        user_id: 'user-1234',
        team_id: team.team_id,
        max_budget: 100,
        metadata: { any_key: 'any-val' },
      });
      expect(res.status).toBe(200);
      for (const field of ['key', ...KEY_FIELDS]) expect(res.body).toHaveProperty(field);
      expect(res.body).toEqual(
        expect.objectContaining({
          key: key.key,
          key_alias: alias,
          user_id: 'user-1234',
          team_id: team.team_id,
          max_budget: 100,
          metadata: { any_key: 'any-val' },
        }),
      );
    });

    it('/key/info?key= answers {key, info} without the hash', async () => {
      const key = await api.adminKey({ models: ['gpt-4'] });
      const res = await api.get(`/key/info?key=${key.key}`, MASTER_KEY);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['info', 'key']);
      expect(res.body.key).toBe(key.key);
      for (const field of KEY_FIELDS) expect(res.body.info).toHaveProperty(field);
      expect(res.body.info).not.toHaveProperty('token');
    });

    it('/key/list?page=1&size=10 answers {keys, total_count, current_page, total_pages}; filters and sorting', async () => {
      const org = unique('org');
      const made = [];
      for (const budget of [3, 1, 2])
        made.push(await api.adminKey({ organization_id: org, max_budget: budget, key_alias: unique('listed') }));
      const res = await api.get('/key/list?page=1&size=10', MASTER_KEY);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['current_page', 'keys', 'total_count', 'total_pages']);
      expect(res.body.current_page).toBe(1);
      const byOrg = await api.get(`/key/list?organization_id=${org}&sort_by=max_budget&sort_order=asc&return_full_object=true`, MASTER_KEY);
      expect(byOrg.body.total_count).toBe(3);
      expect(byOrg.body.keys.map((k: { max_budget: number }) => k.max_budget)).toEqual([1, 2, 3]);
      const desc = await api.get(`/key/list?organization_id=${org}&sort_by=max_budget&sort_order=desc`, MASTER_KEY);
      expect(desc.body.keys).toEqual([made[0].token, made[2].token, made[1].token]);
      const byHash = await api.get(`/key/list?key_hash=${made[1].token}`, MASTER_KEY);
      expect(byHash.body.keys).toEqual([made[1].token]);
      expectLitellmError(await api.get('/key/list?sort_by=token_hash', MASTER_KEY), 422, 'bad_request_error');
    });

    it('include_team_keys=false shows a team admin only their own keys', async () => {
      const lead = await api.newUser({ user_id: unique('lead') });
      const team = await api.newTeam({ team_alias: unique('t'), members_with_roles: [{ user_id: lead.user_id, role: 'admin' }] });
      const teamKey = await api.adminKey({ team_id: team.team_id });
      const withTeam = await api.get('/key/list?include_team_keys=true', lead.key);
      expect(withTeam.body.keys).toContain(teamKey.token);
      const own = await api.get('/key/list?include_team_keys=false', lead.key);
      expect(own.body.keys).not.toContain(teamKey.token);
      expect(own.body.keys).toContain(sha256(lead.key));
    });

    it('/key/{key}/regenerate {max_budget, metadata, models} answers a generate-shaped body with a new key', async () => {
      const key = await api.adminKey({});
      const res = await api.post(`/key/${key.key}/regenerate`, MASTER_KEY, {
        max_budget: 100,
        metadata: { team: 'core-infra' },
        models: ['gpt-4', 'gpt-3.5-turbo'],
      });
      expect(res.status).toBe(200);
      for (const field of ['key', 'token', ...KEY_FIELDS]) expect(res.body).toHaveProperty(field);
      expect(res.body.key).not.toBe(key.key);
      expect(res.body).toEqual(
        expect.objectContaining({ max_budget: 100, metadata: { team: 'core-infra' }, models: ['gpt-4', 'gpt-3.5-turbo'] }),
      );
    });

    it('/key/block {key} answers the key row; /key/delete {keys: [raw, hash]} answers deleted_keys', async () => {
      const a = await api.adminKey({});
      const b = await api.adminKey({});
      const blocked = await api.post('/key/block', MASTER_KEY, { key: a.key });
      expect(blocked.status).toBe(200);
      expect(blocked.body).toEqual(expect.objectContaining({ blocked: true, token: a.token }));
      const deleted = await api.post('/key/delete', MASTER_KEY, { keys: [a.key, b.token] });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ deleted_keys: [a.key, b.token] });
    });
  });

  describe('POST /v2/key/info', () => {
    it('{"keys": [...]} answers {"key": [...], "info": [...]}', async () => {
      const a = await api.adminKey({ key_alias: unique('v2a') });
      const b = await api.adminKey({ key_alias: unique('v2b') });
      const res = await api.post('/v2/key/info', MASTER_KEY, { keys: [a.key, b.token] });
      expect(res.status).toBe(200);
      expect(res.body.key).toEqual([a.key, b.token]);
      expect(res.body.info).toHaveLength(2);
      for (const info of res.body.info) for (const field of KEY_FIELDS) expect(info).toHaveProperty(field);
    });

    it('each key is authorized as /key/info: an owner reads their own, not someone else’s; a second copy is a 400', async () => {
      const alice = await api.newUser({ user_id: unique('alice') });
      const bob = await api.newUser({ user_id: unique('bob') });
      expect((await api.post('/v2/key/info', alice.key, { keys: [alice.key] })).status).toBe(200);
      expectLitellmError(await api.post('/v2/key/info', alice.key, { keys: [alice.key, sha256(bob.key)] }), [403, 404]);
      const planted = await api.post(`/v2/key/info?keys=${sha256(bob.key)}`, alice.key, { keys: [alice.key] });
      expectLitellmError(planted, 400, 'bad_request_error');
      expect(planted.body.error.param).toBe('keys');
      expectLitellmError(await api.post('/v2/key/info', MASTER_KEY, { keys: [sha256('nothing')] }), 404, 'not_found_error');
    });
  });

  describe('GET /key/aliases', () => {
    it('lists the aliases the caller may see, paginated as LiteLLM', async () => {
      const carol = await api.newUser({ user_id: unique('carol') });
      const prefix = unique('alias');
      for (const n of [1, 2, 3]) expect((await api.generate(carol.key, { key_alias: `${prefix}-${n}` })).status).toBe(200);
      const other = await api.adminKey({ key_alias: `${prefix}-admin` });
      const mine = await api.get(`/key/aliases?search=${prefix}&size=2`, carol.key);
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual({ aliases: [`${prefix}-1`, `${prefix}-2`], total_count: 3, current_page: 1, total_pages: 2 });
      expect((await api.get(`/key/aliases?search=${prefix}&size=2&page=2`, carol.key)).body.aliases).toEqual([`${prefix}-3`]);
      const all = await api.get(`/key/aliases?search=${prefix}`, MASTER_KEY);
      expect(all.body.aliases).toContain(`${prefix}-admin`);
      expect(other.token).toBeDefined();
      // LIKE wildcards in search are text.
      expect((await api.get('/key/aliases?search=%25', carol.key)).body.total_count).toBe(0);
    });
  });

  describe('POST /key/bulk_update', () => {
    it('updates every key, each in its own team, and answers LiteLLM’s shape', async () => {
      const a = await api.adminKey({});
      const b = await api.adminKey({});
      const res = await api.post('/key/bulk_update', MASTER_KEY, {
        keys: [
          { key: a.key, max_budget: 5, tags: ['bulk'] },
          { key: b.token, metadata: { bulk: true }, unknown_field: 1 },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.total_requested).toBe(2);
      expect(res.body.failed_updates).toEqual([]);
      expect(res.body.successful_updates).toHaveLength(2);
      expect(res.body.successful_updates[0]).toEqual(expect.objectContaining({ key: a.key, max_budget: 5, tags: ['bulk'] }));
      expect((await api.get(`/key/info?key=${b.token}`, MASTER_KEY)).body.info.metadata).toEqual({ bulk: true });
    });

    it('is all or nothing: one key the caller may not update refuses the whole request, and nothing changes', async () => {
      const lead = await api.newUser({ user_id: unique('lead') });
      const team = await api.newTeam({ team_alias: unique('bulk'), members_with_roles: [{ user_id: lead.user_id, role: 'admin' }] });
      const theirs = await api.adminKey({ team_id: team.team_id });
      const foreign = await api.adminKey({});
      expect((await api.post('/key/bulk_update', lead.key, { keys: [{ key: theirs.key, max_budget: 1 }] })).status).toBe(200);
      const mixed = await api.post('/key/bulk_update', lead.key, {
        keys: [
          { key: theirs.key, max_budget: 2 },
          { key: foreign.key, max_budget: 2 },
        ],
      });
      expectLitellmError(mixed, [401, 403]);
      expect((await api.get(`/key/info?key=${theirs.token}`, MASTER_KEY)).body.info.max_budget).toBe(1);
      // A failure after the guard (an unknown key) also rolls back the earlier items.
      const ghost = await api.post('/key/bulk_update', MASTER_KEY, {
        keys: [
          { key: theirs.key, max_budget: 3 },
          { key: `sk-${'z'.repeat(43)}`, max_budget: 3 },
        ],
      });
      expectLitellmError(ghost, 404, 'not_found_error');
      expect((await api.get(`/key/info?key=${theirs.token}`, MASTER_KEY)).body.info.max_budget).toBe(1);
    });

    it('a second copy of keys (in the query) is a 400; bad items are a 422', async () => {
      const a = await api.adminKey({});
      const planted = await api.post(`/key/bulk_update?keys=${a.token}`, MASTER_KEY, { keys: [{ key: a.key, max_budget: 1 }] });
      expectLitellmError(planted, 400, 'bad_request_error');
      expect(planted.body.error.param).toBe('keys');
      for (const body of [{ keys: [] }, { keys: [a.key] }, { keys: [{ max_budget: 1 }] }, { keys: [{ key: a.key, max_budget: 'lots' }] }]) {
        expectLitellmError(await api.post('/key/bulk_update', MASTER_KEY, body), 422, 'bad_request_error');
      }
    });
  });

  describe('team_member_permissions name the new routes', () => {
    it('a plain member may bulk_update and reset_spend team keys only when the team grants those routes', async () => {
      const member = await api.newUser({ user_id: unique('member') });
      const team = await api.newTeam({ team_alias: unique('perm'), members_with_roles: [{ user_id: member.user_id, role: 'user' }] });
      const key = await api.adminKey({ team_id: team.team_id });
      expect((await api.post('/key/update', MASTER_KEY, { key: key.key, spend: 3 })).status).toBe(200);
      const bulk = { keys: [{ key: key.token, tags: ['by-member'] }] };
      const denied = await api.post('/key/bulk_update', member.key, bulk);
      expectLitellmError(denied, 401, 'team_member_permission_error');
      expectLitellmError(await api.post(`/key/${key.token}/reset_spend`, member.key, { reset_to: 0 }), 401, 'team_member_permission_error');
      const granted = await api.post('/team/permissions_update', MASTER_KEY, {
        team_id: team.team_id,
        team_member_permissions: ['/key/info', '/key/bulk_update', '/key/{key_id}/reset_spend'],
      });
      expect(granted.status).toBe(200);
      expect((await api.post('/key/bulk_update', member.key, bulk)).status).toBe(200);
      expect((await api.post(`/key/${key.token}/reset_spend`, member.key, { reset_to: 0 })).status).toBe(200);
      expect((await api.get(`/key/info?key=${key.token}`, MASTER_KEY)).body.info).toEqual(
        expect.objectContaining({ tags: ['by-member'], spend: 0 }),
      );
    });
  });

  describe('POST /key/{key}/reset_spend', () => {
    it('admins and team admins lower a team key’s spend; plain members and owners of personal keys are refused', async () => {
      const lead = await api.newUser({ user_id: unique('lead') });
      const member = await api.newUser({ user_id: unique('member') });
      const team = await api.newTeam({
        team_alias: unique('spend'),
        members_with_roles: [
          { user_id: lead.user_id, role: 'admin' },
          { user_id: member.user_id, role: 'user' },
        ],
      });
      const key = await api.adminKey({ team_id: team.team_id, max_budget: 100 });
      expect((await api.post('/key/update', MASTER_KEY, { key: key.key, spend: 7 })).status).toBe(200);
      expectLitellmError(await api.post(`/key/${key.token}/reset_spend`, member.key, { reset_to: 0 }), 401, 'team_member_permission_error');
      const res = await api.post(`/key/${key.token}/reset_spend`, lead.key, { reset_to: 0 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ key_hash: key.token, spend: 0, previous_spend: 7, max_budget: 100 });
      expect((await api.get(`/key/info?key=${key.token}`, MASTER_KEY)).body.info.spend).toBe(0);
      expectLitellmError(await api.post(`/key/${key.token}/reset_spend`, MASTER_KEY, { reset_to: 5 }), 400, 'bad_request_error');
      // A personal key's owner may not lift their own budget.
      expectLitellmError(await api.post(`/key/${member.key}/reset_spend`, member.key, { reset_to: 0 }), 403);
      expect((await api.post(`/key/${member.key}/reset_spend`, MASTER_KEY, { reset_to: 0 })).status).toBe(200);
    });

    it('validates reset_to (422) and refuses a second copy of key (400)', async () => {
      const key = await api.adminKey({});
      for (const body of [{}, { reset_to: true }, { reset_to: -1 }, { reset_to: '0' }]) {
        expectLitellmError(await api.post(`/key/${key.token}/reset_spend`, MASTER_KEY, body), 422, 'bad_request_error');
      }
      const other = await api.adminKey({});
      const planted = await api.post(`/key/${key.token}/reset_spend`, MASTER_KEY, { key: other.token, reset_to: 0 });
      expectLitellmError(planted, 400, 'bad_request_error');
      expect(planted.body.error.param).toBe('key');
      expectLitellmError(await api.post(`/key/${sha256('none')}/reset_spend`, MASTER_KEY, { reset_to: 0 }), 404, 'not_found_error');
    });
  });
});
