import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLitellmError, litellm } from '../../support/litellm-client.js';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');
const unique = (prefix: string): string => `${prefix}_${Math.random().toString(16).slice(2, 10)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An ISO timestamp `ms` from `from`, within a minute. */
function expectExpiresAbout(expires: unknown, from: number, ms: number): void {
  expect(typeof expires).toBe('string');
  const at = Date.parse(expires as string);
  expect(Math.abs(at - (from + ms))).toBeLessThan(60_000);
}

describe('LiteLLM /key/* API', () => {
  let t: TestApp;
  let api: ReturnType<typeof litellm>;
  /** Personal keys from /user/new. */
  let alice: { user_id: string; key: string };
  let bob: { user_id: string; key: string };
  let auditor: { user_id: string; key: string };
  let lead: { user_id: string; key: string };
  let member: { user_id: string; key: string };
  /** lead is its admin, member a plain member with the default member routes. */
  let teamId: string;

  beforeAll(async () => {
    t = await startTestApp();
    api = litellm(t.http);
    alice = await api.newUser({ user_id: 'alice', user_email: 'alice@example.com' });
    bob = await api.newUser({ user_id: 'bob' });
    auditor = await api.newUser({ user_id: 'auditor', user_role: 'proxy_admin_viewer' });
    lead = await api.newUser({ user_id: 'lead' });
    member = await api.newUser({ user_id: 'member' });
    const team = await api.newTeam({
      team_alias: 'keys-suite',
      members_with_roles: [
        { user_id: 'lead', role: 'admin' },
        { user_id: 'member', role: 'user' },
      ],
    });
    teamId = team.team_id;
  });
  afterAll(() => t.close());

  /** Does this key authenticate? (200 on /key/info about itself, else the error.) */
  const whoAmI = (key: string) => api.get('/key/info', key);

  describe('POST /key/generate', () => {
    it('returns the key fields; the raw key is sk- + >= 32 random bytes, token its sha256, key_name sk-...last4', async () => {
      const res = await api.generate(MASTER_KEY, {
        key_alias: unique('gen'),
        models: ['gpt-4o', 'claude-3'],
        max_budget: 12.5,
        metadata: { purpose: 'fields' },
        user_id: 'alice',
        tpm_limit: 1000,
        rpm_limit: 10,
        tags: ['a', 'b'],
      });
      expect(res.status).toBe(200);
      const body = res.body;
      for (const field of [
        'key',
        'token',
        'token_id',
        'key_name',
        'key_alias',
        'expires',
        'user_id',
        'team_id',
        'models',
        'max_budget',
        'spend',
        'metadata',
        'created_by',
        'updated_by',
        'created_at',
        'updated_at',
      ]) {
        expect(body).toHaveProperty(field);
      }
      expect(body.key).toMatch(/^sk-[A-Za-z0-9_-]+$/);
      expect(Buffer.from(body.key.slice(3), 'base64url').length).toBeGreaterThanOrEqual(32);
      expect(body.token).toBe(sha256(body.key));
      expect(body.token).toMatch(/^[0-9a-f]{64}$/);
      expect(body.key_name).toBe(`sk-...${body.key.slice(-4)}`);
      expect(body).toEqual(
        expect.objectContaining({
          user_id: 'alice',
          team_id: null,
          models: ['gpt-4o', 'claude-3'],
          max_budget: 12.5,
          spend: 0,
          metadata: { purpose: 'fields' },
          expires: null,
          tpm_limit: 1000,
          rpm_limit: 10,
          tags: ['a', 'b'],
          blocked: false,
        }),
      );
      expect(Number.isNaN(Date.parse(body.created_at))).toBe(false);
      // The raw key works at once, and acts as its user.
      const me = await whoAmI(body.key);
      expect(me.status).toBe(200);
      expect(me.body.info.user_id).toBe('alice');
      expect(me.body.info.key_name).toBe(body.key_name);
      // Every key is fresh randomness.
      const other = await api.adminKey({});
      expect(other.key).not.toBe(body.key);
      expect(other.key.slice(3, 23)).not.toBe(body.key.slice(3, 23));
    });

    it('duration sets expires (30s, 7d); without one the key never expires', async () => {
      const before = Date.now();
      const short = await api.generate(MASTER_KEY, { duration: '30s' });
      const week = await api.generate(MASTER_KEY, { duration: '7d' });
      const forever = await api.generate(MASTER_KEY, {});
      expect([short.status, week.status, forever.status]).toEqual([200, 200, 200]);
      expectExpiresAbout(short.body.expires, before, 30_000);
      expectExpiresAbout(week.body.expires, before, 7 * 86_400_000);
      expect(forever.body.expires).toBeNull();
      const info = await api.get(`/key/info?key=${week.body.token}`, MASTER_KEY);
      expect(info.body.info.expires).toBe(week.body.expires);
    });

    it('a duplicate key_alias answers 400 and creates nothing', async () => {
      const alias = unique('dup');
      expect((await api.generate(MASTER_KEY, { key_alias: alias })).status).toBe(200);
      const again = await api.generate(MASTER_KEY, { key_alias: alias, user_id: 'bob' });
      expectLitellmError(again, 400, 'bad_request_error');
      expect(again.body.error.message).toContain(alias);
      const listed = await api.get(`/key/list?key_alias=${alias}`, MASTER_KEY);
      expect(listed.body.total_count).toBe(1);
    });

    it('a user generates personal keys for themselves (implicitly, by user_id, by email, by JWT)', async () => {
      const implicit = await api.generate(alice.key, { key_alias: unique('self') });
      expect(implicit.status).toBe(200);
      expect(implicit.body).toEqual(expect.objectContaining({ user_id: 'alice', team_id: null, created_by: 'alice', updated_by: 'alice' }));
      const byId = await api.generate(alice.key, { user_id: 'alice' });
      expect(byId.status).toBe(200);
      expect(byId.body.user_id).toBe('alice');
      const byEmail = await api.generate(alice.key, { user_id: 'alice@example.com' });
      expect(byEmail.status).toBe(200);
      expect(byEmail.body.user_id).toBe('alice');
      // (ours) a user JWT acts as that user.
      const byJwt = await api.generate(userToken('alice@example.com'), {});
      expect(byJwt.status).toBe(200);
      expect(byJwt.body.user_id).toBe('alice');
      for (const created of [implicit, byId, byEmail, byJwt]) {
        expect((await whoAmI(created.body.key)).body.info.user_id).toBe('alice');
      }
    });

    it('a non-admin cannot generate a key for another user (403) and nothing is created for them', async () => {
      const bobsBefore = (await api.get('/key/list?user_id=bob', MASTER_KEY)).body.total_count;
      const res = await api.generate(alice.key, { user_id: 'bob', key_alias: unique('steal') });
      expectLitellmError(res, 403);
      expect(res.body.error.message).toContain('User can only create keys for themselves');
      const fresh = await api.generate(alice.key, { user_id: unique('ghost') });
      expectLitellmError(fresh, 403);
      expect((await api.get('/key/list?user_id=bob', MASTER_KEY)).body.total_count).toBe(bobsBefore);
      // An admin may.
      const admin = await api.generate(MASTER_KEY, { user_id: 'bob' });
      expect(admin.status).toBe(200);
      expect(admin.body.user_id).toBe('bob');
    });

    it('a team key for a team that does not exist answers 404', async () => {
      const res = await api.generate(MASTER_KEY, { team_id: 'no-such-team' });
      expectLitellmError(res, 404, 'not_found_error');
    });
  });

  describe('GET /key/info', () => {
    it('reads a key by raw value and by hash; the info never carries the hash or the raw key', async () => {
      const created = await api.adminKey({ user_id: 'alice', metadata: { x: 1 } });
      const byRaw = await api.get(`/key/info?key=${created.key}`, MASTER_KEY);
      expect(byRaw.status).toBe(200);
      expect(byRaw.body.key).toBe(created.key);
      const byHash = await api.get(`/key/info?key=${created.token}`, MASTER_KEY);
      expect(byHash.status).toBe(200);
      expect(byHash.body.key).toBe(created.token);
      expect(byHash.body.info).toEqual(byRaw.body.info);
      expect(byHash.body.info).toEqual(
        expect.objectContaining({ user_id: 'alice', team_id: null, metadata: { x: 1 }, key_name: `sk-...${created.key.slice(-4)}` }),
      );
      expect(byHash.body.info).not.toHaveProperty('token');
      expect(byHash.body.info).not.toHaveProperty('key');
      const text = JSON.stringify(byHash.body.info);
      expect(text).not.toContain(created.token);
      expect(text).not.toContain(created.key);
    });

    it("without ?key= it describes the caller's own key", async () => {
      const created = await api.adminKey({ user_id: 'bob', key_alias: unique('own') });
      const res = await whoAmI(created.key);
      expect(res.status).toBe(200);
      expect(res.body.info).toEqual(expect.objectContaining({ user_id: 'bob', key_name: `sk-...${created.key.slice(-4)}` }));
      expect(JSON.stringify(res.body)).not.toContain(created.key);
      const other = await whoAmI(bob.key);
      expect(other.body.info.key_name).toBe(`sk-...${bob.key.slice(-4)}`);
    });

    it('an unknown key answers 404 not_found_error (raw, hash or garbage)', async () => {
      for (const key of [`sk-${'x'.repeat(43)}`, sha256('nothing'), 'not-a-key']) {
        const res = await api.get(`/key/info?key=${key}`, MASTER_KEY);
        expectLitellmError(res, 404, 'not_found_error');
      }
      // Non-admins too: an unknown key reveals nothing but "not found".
      expectLitellmError(await api.get(`/key/info?key=${sha256('nothing')}`, bob.key), 404, 'not_found_error');
    });

    it('admins, admin viewers, the owner, the key itself and team members read a key; anyone else gets 403', async () => {
      const personal = await api.adminKey({ user_id: 'alice' });
      for (const reader of [MASTER_KEY, auditor.key, alice.key, personal.key]) {
        const res = await api.get(`/key/info?key=${personal.token}`, reader);
        expect(res.status).toBe(200);
        expect(res.body.info.user_id).toBe('alice');
      }
      const denied = await api.get(`/key/info?key=${personal.token}`, bob.key);
      expectLitellmError(denied, 403);
      expect(JSON.stringify(denied.body)).not.toContain('alice');

      const teamKey = await api.adminKey({ team_id: teamId, user_id: 'lead' });
      for (const reader of [lead.key, member.key]) {
        expect((await api.get(`/key/info?key=${teamKey.key}`, reader)).status).toBe(200);
      }
      expectLitellmError(await api.get(`/key/info?key=${teamKey.key}`, bob.key), 403);
    });

    it('no credentials answer 401 auth_error; an unknown sk- key 401 token_not_found_in_db', async () => {
      const anonymous = await t.http().get('/key/info');
      expectLitellmError(anonymous, 401, 'auth_error');
      const unknown = await whoAmI(`sk-${'q'.repeat(43)}`);
      expectLitellmError(unknown, 401, 'token_not_found_in_db');
      // The other LiteLLM key headers work too.
      const viaHeader = await t.http().get('/key/info').set('x-litellm-api-key', bob.key);
      expect(viaHeader.status).toBe(200);
      expect(viaHeader.body.info.user_id).toBe('bob');
    });
  });

  describe('GET /key/list', () => {
    it('pages as {keys, total_count, current_page, total_pages}, keys being hashes', async () => {
      const owner = unique('pager');
      await api.newUser({ user_id: owner, auto_create_key: false });
      const tokens: string[] = [];
      for (let i = 0; i < 5; i++) tokens.push((await api.adminKey({ user_id: owner })).token);
      const pages = [];
      for (const page of [1, 2, 3]) {
        const res = await api.get(`/key/list?user_id=${owner}&size=2&page=${page}`, MASTER_KEY);
        expect(res.status).toBe(200);
        expect(Object.keys(res.body).sort()).toEqual(['current_page', 'keys', 'total_count', 'total_pages']);
        expect(res.body).toEqual(expect.objectContaining({ total_count: 5, current_page: page, total_pages: 3 }));
        pages.push(...res.body.keys);
      }
      expect(pages.length).toBe(5);
      expect([...pages].sort()).toEqual([...tokens].sort());
      const beyond = await api.get(`/key/list?user_id=${owner}&size=2&page=4`, MASTER_KEY);
      expect(beyond.body).toEqual({ keys: [], total_count: 5, current_page: 4, total_pages: 3 });
      const defaults = await api.get(`/key/list?user_id=${owner}`, MASTER_KEY);
      expect(defaults.body).toEqual(expect.objectContaining({ total_count: 5, current_page: 1, total_pages: 1 }));
      expect(defaults.body.keys.length).toBe(5);
    });

    it('filters by user_id, team_id and key_alias; return_full_object gives key objects without raw keys', async () => {
      const alias = unique('filtered');
      const team = await api.newTeam({ members_with_roles: [{ user_id: 'bob', role: 'user' }] });
      const inTeam = await api.adminKey({ team_id: team.team_id, user_id: 'bob', key_alias: alias });
      const personal = await api.adminKey({ user_id: 'bob' });

      const byTeam = await api.get(`/key/list?team_id=${team.team_id}`, MASTER_KEY);
      expect(byTeam.body.keys).toEqual([inTeam.token]);
      const byAlias = await api.get(`/key/list?key_alias=${alias}`, MASTER_KEY);
      expect(byAlias.body.keys).toEqual([inTeam.token]);
      const byUser = await api.get('/key/list?user_id=bob&size=100', MASTER_KEY);
      expect(byUser.body.keys).toEqual(expect.arrayContaining([inTeam.token, personal.token, sha256(bob.key)]));
      expect(byUser.body.keys).not.toContain(sha256(alice.key));

      const full = await api.get(`/key/list?team_id=${team.team_id}&return_full_object=true`, MASTER_KEY);
      expect(full.status).toBe(200);
      expect(full.body.keys).toEqual([
        expect.objectContaining({
          token: inTeam.token,
          key_alias: alias,
          team_id: team.team_id,
          user_id: 'bob',
          key_name: `sk-...${inTeam.key.slice(-4)}`,
        }),
      ]);
      expect(JSON.stringify(full.body)).not.toContain(inTeam.key);
      const none = await api.get(`/key/list?key_alias=${unique('nobody')}`, MASTER_KEY);
      expect(none.body).toEqual({ keys: [], total_count: 0, current_page: 1, total_pages: 0 });
    });

    it("non-admins see their own keys and, as team admins, their teams' keys; admin viewers see all", async () => {
      const memberTeamKey = await api.adminKey({ team_id: teamId, user_id: 'member' });
      const leadTeamKey = await api.adminKey({ team_id: teamId, user_id: 'lead' });
      const alicePersonal = await api.adminKey({ user_id: 'alice' });
      const listOf = async (key: string, query = '') => {
        const res = await api.get(`/key/list?size=100${query}`, key);
        expect(res.status).toBe(200);
        return res.body.keys as string[];
      };

      const leadSees = await listOf(lead.key);
      expect(leadSees).toEqual(expect.arrayContaining([memberTeamKey.token, leadTeamKey.token, sha256(lead.key)]));
      expect(leadSees).not.toContain(alicePersonal.token);
      expect(leadSees).not.toContain(sha256(member.key));

      const memberSees = await listOf(member.key);
      expect(memberSees).toEqual(expect.arrayContaining([memberTeamKey.token, sha256(member.key)]));
      expect(memberSees).not.toContain(leadTeamKey.token);

      const bobSees = await listOf(bob.key);
      expect(bobSees).toContain(sha256(bob.key));
      expect(bobSees).not.toContain(alicePersonal.token);
      expect(bobSees).not.toContain(memberTeamKey.token);
      // Filters narrow what one may see; they never widen it.
      expect(await listOf(bob.key, '&user_id=alice')).toEqual([]);
      expect(await listOf(bob.key, `&team_id=${teamId}`)).toEqual([]);

      const auditorSees = await listOf(auditor.key, '&user_id=alice');
      expect(auditorSees).toContain(alicePersonal.token);
      expect(await listOf(MASTER_KEY, '&user_id=alice')).toContain(alicePersonal.token);
    });

    it('bad paging parameters answer 422 naming the field', async () => {
      for (const [query, field] of [
        ['page=0', 'page'],
        ['size=1000', 'size'],
        ['page=abc', 'page'],
        ['size=-1', 'size'],
      ] as const) {
        const res = await api.get(`/key/list?${query}`, MASTER_KEY);
        expectLitellmError(res, 422, 'bad_request_error');
        expect(res.body.error.param).toBe(field);
      }
    });
  });

  describe('POST /key/update', () => {
    it('replaces metadata, keeps fields not sent, and recomputes expires from duration', async () => {
      const created = await api.adminKey({ user_id: 'alice', metadata: { a: 1, b: 2 }, models: ['m1'], max_budget: 10 });
      const res = await api.post('/key/update', MASTER_KEY, { key: created.token, metadata: { c: 3 } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          key: created.token,
          metadata: { c: 3 },
          models: ['m1'],
          max_budget: 10,
          user_id: 'alice',
          expires: null,
        }),
      );
      expect(JSON.stringify(res.body)).not.toContain(created.key);

      const before = Date.now();
      const extended = await api.post('/key/update', alice.key, { key: created.key, duration: '1h', max_budget: 20 });
      expect(extended.status).toBe(200);
      expectExpiresAbout(extended.body.expires, before, 3_600_000);
      expect(extended.body).toEqual(expect.objectContaining({ max_budget: 20, metadata: { c: 3 }, updated_by: 'alice' }));

      const info = await api.get(`/key/info?key=${created.token}`, MASTER_KEY);
      expect(info.body.info).toEqual(
        expect.objectContaining({ metadata: { c: 3 }, max_budget: 20, models: ['m1'], expires: extended.body.expires }),
      );
      // The key still authenticates with the same secret.
      expect((await whoAmI(created.key)).status).toBe(200);
    });

    it('an unknown key answers 404; a missing key 422', async () => {
      expectLitellmError(await api.post('/key/update', MASTER_KEY, { key: sha256('nope'), metadata: {} }), 404, 'not_found_error');
      expectLitellmError(await api.post('/key/update', MASTER_KEY, { key: `sk-${'z'.repeat(43)}` }), 404, 'not_found_error');
      const missing = await api.post('/key/update', MASTER_KEY, { metadata: {} });
      expectLitellmError(missing, 422, 'bad_request_error');
      expect(missing.body.error.param).toBe('key');
    });

    it('a key_alias already in use answers 400 and changes nothing', async () => {
      const alias = unique('taken');
      await api.adminKey({ key_alias: alias });
      const other = await api.adminKey({ key_alias: unique('mine'), metadata: { keep: true } });
      const res = await api.post('/key/update', MASTER_KEY, { key: other.token, key_alias: alias, metadata: { keep: false } });
      expectLitellmError(res, 400, 'bad_request_error');
      const info = await api.get(`/key/info?key=${other.token}`, MASTER_KEY);
      expect(info.body.info.key_alias).not.toBe(alias);
      expect(info.body.info.metadata).toEqual({ keep: true });
    });

    it('changing user_id is admin-only (403 for the owner), and moves who may manage the key', async () => {
      const created = await api.generate(alice.key, {});
      expect(created.status).toBe(200);
      const denied = await api.post('/key/update', alice.key, { key: created.body.token, user_id: 'bob' });
      expectLitellmError(denied, 403);
      expect((await api.get(`/key/info?key=${created.body.token}`, MASTER_KEY)).body.info.user_id).toBe('alice');
      // Naming the current owner is no change.
      expect((await api.post('/key/update', alice.key, { key: created.body.token, user_id: 'alice' })).status).toBe(200);

      const moved = await api.post('/key/update', MASTER_KEY, { key: created.body.token, user_id: 'bob' });
      expect(moved.status).toBe(200);
      expect(moved.body.user_id).toBe('bob');
      expect((await whoAmI(created.body.key)).body.info.user_id).toBe('bob');
      expect((await api.get(`/key/info?key=${created.body.token}`, bob.key)).status).toBe(200);
      expectLitellmError(await api.get(`/key/info?key=${created.body.token}`, alice.key), 403);
    });

    it('moving a key to another team: the team must exist (404), the caller needs /key/update there (403), the owner must be a member', async () => {
      const personal = await api.generate(member.key, {});
      expect(personal.status).toBe(200);
      // member is a plain member of the team, which allows only the default routes.
      const intoTeam = await api.post('/key/update', member.key, { key: personal.body.token, team_id: teamId });
      expectLitellmError(intoTeam, 403);
      expect((await api.get(`/key/info?key=${personal.body.token}`, MASTER_KEY)).body.info.team_id).toBeNull();

      expectLitellmError(
        await api.post('/key/update', MASTER_KEY, { key: personal.body.token, team_id: 'no-such-team' }),
        404,
        'not_found_error',
      );
      expectLitellmError(
        await api.post('/key/update', member.key, { key: personal.body.token, team_id: 'no-such-team' }),
        404,
        'not_found_error',
      );

      // The key's user must be a member of the new team, even when an admin moves it.
      const foreignTeam = await api.newTeam({});
      const notMember = await api.post('/key/update', MASTER_KEY, { key: personal.body.token, team_id: foreignTeam.team_id });
      expectLitellmError(notMember, 400, 'bad_request_error');
      expect((await api.get(`/key/info?key=${personal.body.token}`, MASTER_KEY)).body.info.team_id).toBeNull();

      const byAdmin = await api.post('/key/update', MASTER_KEY, { key: personal.body.token, team_id: teamId });
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.team_id).toBe(teamId);
      // Now a team key: the team's rules apply to its owner, a plain member.
      const plain = await api.post('/key/update', member.key, { key: personal.body.token, metadata: { again: true } });
      expectLitellmError(plain, 401, 'team_member_permission_error');
      expect(plain.body.error.param).toBe('/key/update');
    });
  });

  describe('POST /key/delete', () => {
    it('deletes by raw key, by hash and by alias; deleted keys answer 401 token_not_found_in_db', async () => {
      const alias = unique('gone');
      const [one, two, three] = [await api.adminKey({}), await api.adminKey({ user_id: 'bob' }), await api.adminKey({ key_alias: alias })];
      const byKeys = await api.post('/key/delete', MASTER_KEY, { keys: [one.key, two.token] });
      expect(byKeys.status).toBe(200);
      expect(byKeys.body).toEqual({ deleted_keys: [one.key, two.token] });
      const byAlias = await api.post('/key/delete', MASTER_KEY, { key_aliases: [alias] });
      expect(byAlias.status).toBe(200);
      expect(byAlias.body).toEqual({ deleted_keys: [alias] });
      for (const key of [one.key, two.key, three.key]) {
        expectLitellmError(await whoAmI(key), 401, 'token_not_found_in_db');
      }
      expectLitellmError(await api.get(`/key/info?key=${two.token}`, MASTER_KEY), 404, 'not_found_error');
      expect((await api.get(`/key/list?key_alias=${alias}`, MASTER_KEY)).body.total_count).toBe(0);
    });

    it('neither keys nor key_aliases answers 422; nothing found 404; only found keys are reported', async () => {
      for (const body of [{}, { keys: [] }, { key_aliases: [] }, { keys: null, key_aliases: null }]) {
        const res = await api.post('/key/delete', MASTER_KEY, body);
        expectLitellmError(res, 422, 'bad_request_error');
        expect(res.body.error.param).toBe('keys');
      }
      expectLitellmError(await api.post('/key/delete', MASTER_KEY, { keys: [sha256('missing')] }), 404, 'not_found_error');
      expectLitellmError(await api.post('/key/delete', MASTER_KEY, { key_aliases: [unique('missing')] }), 404, 'not_found_error');
      const real = await api.adminKey({});
      const partial = await api.post('/key/delete', MASTER_KEY, { keys: [real.token, sha256('missing')] });
      expect(partial.status).toBe(200);
      expect(partial.body).toEqual({ deleted_keys: [real.token] });
    });
  });

  describe('POST /key/regenerate and /key/{key}/regenerate', () => {
    it('/key/regenerate issues a new secret for the same key; the old one stops at once', async () => {
      const alias = unique('regen');
      const created = await api.adminKey({ user_id: 'alice', key_alias: alias, metadata: { m: 1 } });
      const res = await api.post('/key/regenerate', MASTER_KEY, { key: created.key });
      expect(res.status).toBe(200);
      expect(res.body.key).toMatch(/^sk-[A-Za-z0-9_-]+$/);
      expect(res.body.key).not.toBe(created.key);
      expect(Buffer.from(res.body.key.slice(3), 'base64url').length).toBeGreaterThanOrEqual(32);
      expect(res.body).toEqual(
        expect.objectContaining({
          token: sha256(res.body.key),
          key_name: `sk-...${res.body.key.slice(-4)}`,
          key_alias: alias,
          user_id: 'alice',
          metadata: { m: 1 },
        }),
      );
      expectLitellmError(await whoAmI(created.key), 401, 'token_not_found_in_db');
      const now = await whoAmI(res.body.key);
      expect(now.status).toBe(200);
      expect(now.body.info.key_alias).toBe(alias);
      // Still one key under the alias, now with the new hash.
      expect((await api.get(`/key/list?key_alias=${alias}`, MASTER_KEY)).body.keys).toEqual([sha256(res.body.key)]);
    });

    it('/key/{key}/regenerate takes the key (here its hash) from the path, and new duration and metadata', async () => {
      const created = await api.adminKey({ user_id: 'bob', metadata: { old: true } });
      const before = Date.now();
      const res = await api.post(`/key/${created.token}/regenerate`, MASTER_KEY, { duration: '2h', metadata: { fresh: true } });
      expect(res.status).toBe(200);
      expect(res.body.token).toBe(sha256(res.body.key));
      expect(res.body.metadata).toEqual({ fresh: true });
      expectExpiresAbout(res.body.expires, before, 2 * 3_600_000);
      expectLitellmError(await whoAmI(created.key), 401, 'token_not_found_in_db');
      expect((await whoAmI(res.body.key)).body.info.user_id).toBe('bob');
      // And by raw key in the path.
      const again = await api.post(`/key/${res.body.key}/regenerate`, MASTER_KEY, {});
      expect(again.status).toBe(200);
      expectLitellmError(await whoAmI(res.body.key), 401, 'token_not_found_in_db');
      expect((await whoAmI(again.body.key)).status).toBe(200);
    });

    it('grace_period keeps the old key working beside the new one; the next regenerate without one ends it', async () => {
      const created = await api.adminKey({ user_id: 'alice' });
      const graced = await api.post('/key/regenerate', MASTER_KEY, { key: created.token, grace_period: '24h' });
      expect(graced.status).toBe(200);
      expect((await whoAmI(created.key)).status).toBe(200);
      expect((await whoAmI(graced.body.key)).status).toBe(200);
      expect((await whoAmI(created.key)).body.info.key_name).toBe(`sk-...${graced.body.key.slice(-4)}`);

      const hard = await api.post('/key/regenerate', MASTER_KEY, { key: graced.body.key });
      expect(hard.status).toBe(200);
      expectLitellmError(await whoAmI(created.key), 401, 'token_not_found_in_db');
      expectLitellmError(await whoAmI(graced.body.key), 401, 'token_not_found_in_db');
      expect((await whoAmI(hard.body.key)).status).toBe(200);
    });

    it('new_key sets the new value; unknown keys answer 404, a missing key or bad new_key/grace_period 422', async () => {
      const created = await api.adminKey({});
      const chosen = `sk-chosen-${'a1'.repeat(16)}${Math.random().toString(16).slice(2, 8)}`;
      const res = await api.post('/key/regenerate', MASTER_KEY, { key: created.key, new_key: chosen });
      expect(res.status).toBe(200);
      expect(res.body.key).toBe(chosen);
      expect(res.body.token).toBe(sha256(chosen));
      expect((await whoAmI(chosen)).status).toBe(200);
      // Another key's value cannot be taken over: 400, and both keys stay as they were.
      const clash = await api.post('/key/regenerate', MASTER_KEY, { key: chosen, new_key: bob.key });
      expectLitellmError(clash, 400, 'bad_request_error');
      expect(clash.body.error.param).toBe('new_key');
      expect((await whoAmI(chosen)).status).toBe(200);
      expect((await whoAmI(bob.key)).body.info.user_id).toBe('bob');

      expectLitellmError(await api.post('/key/regenerate', MASTER_KEY, { key: sha256('nope') }), 404, 'not_found_error');
      expectLitellmError(await api.post(`/key/${sha256('nope')}/regenerate`, MASTER_KEY, {}), 404, 'not_found_error');
      const missing = await api.post('/key/regenerate', MASTER_KEY, {});
      expectLitellmError(missing, 422, 'bad_request_error');
      expect(missing.body.error.param).toBe('key');
      for (const [body, field] of [
        [{ key: chosen, new_key: 'short' }, 'new_key'],
        [{ key: chosen, grace_period: 'a while' }, 'grace_period'],
      ] as const) {
        const bad = await api.post('/key/regenerate', MASTER_KEY, body);
        expectLitellmError(bad, 422, 'bad_request_error');
        expect(bad.body.error.param).toBe(field);
      }
      expect((await whoAmI(chosen)).status).toBe(200);
    });
  });

  describe('POST /key/block and /key/unblock', () => {
    it('a blocked key answers 401 auth_error until it is unblocked', async () => {
      const created = await api.adminKey({ user_id: 'bob' });
      const blocked = await api.post('/key/block', MASTER_KEY, { key: created.key });
      expect(blocked.status).toBe(200);
      expect(blocked.body).toEqual(expect.objectContaining({ token: created.token, blocked: true, user_id: 'bob' }));
      expect(blocked.body).not.toHaveProperty('key');
      const refused = await whoAmI(created.key);
      expectLitellmError(refused, 401, 'auth_error');
      expect(refused.body.error.message).toMatch(/blocked/i);
      expect((await api.get(`/key/info?key=${created.token}`, MASTER_KEY)).body.info.blocked).toBe(true);

      const unblocked = await api.post('/key/unblock', MASTER_KEY, { key: created.token });
      expect(unblocked.status).toBe(200);
      expect(unblocked.body.blocked).toBe(false);
      expect((await whoAmI(created.key)).status).toBe(200);
    });

    it('a key generated with blocked: true is refused from the start', async () => {
      const created = await api.adminKey({ blocked: true });
      expectLitellmError(await whoAmI(created.key), 401, 'auth_error');
    });

    it('admins and team admins block team keys; plain members get 401, outsiders 403; unknown keys 404', async () => {
      const teamKey = await api.adminKey({ team_id: teamId, user_id: 'member' });
      const byMember = await api.post('/key/block', member.key, { key: teamKey.key });
      expectLitellmError(byMember, 401, 'team_member_permission_error');
      expect(byMember.body.error.param).toBe('/key/block');
      expectLitellmError(await api.post('/key/block', bob.key, { key: teamKey.key }), 403);
      expectLitellmError(await api.post('/key/block', auditor.key, { key: teamKey.key }), 403);
      expect((await whoAmI(teamKey.key)).status).toBe(200);

      expect((await api.post('/key/block', lead.key, { key: teamKey.key })).status).toBe(200);
      expectLitellmError(await whoAmI(teamKey.key), 401, 'auth_error');
      expectLitellmError(await api.post('/key/unblock', member.key, { key: teamKey.key }), 401, 'team_member_permission_error');
      expectLitellmError(await api.post('/key/unblock', bob.key, { key: teamKey.key }), 403);
      expectLitellmError(await whoAmI(teamKey.key), 401, 'auth_error');
      expect((await api.post('/key/unblock', lead.key, { key: teamKey.key })).status).toBe(200);
      expect((await whoAmI(teamKey.key)).status).toBe(200);

      expectLitellmError(await api.post('/key/block', MASTER_KEY, { key: sha256('nope') }), 404, 'not_found_error');
      expectLitellmError(await api.post('/key/unblock', MASTER_KEY, { key: `sk-${'n'.repeat(43)}` }), 404, 'not_found_error');
    });
  });

  describe('expiry', () => {
    it('an expired key answers 401 expired_key; a new duration via /key/update brings it back', async () => {
      const created = (await api.generate(MASTER_KEY, { user_id: 'bob', duration: '2s' })).body;
      expect((await whoAmI(created.key)).status).toBe(200);
      await sleep(Math.max(0, Date.parse(created.expires) - Date.now()) + 100);
      const expired = await whoAmI(created.key);
      expectLitellmError(expired, 401, 'expired_key');
      // Management still sees it.
      expect((await api.get(`/key/info?key=${created.token}`, MASTER_KEY)).status).toBe(200);
      expect((await api.post('/key/update', MASTER_KEY, { key: created.token, duration: '1h' })).status).toBe(200);
      expect((await whoAmI(created.key)).status).toBe(200);
    });
  });

  describe('POST /key/health', () => {
    it('answers {key: "healthy", logging_callbacks: null} to any key, 401 without one', async () => {
      for (const key of [MASTER_KEY, bob.key, member.key]) {
        const res = await api.post('/key/health', key);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ key: 'healthy', logging_callbacks: null });
      }
      expectLitellmError(await t.http().post('/key/health').send({}), 401, 'auth_error');
    });
  });

  describe('personal keys', () => {
    it('the owner may read, update, regenerate and delete their personal key', async () => {
      const created = await api.generate(alice.key, { metadata: { v: 1 } });
      expect(created.status).toBe(200);
      expect((await api.get(`/key/info?key=${created.body.token}`, alice.key)).status).toBe(200);
      const updated = await api.post('/key/update', alice.key, { key: created.body.token, metadata: { v: 2 } });
      expect(updated.status).toBe(200);
      expect(updated.body.metadata).toEqual({ v: 2 });
      const regenerated = await api.post('/key/regenerate', alice.key, { key: created.body.key });
      expect(regenerated.status).toBe(200);
      const again = await api.post(`/key/${regenerated.body.token}/regenerate`, alice.key, {});
      expect(again.status).toBe(200);
      const deleted = await api.post('/key/delete', alice.key, { keys: [again.body.key] });
      expect(deleted.status).toBe(200);
      expect(deleted.body.deleted_keys).toEqual([again.body.key]);
      expectLitellmError(await whoAmI(again.body.key), 401, 'token_not_found_in_db');
    });

    it('another user may not read, update, regenerate, block or delete it (403), and the key keeps working', async () => {
      const created = await api.generate(alice.key, { key_alias: unique('private'), metadata: { v: 1 } });
      expect(created.status).toBe(200);
      const { key, token, key_alias: alias } = created.body;
      for (const [path, body] of [
        ['/key/update', { key: token, metadata: { hijacked: true } }],
        ['/key/regenerate', { key }],
        [`/key/${token}/regenerate`, {}],
        ['/key/delete', { keys: [token] }],
        ['/key/delete', { key_aliases: [alias] }],
        ['/key/block', { key: token }],
      ] as const) {
        for (const caller of [bob.key, member.key]) {
          const res = await api.post(path, caller, body);
          expectLitellmError(res, 403);
        }
      }
      expectLitellmError(await api.get(`/key/info?key=${token}`, bob.key), 403);
      const me = await whoAmI(key);
      expect(me.status).toBe(200);
      expect(me.body.info).toEqual(expect.objectContaining({ metadata: { v: 1 }, blocked: false }));
    });

    it('a proxy_admin_viewer reads any key but changes none, not even its own (401/403)', async () => {
      const created = await api.generate(alice.key, {});
      expect((await api.get(`/key/info?key=${created.body.token}`, auditor.key)).status).toBe(200);
      const ownToken = sha256(auditor.key);
      const keysBefore = (await api.get('/key/list?user_id=auditor', MASTER_KEY)).body.total_count;
      for (const [path, body] of [
        ['/key/update', { key: created.body.token, metadata: { by: 'auditor' } }],
        ['/key/regenerate', { key: created.body.token }],
        ['/key/delete', { keys: [created.body.token] }],
        ['/key/block', { key: created.body.token }],
        ['/key/generate', {}],
        ['/key/generate', { user_id: 'auditor' }],
        ['/key/update', { key: ownToken, metadata: { by: 'auditor' } }],
        ['/key/regenerate', { key: ownToken }],
        [`/key/${ownToken}/regenerate`, {}],
        ['/key/block', { key: ownToken }],
        ['/key/delete', { keys: [ownToken] }],
      ] as const) {
        const res = await api.post(path, auditor.key, body);
        expect({ path, denied: [401, 403].includes(res.status) }).toEqual({ path, denied: true });
        expectLitellmError(res, res.status);
      }
      expect((await whoAmI(created.body.key)).status).toBe(200);
      const own = await whoAmI(auditor.key);
      expect(own.status).toBe(200);
      expect(own.body.info.metadata).toEqual({});
      expect((await api.get('/key/list?user_id=auditor', MASTER_KEY)).body.total_count).toBe(keysBefore);
    });

    it('an internal_user_viewer reads its own keys but cannot create or change keys (LiteLLM: view only)', async () => {
      const viewer = await api.newUser({ user_id: unique('looker'), user_role: 'internal_user_viewer' });
      const info = await whoAmI(viewer.key);
      expect(info.status).toBe(200);
      expect((await api.get('/key/list', viewer.key)).body.keys).toEqual([sha256(viewer.key)]);
      for (const [path, body] of [
        ['/key/generate', {}],
        ['/key/update', { key: viewer.key, metadata: { changed: true } }],
        ['/key/regenerate', { key: viewer.key }],
        ['/key/delete', { keys: [viewer.key] }],
      ] as const) {
        const res = await api.post(path, viewer.key, body);
        expect({ path, denied: [401, 403].includes(res.status) }).toEqual({ path, denied: true });
        expectLitellmError(res, res.status);
      }
      expect((await whoAmI(viewer.key)).status).toBe(200);
    });
  });

  describe('bad input', () => {
    it('unknown fields are ignored, never applied and never stored', async () => {
      const made = await api.generate(MASTER_KEY, { is_admin: true, user_role: 'proxy_admin', secret_field: 1, user_id: 'bob' });
      expect(made.status).toBe(200);
      expect(made.body).not.toHaveProperty('is_admin');
      expect(made.body).not.toHaveProperty('secret_field');
      const updated = await api.post('/key/update', MASTER_KEY, { key: made.body.key, secret_field: 1, spend: 0 });
      expect(updated.status).toBe(200);
      expect(updated.body).not.toHaveProperty('secret_field');
      const info = await api.get(`/key/info?key=${made.body.token}`, MASTER_KEY);
      expect(info.body.info).not.toHaveProperty('secret_field');
      expect(info.body.info).not.toHaveProperty('is_admin');
      // The key is still bob's plain key: the ignored role gives it nothing.
      expectLitellmError(await api.post('/team/new', made.body.key, { team_alias: unique('nope') }), 401);
    });

    it('malformed JSON and wrong types answer 400/422 in the LiteLLM envelope, never 500', async () => {
      const before = (await api.get('/key/list', MASTER_KEY)).body.total_count;
      const malformed = await t
        .http()
        .post('/key/generate')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .set('Content-Type', 'application/json')
        .send('{"key_alias": "x",');
      expectLitellmError(malformed, 400, 'bad_request_error');

      const cases: [string, object, string][] = [
        ['/key/generate', { models: 'gpt-4' }, 'models'],
        ['/key/generate', { models: [1, 2] }, 'models'],
        ['/key/generate', { max_budget: 'lots' }, 'max_budget'],
        ['/key/generate', { max_budget: -1 }, 'max_budget'],
        ['/key/generate', { duration: 'forever' }, 'duration'],
        ['/key/generate', { duration: 30 }, 'duration'],
        ['/key/generate', { tpm_limit: 1.5 }, 'tpm_limit'],
        ['/key/generate', { metadata: 'text' }, 'metadata'],
        ['/key/generate', { blocked: 'yes' }, 'blocked'],
        ['/key/generate', { key_type: 'root' }, 'key_type'],
        ['/key/generate', { user_id: 42 }, 'user_id'],
        ['/key/update', { key: 123 }, 'key'],
        ['/key/update', { key: alice.key, team_id: ['x'] }, 'team_id'],
        ['/key/delete', { keys: 'sk-single' }, 'keys'],
        ['/key/delete', { keys: [1] }, 'keys'],
        ['/key/block', {}, 'key'],
        ['/key/unblock', { key: '' }, 'key'],
        ['/key/regenerate', { key: alice.key, grace_period: 5 }, 'grace_period'],
      ];
      for (const [path, body, field] of cases) {
        const res = await api.post(path, MASTER_KEY, body);
        expect({ path, body, status: res.status }).toEqual({ path, body, status: 422 });
        expectLitellmError(res, 422, 'bad_request_error');
        expect({ path, body, param: res.body.error.param }).toEqual({ path, body, param: field });
        expect(res.body.error.message).toContain(field);
      }
      for (const raw of ['[1, 2]', '"a string"', 'null', '42']) {
        const res = await t
          .http()
          .post('/key/generate')
          .set('Authorization', `Bearer ${MASTER_KEY}`)
          .set('Content-Type', 'application/json')
          .send(raw);
        expect({ raw, ok: [400, 422].includes(res.status) }).toEqual({ raw, ok: true });
        expectLitellmError(res, res.status, 'bad_request_error');
      }
      const wrongType = await t
        .http()
        .post('/key/update')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .set('Content-Type', 'text/plain')
        .send('key=abc');
      expect([400, 422]).toContain(wrongType.status);
      expectLitellmError(wrongType, wrongType.status);
      // A repeated query parameter is its last value (as FastAPI reads it), for the guard and the handler alike.
      expect((await api.get(`/key/info?key=${sha256('a')}&key=${alice.key}`, MASTER_KEY)).status).toBe(200);
      expectLitellmError(await api.get(`/key/info?key=${alice.key}&key=${sha256('b')}`, MASTER_KEY), 404);
      // Nothing was created by any of it.
      expect((await api.get('/key/list', MASTER_KEY)).body.total_count).toBe(before);
    });
  });
});
