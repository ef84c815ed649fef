import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { DataSource } from 'typeorm';
import { expectLitellmError, litellm } from '../../support/litellm-client.js';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { cachesCaughtUp } from '../../support/caches.js';
import { userToken } from '../../support/tokens.js';

const unique = (prefix: string): string => `${prefix}-${Math.random().toString(16).slice(2, 10)}`;

/**
 * Forward auth (issue 12): a proxy asks about a client's original request. Each refusal is asserted with the
 * credential that would otherwise pass, so that what refuses is the rule under test.
 */
describe('forward auth (/auth/forward)', () => {
  let t: TestApp;
  let api: ReturnType<typeof litellm>;
  let sql: DataSource;
  let teamId: string;
  let otherTeamId: string;
  /** A public server of team, and a team-only server of otherTeam. */
  let serverId: string;
  let hiddenServerId: string;
  /** alice: member of team; bob: member of otherTeam only. */
  let aliceKey: string;
  let bobKey: string;
  const keys: Record<string, { key: string; token: string }> = {};

  /** nginx style: the original URI in X-Original-URI. */
  const nginx = (key: string | null, uri: string, extra: Record<string, string> = {}) => {
    const req = t.http().get('/auth/forward').set('X-Original-URI', uri).set('X-Original-Method', 'POST');
    for (const [name, value] of Object.entries(extra)) req.set(name, value);
    return key === null ? req : req.set('Authorization', `Bearer ${key}`);
  };
  /** Traefik style: X-Forwarded-Method and X-Forwarded-Uri. */
  const traefik = (key: string, uri: string, extra: Record<string, string> = {}) => {
    const req = t
      .http()
      .get('/auth/forward')
      .set('Authorization', `Bearer ${key}`)
      .set('X-Forwarded-Method', 'POST')
      .set('X-Forwarded-Uri', uri);
    for (const [name, value] of Object.entries(extra)) req.set(name, value);
    return req;
  };
  /** Envoy ext_authz HTTP service: the original method, the original path after the prefix, the body when enabled. */
  const envoy = (key: string, path: string, body?: unknown) => {
    const req = t.http().post(`/auth/forward${path}`).set('Authorization', `Bearer ${key}`);
    return body === undefined ? req : req.set('Content-Type', 'application/json').send(JSON.stringify(body));
  };

  const generate = async (name: string, body: object) => {
    const res = await api.post('/key/generate', MASTER_KEY, { key_alias: unique(name), ...body });
    if (res.status !== 200) throw new Error(`key/generate ${name}: ${res.status} ${res.text}`);
    keys[name] = res.body;
    return res.body as { key: string; token: string };
  };

  const insertTool = async (name: string, team: string, visibility: 'public' | 'team' | 'private', ownerUserId: string | null = null) => {
    const [row] = await sql.query(
      `INSERT INTO tools (name, original_name, team_id, owner_user_id, visibility) VALUES ($1, $1, $2, $3, $4) RETURNING id`,
      [name, team, ownerUserId, visibility],
    );
    return row.id as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    api = litellm(t.http);
    sql = t.app.get(DataSource);
    aliceKey = (await api.newUser({ user_id: 'fa-alice', user_email: 'fa-alice@example.com' })).key;
    bobKey = (await api.newUser({ user_id: 'fa-bob', user_email: 'fa-bob@example.com' })).key;
    teamId = (
      await api.newTeam({
        team_alias: unique('fa-team'),
        models: ['gpt-4o', 'claude-3'],
        members_with_roles: [{ user_id: 'fa-alice', role: 'user' }],
      })
    ).team_id;
    otherTeamId = (await api.newTeam({ team_alias: unique('fa-other'), members_with_roles: [{ user_id: 'fa-bob', role: 'user' }] }))
      .team_id;
    await generate('llm', { user_id: 'fa-alice', team_id: teamId, key_type: 'llm_api', models: ['gpt-4o'], key_alias: 'fa-llm-key' });
    await generate('management', { user_id: 'fa-alice', team_id: teamId, key_type: 'management' });
    await generate('readOnly', { user_id: 'fa-alice', team_id: teamId, key_type: 'read_only' });
    await generate('plain', { user_id: 'fa-alice', team_id: teamId });
    await generate('routes', { user_id: 'fa-alice', team_id: teamId, allowed_routes: ['/v1/embeddings'] });
    await generate('group', { user_id: 'fa-alice', team_id: teamId, allowed_routes: ['llm_api_routes'] });
    await generate('budget', { user_id: 'fa-alice', team_id: teamId, max_budget: 1 });
    await generate('blocked', { user_id: 'fa-alice', team_id: teamId });
    await generate('expired', { user_id: 'fa-alice', team_id: teamId });
    await generate('bob', { user_id: 'fa-bob', team_id: otherTeamId });
    const insertServer = async (team: string, visibility: string) =>
      (
        await sql.query(`INSERT INTO servers (name, team_id, visibility) VALUES ($1, $2, $3) RETURNING id`, [
          unique('fa-server'),
          team,
          visibility,
        ])
      )[0].id as string;
    serverId = await insertServer(teamId, 'public');
    hiddenServerId = await insertServer(otherTeamId, 'team');
  });
  afterAll(() => t.close());

  describe('credentials', () => {
    it('a valid key is allowed, with the identity headers for the upstream (empty ones left out)', async () => {
      const res = await nginx(keys.llm.key, '/v1/chat/completions', { 'X-Portcullis-Model': 'gpt-4o' });
      expect(res.status).toBe(200);
      expect(res.headers['x-portcullis-user-id']).toBe('fa-alice');
      expect(res.headers['x-portcullis-user-email']).toBe('fa-alice@example.com');
      expect(res.headers['x-portcullis-team-id']).toBe(teamId);
      expect(res.headers['x-portcullis-key-alias']).toBe('fa-llm-key');
      const [{ id }] = await sql.query(`SELECT id FROM api_keys WHERE token_hash = $1`, [keys.llm.token]);
      expect(res.headers['x-portcullis-key-id']).toBe(id);
      // The master key has no user, team or key: no such headers at all.
      const master = await nginx(MASTER_KEY, '/v1/chat/completions');
      expect(master.status).toBe(200);
      expect(Object.keys(master.headers).filter((h) => h.startsWith('x-portcullis-'))).toEqual([]);
    });

    it('no credential, an unknown key, a blocked key and an expired key: 401 with a challenge', async () => {
      const missing = await nginx(null, '/v1/chat/completions');
      expectLitellmError(missing, 401);
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      const unknown = await nginx('sk-this-key-does-not-exist-0000000000', '/v1/chat/completions');
      expectLitellmError(unknown, 401, 'token_not_found_in_db');
      expect(unknown.headers['www-authenticate']).toBe('Bearer');

      expect((await api.post('/key/block', MASTER_KEY, { key: keys.blocked.key })).status).toBe(200);
      const blocked = await nginx(keys.blocked.key, '/v1/chat/completions');
      expectLitellmError(blocked, 401);
      expect(blocked.body.error.message).toContain('blocked');
      expect(blocked.headers['www-authenticate']).toBe('Bearer');

      await sql.query(`UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`, [keys.expired.token]);
      const expired = await nginx(keys.expired.key, '/v1/chat/completions');
      expectLitellmError(expired, 401, 'expired_key');
      expect(expired.headers['www-authenticate']).toBe('Bearer');
    });

    it('a user JWT is decided like a key', async () => {
      const res = await nginx(userToken('fa-alice@example.com'), '/v1/embeddings');
      expect(res.status).toBe(200);
      expect(res.headers['x-portcullis-user-email']).toBe('fa-alice@example.com');
      expect(res.headers['x-portcullis-key-id']).toBeUndefined();
    });
  });

  describe('routes: allowed_routes and key_type', () => {
    it('allowed_routes naming a route allows that route only (403 elsewhere)', async () => {
      expect((await nginx(keys.routes.key, '/v1/embeddings')).status).toBe(200);
      const refused = await nginx(keys.routes.key, '/v1/chat/completions');
      expectLitellmError(refused, 403, 'auth_error');
      expect(refused.body.error.message).toContain('/v1/chat/completions');
    });

    it('allowed_routes naming a LiteLLM route group (llm_api_routes)', async () => {
      expect((await nginx(keys.group.key, '/chat/completions')).status).toBe(200);
      expect((await nginx(keys.group.key, '/mcp')).status).toBe(200);
      expectLitellmError(await nginx(keys.group.key, '/key/generate'), 403);
    });

    it('llm_api keys call LLM routes, not management routes; management keys the reverse', async () => {
      for (const route of [
        '/v1/chat/completions',
        '/chat/completions',
        '/v1/embeddings',
        '/v1/models',
        '/v1/messages',
        '/responses',
        '/audio/speech',
      ]) {
        expect({ route, status: (await nginx(keys.llm.key, route)).status }).toEqual({ route, status: 200 });
        expect({ route, status: (await nginx(keys.management.key, route)).status }).toEqual({ route, status: 403 });
      }
      expectLitellmError(await nginx(keys.llm.key, '/key/generate'), 403);
      expect((await nginx(keys.management.key, '/key/generate')).status).toBe(200);
      // read_only keys: LiteLLM's info routes, which include the model list.
      expect((await nginx(keys.readOnly.key, '/v1/models')).status).toBe(200);
      expectLitellmError(await nginx(keys.readOnly.key, '/v1/chat/completions'), 403);
    });

    it('a path with dot segments or an encoded slash is refused, not resolved', async () => {
      expectLitellmError(await nginx(keys.llm.key, '/v1/chat/completions/../../../key/generate'), 403);
      expectLitellmError(await nginx(keys.llm.key, '/v1/chat/completions/%2e%2e/%2e%2e/%2e%2e/key/generate'), 403);
      expectLitellmError(await nginx(keys.llm.key, '/v1%2Fchat/completions'), 403);
    });
  });

  describe('models', () => {
    it("a model outside the key's list: 403 with LiteLLM's message", async () => {
      const res = await nginx(keys.llm.key, '/v1/chat/completions', { 'X-Portcullis-Model': 'claude-3' });
      expectLitellmError(res, 403, 'key_model_access_denied');
      expect(res.body.error.message).toBe(
        "key not allowed to access model. This key can only access models=['gpt-4o']. Tried to access claude-3",
      );
      expect(res.body.error.param).toBe('model');
    });

    it("a model outside the team's list: 403 team_model_access_denied", async () => {
      const res = await nginx(keys.plain.key, '/v1/chat/completions', { 'X-Portcullis-Model': 'llama-3' });
      expectLitellmError(res, 403, 'team_model_access_denied');
      expect(res.body.error.message).toBe(
        "team not allowed to access model. This team can only access models=['gpt-4o', 'claude-3']. Tried to access llama-3",
      );
      expect((await nginx(keys.plain.key, '/v1/chat/completions', { 'X-Portcullis-Model': 'claude-3' })).status).toBe(200);
    });

    it("a model outside the organization's list: 403 org_model_access_denied", async () => {
      const org = await api.post('/organization/new', MASTER_KEY, { organization_alias: unique('fa-org'), models: ['gpt-4o'] });
      expect(org.status).toBe(200);
      const team = (await api.newTeam({ team_alias: unique('fa-org-team'), organization_id: org.body.organization_id })).team_id;
      const { key } = await generate('orgKey', { team_id: team });
      expect((await nginx(key, '/v1/chat/completions', { 'X-Portcullis-Model': 'gpt-4o' })).status).toBe(200);
      const res = await nginx(key, '/v1/chat/completions', { 'X-Portcullis-Model': 'claude-3' });
      expectLitellmError(res, 403, 'org_model_access_denied');
      expect(res.body.error.message).toBe(
        "org not allowed to access model. This org can only access models=['gpt-4o']. Tried to access claude-3",
      );
    });

    it('the model from a forwarded JSON body (Envoy with_request_body) counts, and must agree with the header', async () => {
      expect((await envoy(keys.llm.key, '/v1/chat/completions', { model: 'gpt-4o', messages: [] })).status).toBe(200);
      expectLitellmError(
        await envoy(keys.llm.key, '/v1/chat/completions', { model: 'claude-3', messages: [] }),
        403,
        'key_model_access_denied',
      );
      const disagreeing = await envoy(keys.llm.key, '/v1/chat/completions', { model: 'claude-3' }).set('X-Portcullis-Model', 'gpt-4o');
      expectLitellmError(disagreeing, 403);
    });
  });

  describe('budgets', () => {
    it("a key whose spend reached its max_budget: 429 budget_exceeded in LiteLLM's words", async () => {
      expect((await nginx(keys.budget.key, '/v1/chat/completions')).status).toBe(200);
      await sql.query(`UPDATE api_keys SET spend = 2 WHERE token_hash = $1`, [keys.budget.token]);
      // Written behind the application's back: the spend is announced, and the caches hear it before the next request.
      await cachesCaughtUp(t);
      const res = await nginx(keys.budget.key, '/v1/chat/completions');
      expectLitellmError(res, 429, 'budget_exceeded');
      expect(res.body.error.message).toMatch(/^Budget has been exceeded! Key=.+ \(sk-\.\.\..{4}\) Current cost: 2\.0, Max budget: 1\.0$/);
      // Budgets are about LLM calls: the management routes the key may call are not charged.
      expect((await nginx(keys.budget.key, '/key/info')).status).toBe(200);
    });

    it("a team whose spend reached its max_budget refuses its keys' LLM calls", async () => {
      const team = (await api.newTeam({ team_alias: unique('fa-spent'), max_budget: 5 })).team_id;
      const { key } = await generate('teamBudget', { team_id: team });
      expect((await nginx(key, '/v1/embeddings')).status).toBe(200);
      await sql.query(`UPDATE teams SET spend = 10 WHERE id = $1`, [team]);
      // Written behind the application's back: the spend is announced, and the caches hear it before the next request.
      await cachesCaughtUp(t);
      const res = await nginx(key, '/v1/embeddings');
      expectLitellmError(res, 429, 'budget_exceeded');
      expect(res.body.error.message).toBe(`Budget has been exceeded! Team=${team} Current cost: 10.0, Max budget: 5.0`);
    });

    it("a user's own budget refuses their personal keys", async () => {
      const user = await api.newUser({ user_id: unique('fa-spender'), max_budget: 3 });
      expect((await nginx(user.key, '/v1/embeddings')).status).toBe(200);
      await sql.query(`UPDATE users SET spend = 4 WHERE user_id = $1`, [user.user_id]);
      // Written behind the application's back: the spend is announced, and the caches hear it before the next request.
      await cachesCaughtUp(t);
      const res = await nginx(user.key, '/v1/embeddings');
      expectLitellmError(res, 429, 'budget_exceeded');
      expect(res.body.error.message).toBe(`ExceededBudget: User=${user.user_id} over budget. Spend=4.0, Budget=3.0`);
    });
  });

  describe('MCP tools', () => {
    let publicTool: string;
    let hiddenTool: string;

    beforeAll(async () => {
      publicTool = unique('fa-public-tool');
      hiddenTool = unique('fa-hidden-tool');
      await insertTool(publicTool, teamId, 'public');
      await insertTool(hiddenTool, otherTeamId, 'team');
    });

    const toolsCall = (name: string) => ({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: {} } });

    it('a tools/call needs tools.execute on that tool: allowed for a member of its team, 403 for someone who only sees it', async () => {
      expect((await envoy(aliceKey, '/mcp', toolsCall(publicTool))).status).toBe(200);
      expect((await envoy(keys.llm.key, '/mcp', toolsCall(publicTool))).status).toBe(200);
      const refused = await envoy(bobKey, '/mcp', toolsCall(publicTool));
      expectLitellmError(refused, 403);
      expect(refused.body.error.message).toContain('tools.execute');
      // The tool named by header (nginx, Traefik), by id as well as by name.
      const [{ id }] = await sql.query(`SELECT id FROM tools WHERE name = $1`, [publicTool]);
      expect((await nginx(aliceKey, `/servers/${serverId}/mcp`, { 'X-Portcullis-Tool': id })).status).toBe(200);
      expectLitellmError(await traefik(bobKey, '/mcp', { 'X-Portcullis-Tool': publicTool }), 403);
    });

    it('a tool the caller cannot see is refused exactly like one that does not exist', async () => {
      const hidden = await envoy(aliceKey, '/mcp', toolsCall(hiddenTool));
      const missing = await envoy(aliceKey, '/mcp', toolsCall('no-such-tool'));
      expectLitellmError(hidden, 403);
      expect(hidden.body.error.message).not.toContain(otherTeamId);
      expect(missing.status).toBe(hidden.status);
      expect(missing.body.error.message.replace('no-such-tool', 'X')).toBe(hidden.body.error.message.replace(hiddenTool, 'X'));
      // Its own team sees and executes it.
      expect((await envoy(bobKey, '/mcp', toolsCall(hiddenTool))).status).toBe(200);
    });

    it("a server's transport needs servers.use on a server the caller can see; a hidden one is refused like a missing one", async () => {
      expect((await nginx(aliceKey, `/servers/${serverId}/mcp`)).status).toBe(200);
      expect((await nginx(bobKey, `/servers/${serverId}/sse`)).status).toBe(200);
      expect((await nginx(bobKey, `/servers/${hiddenServerId}/mcp`)).status).toBe(200);
      const hidden = await nginx(aliceKey, `/servers/${hiddenServerId}/mcp`);
      const missing = await nginx(aliceKey, '/servers/00000000-0000-0000-0000-000000000000/mcp');
      expectLitellmError(hidden, 403);
      expect(missing.body).toEqual(hidden.body);
      expectLitellmError(await nginx(aliceKey, '/servers/not-a-uuid/mcp'), 403);
    });

    it('every call of a JSON-RPC batch is checked', async () => {
      expectLitellmError(await envoy(aliceKey, '/mcp', [toolsCall(publicTool), toolsCall(hiddenTool)]), 403);
      expect((await envoy(aliceKey, '/mcp', [toolsCall(publicTool), { jsonrpc: '2.0', id: 2, method: 'tools/list' }])).status).toBe(200);
    });
  });

  describe('ContextForge API tokens', () => {
    it('a server-scoped token is held to its server on the original path, and a subset without llm.invoke to MCP', async () => {
      const session = userToken('fa-alice@example.com', { tokenUse: 'session' });
      const issue = async (scope: object) => {
        const res = await t
          .http()
          .post(`/tokens/teams/${teamId}`)
          .set('Authorization', `Bearer ${session}`)
          .send({ name: unique('fa-tok'), scope });
        expect(res.status).toBe(201);
        return res.body.access_token as string;
      };
      const scoped = await issue({ server_id: serverId });
      expect((await nginx(scoped, `/servers/${serverId}/mcp`)).status).toBe(200);
      expectLitellmError(await nginx(scoped, '/servers/00000000-0000-0000-0000-000000000000/mcp'), 403);
      expectLitellmError(await nginx(scoped, '/v1/chat/completions'), 403);
      const toolsOnly = await issue({ permissions: ['tools.execute'] });
      expect((await nginx(toolsOnly, '/mcp')).status).toBe(200);
      expectLitellmError(await nginx(toolsOnly, '/v1/embeddings'), 403);
    });
  });

  describe('proxies', () => {
    it('nginx (X-Original-URI), Traefik (X-Forwarded-Uri) and Envoy (path prefix) name the same request', async () => {
      expect((await nginx(keys.routes.key, '/v1/embeddings?x=1')).status).toBe(200);
      expect((await traefik(keys.routes.key, '/v1/embeddings?x=1')).status).toBe(200);
      expect((await envoy(keys.routes.key, '/v1/embeddings?x=1')).status).toBe(200);
      expectLitellmError(await traefik(keys.routes.key, '/v1/chat/completions'), 403);
      expectLitellmError(await envoy(keys.routes.key, '/v1/chat/completions'), 403);
      // Any method: Envoy asks with the client's own.
      for (const method of ['get', 'put', 'patch', 'delete', 'head', 'options'] as const) {
        const res = await t.http()[method]('/auth/forward/v1/embeddings').set('Authorization', `Bearer ${keys.routes.key}`);
        expect({ method, status: res.status }).toEqual({ method, status: 200 });
      }
    });

    it("two sources that disagree about the path are refused, never resolved in the client's favour", async () => {
      const res = await nginx(keys.routes.key, '/v1/chat/completions', { 'X-Forwarded-Uri': '/v1/embeddings' });
      expectLitellmError(res, 403);
      expectLitellmError(await envoy(keys.routes.key, '/v1/chat/completions').set('X-Forwarded-Uri', '/v1/embeddings'), 403);
    });

    it('without any original path: 400 (a proxy misconfiguration)', async () => {
      expectLitellmError(await t.http().get('/auth/forward').set('Authorization', `Bearer ${aliceKey}`), 400);
    });

    it('never a 500 on garbage', async () => {
      const garbage: [string, Record<string, string>, string | undefined][] = [
        ['/auth/forward', { 'X-Original-URI': '%%%' }, undefined],
        ['/auth/forward', { 'X-Original-URI': 'no-slash' }, undefined],
        ['/auth/forward', { 'X-Original-URI': '/../../etc/passwd' }, undefined],
        ['/auth/forward', { 'X-Forwarded-Uri': 'http://[::1' }, undefined],
        ['/auth/forward', { 'X-Forwarded-Uri': '/a', 'X-Forwarded-Method': 'G E T' }, undefined],
        ['/auth/forward', { 'X-Forwarded-Uri': '/mcp', 'X-Portcullis-Tool': ' ' }, undefined],
        ['/auth/forward', { 'X-Forwarded-Uri': '/v1/models', 'X-Portcullis-Model': 'x'.repeat(5000) }, undefined],
        ['/auth/forward/mcp', { 'Content-Type': 'application/json' }, '{"jsonrpc": "2.0", "method": "tools/call", "params": {"name": 42}}'],
        ['/auth/forward/mcp', { 'Content-Type': 'application/json' }, '{"truncated": '],
        ['/auth/forward/mcp', { 'Content-Type': 'application/json' }, 'null'],
        ['/auth/forward/v1/chat/completions', { 'Content-Type': 'application/octet-stream' }, '\u0000\u0001'],
        ['/auth/forward/v1/chat/completions', { 'Content-Type': 'multipart/form-data; boundary=x' }, '--x\r\n'],
        ['/auth/forward/v1/chat/completions', { 'Content-Type': 'application/json' }, '{"model": {"nested": true}}'],
      ];
      for (const [path, headers, body] of garbage) {
        let req: supertest.Test = t.http().post(path).set('Authorization', `Bearer ${aliceKey}`);
        for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
        const res = await (body === undefined ? req : req.send(body));
        expect({ path, headers, status: res.status < 500 }).toEqual({ path, headers, status: true });
        if (res.status !== 200) expectLitellmError(res, [400, 401, 403, 413, 429]);
      }
    });

    it('is not a ContextForge path: no /v1 alias and no deprecation header', async () => {
      const res = await nginx(aliceKey, '/v1/models');
      expect(res.status).toBe(200);
      expect(res.headers.deprecation).toBeUndefined();
      expect(
        (await t.http().get('/v1/auth/forward').set('Authorization', `Bearer ${aliceKey}`).set('X-Original-URI', '/v1/models')).status,
      ).toBe(404);
    });
  });
});
