import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { cachesCaughtUp } from '../../support/caches.js';
import { litellm } from '../../support/litellm-client.js';
import { startBrokenUpstream } from '../../support/broken-upstream.js';
import { closedPort, DEFAULT_TOOLS, type McpTestServer, startMcpTestServer } from '../../support/mcp-test-server.js';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';
import { buildWorld, type Caller, callerWith, uniqueName, type World } from './catalog-fixtures.js';

const UPSTREAM_SECRET = 'catalog-routes-upstream-secret-5d1c';
const ACCESS_DENIED = { detail: 'Access denied' };

type Row = { id: string; name: string; visibility: string; team_id: string | null };

/**
 * The catalog and gateway routes added after the first cut: `GET /resources/{id}/info`,
 * `GET /servers/{id}/tools|resources|prompts`, `POST /prompts/{id}` (render) and `POST /gateways/{id}/tools/refresh`.
 * Each: what the caller may not see is 404, what they see without the permission is 403, then what it answers.
 */
describe('ContextForge catalog routes: resource info, server items, prompt rendering, gateway tool refresh', () => {
  let t: TestApp;
  let w: World;
  /** A member of alpha holding no role at all (no platform_viewer either): sees alpha's rows, may read none. */
  let bare: Caller;

  beforeAll(async () => {
    t = await startTestApp({ env: { GATEWAY_CONNECT_TIMEOUT_MS: '2000' } });
    w = await buildWorld(t);
    const api = litellm(t.http);
    const email = `bare-${uniqueName('u')}@test.example.com`;
    await api.newUser({ user_id: email, user_email: email });
    const added = await api.post('/team/member_add', MASTER_KEY, { team_id: w.alpha, member: { role: 'user', user_email: email } });
    expect(added.status).toBe(200);
    await t.app
      .get(DataSource)
      .query(`UPDATE role_assignments a SET is_active = false, revoked_at = now() FROM users u WHERE u.id = a.user_id AND u.email = $1`, [
        email,
      ]);
    await cachesCaughtUp(t);
    bare = callerWith(t, email, userToken(email, { tokenUse: 'session' }));
  });
  afterAll(() => t.close());

  async function create(
    caller: Caller,
    kind: 'tools' | 'resources' | 'prompts' | 'servers',
    fields: object,
    envelope: object,
  ): Promise<Row> {
    const key = kind.slice(0, -1);
    const res = await caller.post(`/${kind}`, { [key]: fields, ...envelope });
    expect({ kind, status: res.status, body: res.body }).toEqual({ kind, status: 201, body: expect.anything() });
    return res.body as Row;
  }
  const tool = (caller: Caller, envelope: object) =>
    create(caller, 'tools', { name: uniqueName('tool'), url: 'https://example.com/tool', integration_type: 'REST' }, envelope);
  const resource = (caller: Caller, envelope: object, content: string | null = 'hello') => {
    const name = uniqueName('res');
    return create(caller, 'resources', { uri: `file:///routes/${name}`, name, mimeType: 'text/plain', content }, envelope);
  };
  const prompt = (caller: Caller, envelope: object, fields: object = {}) =>
    create(caller, 'prompts', { name: uniqueName('prompt'), template: 'Hi {{ who }}', arguments: [], ...fields }, envelope);

  describe('GET /resources/{id}/info', () => {
    it('hidden rows are 404 and unknown ids are 404; visible rows without resources.read are 403', async () => {
      const team = await resource(w.dev, { team_id: w.alpha, visibility: 'team' });
      const mine = await resource(w.dev, { team_id: w.alpha, visibility: 'private' });
      const pub = await resource(w.dev, { team_id: w.alpha, visibility: 'public' });
      expect((await w.outsider.get(`/resources/${team.id}/info`)).body).toEqual({ detail: 'Resource not found' });
      expect((await w.outsider.get(`/resources/${team.id}/info`)).status).toBe(404);
      expect((await w.dev2.get(`/resources/${mine.id}/info`)).status).toBe(404);
      expect((await w.admin.get(`/resources/${mine.id}/info`)).status).toBe(404);
      expect((await w.dev.get('/resources/00000000-0000-4000-8000-000000000000/info')).status).toBe(404);
      expect((await w.dev.get('/resources/not-a-uuid/info')).status).toBe(404);
      for (const row of [team, pub]) {
        const res = await bare.get(`/resources/${row.id}/info`);
        expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: ACCESS_DENIED });
      }
      expect((await bare.get(`/resources/${mine.id}/info`)).status).toBe(404);
    });

    it("answers the resource's metadata without its content (ContextForge ResourceRead)", async () => {
      const row = await resource(w.dev, { team_id: w.alpha, visibility: 'team' }, 'héllo');
      const res = await w.viewer.get(`/resources/${row.id}/info`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: row.id,
          uri: expect.stringMatching(/^file:\/\/\/routes\//),
          name: row.name,
          mime_type: 'text/plain',
          size: 6,
          uri_template: null,
          enabled: true,
          team_id: w.alpha,
          owner_email: w.dev.email,
          visibility: 'team',
        }),
      );
      expect(res.body).not.toHaveProperty('content');
      const empty = await resource(w.dev, { team_id: w.alpha }, null);
      expect((await w.dev.get(`/resources/${empty.id}/info`)).body.size).toBeNull();
    });

    it('a disabled resource is 404 unless ?include_inactive=true', async () => {
      const row = await resource(w.dev, { team_id: w.alpha, visibility: 'team' });
      expect((await w.dev.post(`/resources/${row.id}/state?activate=false`)).status).toBe(200);
      expect((await w.viewer.get(`/resources/${row.id}/info`)).status).toBe(404);
      const res = await w.viewer.get(`/resources/${row.id}/info?include_inactive=true`);
      expect({ status: res.status, enabled: res.body.enabled }).toEqual({ status: 200, enabled: false });
      expect((await w.viewer.get(`/resources/${row.id}/info?include_inactive=maybe`)).status).toBe(422);
    });
  });

  describe('GET /servers/{id}/tools|resources|prompts', () => {
    /** A public server of dev's bundling, per kind, a public item, an alpha team item and dev's own private item. */
    async function bundle() {
      const envelopes = [
        { team_id: w.alpha, visibility: 'public' },
        { team_id: w.alpha, visibility: 'team' },
        { team_id: w.alpha, visibility: 'private' },
      ];
      const tools = await Promise.all(envelopes.map((e) => tool(w.dev, e)));
      const resources = await Promise.all(envelopes.map((e) => resource(w.dev, e)));
      const prompts = await Promise.all(envelopes.map((e) => prompt(w.dev, e)));
      const server = await create(
        w.dev,
        'servers',
        {
          name: uniqueName('server'),
          associated_tools: tools.map((r) => r.id),
          associated_resources: resources.map((r) => r.id),
          associated_prompts: prompts.map((r) => r.id),
        },
        { team_id: w.alpha, visibility: 'public' },
      );
      return { server, items: { tools, resources, prompts } };
    }
    const KINDS = ['tools', 'resources', 'prompts'] as const;
    const idsOf = (body: { id: string }[]) => body.map((row) => row.id).sort();

    it("a visible server does not leak its items' privacy: each caller sees only the items they could see anyway", async () => {
      const { server, items } = await bundle();
      for (const kind of KINDS) {
        const [pub, team, priv] = items[kind];
        const seen = async (caller: Caller) => {
          const res = await caller.get(`/servers/${server.id}/${kind}`);
          expect({ kind, status: res.status }).toEqual({ kind, status: 200 });
          return idsOf(res.body);
        };
        // Another team's developer: the public item only (neither alpha's team item nor dev's private one).
        expect(await seen(w.outsider)).toEqual([pub.id]);
        // A teammate: public and team items, not dev's private item.
        expect(await seen(w.viewer)).toEqual([pub.id, team.id].sort());
        expect(await seen(w.dev2)).toEqual([pub.id, team.id].sort());
        // Platform admins do not see other users' private rows either.
        expect(await seen(w.admin)).toEqual([pub.id, team.id].sort());
        // The owner sees all three.
        expect(await seen(w.dev)).toEqual([pub.id, team.id, priv.id].sort());
      }
    });

    it('a hidden server is 404 and an unknown one too; a visible one without servers.read is 403', async () => {
      const team = await create(w.dev, 'servers', { name: uniqueName('server') }, { team_id: w.alpha, visibility: 'team' });
      const pub = await create(w.dev, 'servers', { name: uniqueName('server') }, { team_id: w.alpha, visibility: 'public' });
      for (const kind of KINDS) {
        const hidden = await w.outsider.get(`/servers/${team.id}/${kind}`);
        expect({ kind, status: hidden.status, body: hidden.body }).toEqual({ kind, status: 404, body: { detail: 'Server not found' } });
        expect((await w.dev.get(`/servers/00000000-0000-4000-8000-000000000000/${kind}`)).status).toBe(404);
        for (const row of [team, pub]) {
          const res = await bare.get(`/servers/${row.id}/${kind}`);
          expect({ kind, status: res.status, body: res.body }).toEqual({ kind, status: 403, body: ACCESS_DENIED });
        }
      }
    });

    it('answers the read shapes (resources without content); disabled items only with ?include_inactive=true', async () => {
      const { server, items } = await bundle();
      const tools = await w.viewer.get(`/servers/${server.id}/tools`);
      expect(tools.body[0]).toEqual(expect.objectContaining({ id: expect.any(String), integration_type: 'REST', enabled: true }));
      const resources = await w.viewer.get(`/servers/${server.id}/resources`);
      expect(resources.body[0]).toEqual(expect.objectContaining({ uri: expect.any(String), size: 5 }));
      expect(resources.body[0]).not.toHaveProperty('content');
      const prompts = await w.viewer.get(`/servers/${server.id}/prompts`);
      expect(prompts.body[0]).toEqual(expect.objectContaining({ template: 'Hi {{ who }}' }));

      for (const kind of KINDS) {
        const pub = items[kind][0];
        expect((await w.dev.post(`/${kind}/${pub.id}/state?activate=false`)).status).toBe(200);
        expect(idsOf((await w.outsider.get(`/servers/${server.id}/${kind}`)).body)).toEqual([]);
        const all = await w.outsider.get(`/servers/${server.id}/${kind}?include_inactive=true`);
        expect(all.body.map((row: { id: string; enabled: boolean }) => [row.id, row.enabled])).toEqual([[pub.id, false]]);
      }
    });
  });

  describe('POST /prompts/{id} (render)', () => {
    const template = 'Hello {{ name }}, you seem {{mood}}. {{ 7*7 }} {{ name | upper }} {% if x %}y{% endif %}';
    const args = [
      { name: 'name', description: 'Whom', required: true },
      { name: 'mood', required: false },
    ];

    it('hidden prompts are 404; visible ones without prompts.read are 403; disabled ones are 404', async () => {
      const mine = await prompt(w.dev, { team_id: w.alpha, visibility: 'private' });
      const team = await prompt(w.dev, { team_id: w.alpha, visibility: 'team' });
      const pub = await prompt(w.dev, { team_id: w.alpha, visibility: 'public' });
      expect((await w.dev2.post(`/prompts/${mine.id}`, { who: 'x' })).status).toBe(404);
      const hidden = await w.outsider.post(`/prompts/${team.id}`, { who: 'x' });
      expect({ status: hidden.status, body: hidden.body }).toEqual({ status: 404, body: { detail: 'Prompt not found' } });
      expect((await w.dev.post('/prompts/00000000-0000-4000-8000-000000000000', {})).status).toBe(404);
      for (const row of [team, pub]) {
        const res = await bare.post(`/prompts/${row.id}`, { who: 'x' });
        expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: ACCESS_DENIED });
      }
      // Naming another prompt in the body is refused before anything is rendered.
      const planted = await w.outsider.post(`/prompts/${pub.id}`, { id: mine.id });
      expect(planted.status).toBe(400);
      expect((await w.dev.post(`/prompts/${pub.id}/state?activate=false`)).status).toBe(200);
      expect((await w.outsider.post(`/prompts/${pub.id}`, { who: 'x' })).status).toBe(404);
    });

    it('renders with arguments (bare or wrapped): plain substitution, nothing evaluated', async () => {
      const row = await prompt(w.dev, { team_id: w.alpha, visibility: 'team' }, { template, arguments: args, description: 'A greeting' });
      const expected = {
        messages: [
          {
            role: 'user',
            content: { type: 'text', text: 'Hello Ada, you seem {{ 7*7 }}. {{ 7*7 }} {{ name | upper }} {% if x %}y{% endif %}' },
          },
        ],
        description: 'A greeting',
      };
      // A value that looks like a template is text: it is not rendered again.
      const bareForm = await w.viewer.post(`/prompts/${row.id}`, { name: 'Ada', mood: '{{ 7*7 }}' });
      expect({ status: bareForm.status, body: bareForm.body }).toEqual({ status: 200, body: expected });
      const wrapped = await w.viewer.post(`/prompts/${row.id}`, { arguments: { name: 'Ada', mood: '{{ 7*7 }}' } });
      expect({ status: wrapped.status, body: wrapped.body }).toEqual({ status: 200, body: expected });
      // Optional arguments may be left out (they render empty).
      const optional = await w.viewer.post(`/prompts/${row.id}`, { name: 'Bo' });
      expect(optional.body.messages[0].content.text).toMatch(/^Hello Bo, you seem \. /);
    });

    it('renders without arguments when none are required; a missing required argument or a non-string is a 422', async () => {
      const plain = await prompt(w.dev, { team_id: w.alpha, visibility: 'public' }, { template: 'Just text', description: null });
      const res = await w.outsider.post(`/prompts/${plain.id}`);
      expect({ status: res.status, body: res.body }).toEqual({
        status: 200,
        body: { messages: [{ role: 'user', content: { type: 'text', text: 'Just text' } }], description: null },
      });
      const row = await prompt(w.dev, { team_id: w.alpha, visibility: 'public' }, { template, arguments: args });
      const missing = await w.outsider.post(`/prompts/${row.id}`, { mood: 'ok' });
      expect({ status: missing.status, body: missing.body }).toEqual({
        status: 422,
        body: { detail: [{ loc: ['body', 'name'], msg: "Missing required argument 'name'", type: 'missing' }] },
      });
      expect((await w.outsider.post(`/prompts/${row.id}`)).status).toBe(422);
      const typed = await w.outsider.post(`/prompts/${row.id}`, { name: 42 });
      expect({ status: typed.status, loc: typed.body.detail?.[0]?.loc }).toEqual({ status: 422, loc: ['body', 'name'] });
      const list = await w.outsider.post(`/prompts/${row.id}`, ['Ada'] as unknown as object);
      expect(list.status).toBe(422);
    });

    it('a rendered prompt cannot grow without bound (413)', async () => {
      const row = await prompt(w.dev, { team_id: w.alpha }, { template: '{{a}}'.repeat(40) });
      const res = await w.dev.post(`/prompts/${row.id}`, { a: 'x'.repeat(64 * 1024) });
      expect(res.status).toBe(413);
    });
  });

  describe('POST /gateways/{id}/tools/refresh', () => {
    let mcp: McpTestServer;
    beforeAll(async () => {
      mcp = await startMcpTestServer();
    });
    afterAll(() => mcp.close());

    const register = async (caller: Caller, url: string, envelope: object) => {
      const res = await caller.post('/gateways', { name: uniqueName('gw'), url, transport: 'STREAMABLEHTTP', ...envelope });
      expect(res.status).toBe(201);
      return res.body as Row;
    };
    const importedOf = async (gatewayId: string, kind: 'tools' | 'resources' | 'prompts') => {
      const res = await w.dev.get(`/${kind}?gateway_id=${gatewayId}&limit=500&include_inactive=true`);
      expect(res.status).toBe(200);
      return res.body as { id: string; original_name?: string; description: string }[];
    };
    const ZEROS = {
      resources_added: 0,
      resources_updated: 0,
      resources_removed: 0,
      prompts_added: 0,
      prompts_updated: 0,
      prompts_removed: 0,
    };

    it('a hidden gateway is 404; a visible one without gateways.update is 403 (and nothing is contacted)', async () => {
      const gw = await register(w.dev, mcp.streamableUrl, { team_id: w.alpha, visibility: 'team' });
      const contacts = mcp.seenAuthorization.length;
      const hidden = await w.outsider.post(`/gateways/${gw.id}/tools/refresh`);
      expect({ status: hidden.status, body: hidden.body }).toEqual({ status: 404, body: { detail: 'Gateway not found' } });
      for (const caller of [w.viewer, bare]) {
        const res = await caller.post(`/gateways/${gw.id}/tools/refresh`);
        expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: ACCESS_DENIED });
      }
      expect((await w.dev.post('/gateways/00000000-0000-4000-8000-000000000000/tools/refresh')).status).toBe(404);
      expect(mcp.seenAuthorization.length).toBe(contacts);
    });

    it("re-discovers against the real MCP server and answers ContextForge's counts (tools only by default)", async () => {
      const server = await startMcpTestServer();
      try {
        const gw = await register(w.dev, server.streamableUrl, { team_id: w.alpha, visibility: 'team' });
        const echoId = (await importedOf(gw.id, 'tools')).find((row) => row.original_name === 'echo')!.id;
        server.setTools([
          { ...DEFAULT_TOOLS[0], description: 'Echoes, loudly' },
          DEFAULT_TOOLS[1],
          { name: 'multiply', description: 'Multiplies', inputSchema: { type: 'object' } },
        ]);
        // Another developer of the team may refresh it (gateways.update in alpha).
        const res = await w.dev2.post(`/gateways/${gw.id}/tools/refresh`);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          gateway_id: gw.id,
          success: true,
          error: null,
          tools_added: 1,
          tools_updated: 2,
          tools_removed: 1,
          ...ZEROS,
          validation_errors: [],
          duration_ms: expect.any(Number),
          refreshed_at: expect.any(String),
        });
        const tools = await importedOf(gw.id, 'tools');
        expect(tools.map((row) => row.original_name).sort()).toEqual(['add', 'echo', 'multiply']);
        expect(tools.find((row) => row.id === echoId)?.description).toBe('Echoes, loudly');

        const all = await w.dev.post(`/gateways/${gw.id}/tools/refresh?include_resources=true&include_prompts=true`);
        expect(all.body).toEqual(
          expect.objectContaining({
            success: true,
            tools_updated: 3,
            resources_updated: 1,
            prompts_updated: 1,
            tools_added: 0,
            resources_added: 0,
            prompts_added: 0,
          }),
        );
        expect((await w.dev.post(`/gateways/${gw.id}/tools/refresh?include_prompts=perhaps`)).status).toBe(422);
      } finally {
        await server.close();
      }
    });

    it('an unreachable or failing upstream: 200 with success false and a fixed reason, marked unreachable, catalog untouched', async () => {
      const broken = await startBrokenUpstream(UPSTREAM_SECRET);
      const dataSource = t.app.get(DataSource);
      try {
        const gw = await register(w.dev, mcp.streamableUrl, { team_id: w.alpha, visibility: 'team' });
        const before = (await importedOf(gw.id, 'tools')).map((row) => row.id).sort();
        // Nothing listens there any more (a port picked below the ephemeral range: no test server can take it over).
        await dataSource.query(`UPDATE gateways SET url = $2 WHERE id = $1`, [gw.id, `http://127.0.0.1:${await closedPort()}/mcp`]);
        const gone = await w.dev.post(`/gateways/${gw.id}/tools/refresh?include_resources=true`);
        expect(gone.status).toBe(200);
        expect(gone.body).toEqual(
          expect.objectContaining({ gateway_id: gw.id, success: false, error: 'Could not connect to the gateway', tools_removed: 0 }),
        );
        expect((await w.dev.get(`/gateways/${gw.id}`)).body.reachable).toBe(false);
        expect((await importedOf(gw.id, 'tools')).map((row) => row.id).sort()).toEqual(before);

        // The upstream's own words (and whatever secret they carry) never reach the caller.
        await dataSource.query(`UPDATE gateways SET url = $2 WHERE id = $1`, [gw.id, broken.failingStreamableUrl]);
        const failing = await w.dev.post(`/gateways/${gw.id}/tools/refresh`);
        expect({ status: failing.status, success: failing.body.success, error: failing.body.error }).toEqual({
          status: 200,
          success: false,
          error: 'Upstream returned HTTP 500',
        });
        expect(JSON.stringify(failing.body)).not.toContain(UPSTREAM_SECRET);
        expect((await importedOf(gw.id, 'tools')).map((row) => row.id).sort()).toEqual(before);

        // Back to a working server: reachable again.
        await dataSource.query(`UPDATE gateways SET url = $2 WHERE id = $1`, [gw.id, mcp.streamableUrl]);
        expect((await w.dev.post(`/gateways/${gw.id}/tools/refresh`)).body.success).toBe(true);
        expect((await w.dev.get(`/gateways/${gw.id}`)).body.reachable).toBe(true);
      } finally {
        await broken.close();
      }
    });

    it('the outbound address policy still applies: a refused address is a 400 and is not contacted', async () => {
      const gw = await register(w.dev, mcp.streamableUrl, { team_id: w.alpha, visibility: 'team' });
      await t.app.get(DataSource).query(`UPDATE gateways SET url = 'http://169.254.169.254/mcp' WHERE id = $1`, [gw.id]);
      const res = await w.dev.post(`/gateways/${gw.id}/tools/refresh`);
      expect(res.status).toBe(400);
      expect(typeof res.body.detail).toBe('string');
    });

    it('GET /gateways/{id}/impact-preview names the servers bundling its items that the caller can see', async () => {
      const gw = await register(w.dev, mcp.streamableUrl, { team_id: w.alpha, visibility: 'public' });
      const [tool] = await importedOf(gw.id, 'tools');
      const [prompted] = await importedOf(gw.id, 'prompts');
      const name = uniqueName('impact');
      const open = await create(w.dev, 'servers', { name: `${name}-a`, associated_tools: [tool.id] }, { team_id: w.alpha });
      const own = await create(
        w.dev,
        'servers',
        { name: `${name}-b`, associated_prompts: [prompted.id] },
        { team_id: w.alpha, visibility: 'private' },
      );
      await create(w.dev, 'servers', { name: `${name}-c` }, { team_id: w.alpha });
      const preview = async (caller: Caller) => {
        const res = await caller.get(`/gateways/${gw.id}/impact-preview`);
        expect(res.status).toBe(200);
        expect(res.body.gatewayId).toBe(gw.id);
        return res.body.servers;
      };
      expect(await preview(w.dev)).toEqual([
        { id: open.id, name: open.name },
        { id: own.id, name: own.name },
      ]);
      // dev's private server is not named to anyone else.
      expect(await preview(w.outsider)).toEqual([{ id: open.id, name: open.name }]);
      expect(await preview(w.admin)).toEqual([{ id: open.id, name: open.name }]);
      expect((await bare.get(`/gateways/${gw.id}/impact-preview`)).status).toBe(403);
      const team = await register(w.dev, mcp.streamableUrl, { team_id: w.alpha, visibility: 'team' });
      expect((await w.outsider.get(`/gateways/${team.id}/impact-preview`)).status).toBe(404);
    });

    it('a disabled gateway is not contacted', async () => {
      const gw = await register(w.dev, mcp.streamableUrl, { team_id: w.alpha, visibility: 'team' });
      expect((await w.dev.post(`/gateways/${gw.id}/state?activate=false`)).status).toBe(200);
      const contacts = mcp.seenAuthorization.length;
      const res = await w.dev.post(`/gateways/${gw.id}/tools/refresh`);
      expect({ status: res.status, success: res.body.success, error: res.body.error }).toEqual({
        status: 200,
        success: false,
        error: 'Gateway is disabled',
      });
      expect(mcp.seenAuthorization.length).toBe(contacts);
    });
  });
});
