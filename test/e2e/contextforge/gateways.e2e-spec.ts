import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startBrokenUpstream } from '../../support/broken-upstream.js';
import { closedPort, DEFAULT_TOOLS, type McpTestServer, startMcpTestServer } from '../../support/mcp-test-server.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { buildWorld, uniqueName, type World } from './catalog-fixtures.js';

const SECRET_TOKEN = 'upstream-bearer-token-7f3a9c';
const OTHER_TOKEN = 'other-upstream-token-41d2e8';
const UPSTREAM_SECRET = 'upstream-body-secret-93b1f0';

describe('ContextForge gateways: real MCP federation under team-scoped RBAC', () => {
  let t: TestApp;
  let w: World;
  let mcp: McpTestServer;
  let guarded: McpTestServer;
  let blackHole: Server;
  let blackHoleUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { GATEWAY_CONNECT_TIMEOUT_MS: '1500' } });
    w = await buildWorld(t);
    mcp = await startMcpTestServer();
    guarded = await startMcpTestServer({ requireBearer: SECRET_TOKEN });
    // Accepts connections and never answers: only the timeout ends the wait.
    blackHole = createServer(() => undefined);
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    blackHoleUrl = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}/mcp`;
  });
  afterAll(async () => {
    await t.close();
    await mcp.close();
    await guarded.close();
    blackHole.closeAllConnections();
    await new Promise<void>((resolve) => blackHole.close(() => resolve()));
  });

  const register = (body: Record<string, unknown>) => ({
    name: uniqueName('gw'),
    description: 'RBAC API test',
    tags: ['rbac', 'api-test'],
    transport: 'STREAMABLEHTTP',
    visibility: 'public',
    url: mcp.streamableUrl,
    ...body,
  });

  const toolsOf = async (caller: World['dev'], gatewayId: string) => {
    const res = await caller.get(`/tools?gateway_id=${gatewayId}&limit=500&include_inactive=true`);
    expect(res.status).toBe(200);
    return res.body as { id: string; name: string; original_name: string; enabled: boolean; visibility: string }[];
  };

  it('a developer registers a team gateway over streamable HTTP: its 3 tools, resource and prompt are imported into the team', async () => {
    const res = await w.dev.post('/gateways', register({ team_id: w.alpha, visibility: 'team' }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        team_id: w.alpha,
        owner_email: w.dev.email,
        visibility: 'team',
        transport: 'STREAMABLEHTTP',
        enabled: true,
        reachable: true,
        capabilities: expect.objectContaining({ tools: {} }),
        auth_type: null,
        auth_value: null,
      }),
    );
    const gatewayId = res.body.id;
    const tools = await toolsOf(w.dev, gatewayId);
    expect(tools.map((tool) => tool.original_name).sort()).toEqual(DEFAULT_TOOLS.map((tool) => tool.name).sort());
    for (const tool of tools) {
      expect(tool).toEqual(
        expect.objectContaining({
          integration_type: 'MCP',
          gateway_id: gatewayId,
          team_id: w.alpha,
          owner_email: w.dev.email,
          visibility: 'team',
          name: `${res.body.slug}-${tool.original_name}`,
        }),
      );
    }
    const echo = tools.find((tool) => tool.original_name === 'echo') as unknown as { input_schema: unknown };
    expect(echo.input_schema).toEqual(DEFAULT_TOOLS[0].inputSchema);
    const resources = await w.dev.get(`/resources?gateway_id=${gatewayId}`);
    expect(resources.body).toEqual([expect.objectContaining({ uri: 'test://docs/readme', mime_type: 'text/plain', team_id: w.alpha })]);
    const prompts = await w.dev.get(`/prompts?gateway_id=${gatewayId}`);
    expect(prompts.body).toEqual([
      expect.objectContaining({ original_name: 'greet', arguments: [{ name: 'who', description: 'Whom to greet', required: true }] }),
    ]);

    // Team members see the imported tools; nobody outside the team does, not even by id.
    expect((await toolsOf(w.viewer, gatewayId)).length).toBe(3);
    expect(await toolsOf(w.outsider, gatewayId)).toEqual([]);
    expect((await w.outsider.get(`/tools/${tools[0].id}`)).status).toBe(404);
    expect((await w.outsider.get(`/gateways/${gatewayId}`)).status).toBe(404);
    expect((await w.viewer.get(`/gateways/${gatewayId}`)).status).toBe(200);
    expect((await w.outsider.get('/gateways?limit=500')).body.map((g: { id: string }) => g.id)).not.toContain(gatewayId);
  });

  it('the seed body (SSE, no team_id) works for a developer and lands in their personal team', async () => {
    const res = await w.dev.post('/gateways', register({ transport: 'SSE', url: mcp.sseUrl }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({ transport: 'SSE', team_id: await w.personalTeamOf(w.dev.email), visibility: 'public' }),
    );
    // Public gateway, public tools: everyone sees them.
    expect((await toolsOf(w.outsider, res.body.id)).length).toBe(3);
  });

  it('a viewer is refused (403), and a developer of another team cannot register into alpha (403)', async () => {
    const before = await w.count('gateways');
    const viewer = await w.viewer.post('/gateways', register({ transport: 'SSE', url: mcp.sseUrl }));
    expect(viewer.status).toBe(403);
    expect(viewer.body).toEqual({ detail: 'Access denied' });
    expect((await w.viewer.post('/gateways', register({ team_id: w.alpha }))).status).toBe(403);
    expect((await w.outsider.post('/gateways', register({ team_id: w.alpha, visibility: 'team' }))).status).toBe(403);
    expect(await w.count('gateways')).toBe(before);
  });

  it('an unreachable server answers 502 and stores nothing', async () => {
    const before = { gateways: await w.count('gateways'), tools: await w.count('tools') };
    const port = await closedPort();
    for (const [transport, url] of [
      ['STREAMABLEHTTP', `http://127.0.0.1:${port}/mcp`],
      ['SSE', `http://127.0.0.1:${port}/sse`],
    ]) {
      const res = await w.dev.post('/gateways', register({ transport, url, team_id: w.alpha }));
      expect({ transport, status: res.status, body: res.body }).toEqual({
        transport,
        status: 502,
        body: { detail: 'Could not connect to the gateway' },
      });
    }
    // Not an MCP server at all (404 on the path) is as bad as no server.
    const notMcp = await w.dev.post('/gateways', register({ url: mcp.streamableUrl.replace('/mcp', '/nothing-here') }));
    expect(notMcp.status).toBe(502);
    expect({ gateways: await w.count('gateways'), tools: await w.count('tools') }).toEqual(before);
  });

  it('a server that never answers is given up after GATEWAY_CONNECT_TIMEOUT_MS (502)', async () => {
    const started = Date.now();
    const res = await w.dev.post('/gateways', register({ url: blackHoleUrl }));
    expect(res.status).toBe(502);
    expect(res.body.detail).toEqual(expect.stringContaining('1500 ms'));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('credentials are sent upstream, stored encrypted, and never appear in any response', async () => {
    const refused = await w.dev.post('/gateways', register({ url: guarded.streamableUrl }));
    expect(refused.status).toBe(502);

    const name = uniqueName('guarded');
    const created = await w.dev.post(
      '/gateways',
      register({ name, url: guarded.streamableUrl, auth_type: 'bearer', auth_token: SECRET_TOKEN }),
    );
    expect(created.status).toBe(201);
    expect(guarded.seenAuthorization).toContain(`Bearer ${SECRET_TOKEN}`);
    expect(created.body).toEqual(expect.objectContaining({ auth_type: 'bearer', auth_value: '*****' }));
    const id = created.body.id;
    const responses = [
      created,
      await w.dev.get(`/gateways/${id}`),
      await w.dev.get('/gateways?limit=500'),
      await w.admin.get('/gateways?limit=500'),
      await w.dev.put(`/gateways/${id}`, { description: 'still guarded' }),
      await w.dev.post(`/gateways/${id}/refresh`),
      await w.dev.get(`/tools?gateway_id=${id}`),
    ];
    for (const res of responses) {
      expect(res.status).toBe(200 + (res === created ? 1 : 0));
      expect(JSON.stringify(res.body)).not.toContain(SECRET_TOKEN);
      expect(JSON.stringify(res.body)).not.toContain(Buffer.from(SECRET_TOKEN).toString('base64'));
    }
    const [row] = await t.app.get(DataSource).query(`SELECT auth_secret FROM gateways WHERE id = $1`, [id]);
    expect(row.auth_secret).toEqual(expect.stringMatching(/^v1\./));
    expect(row.auth_secret).not.toContain(SECRET_TOKEN);

    // Basic auth needs both halves (422), and credentials in the URL are refused.
    expect((await w.dev.post('/gateways', register({ auth_type: 'basic', auth_username: 'u' }))).status).toBe(422);
    expect((await w.dev.post('/gateways', register({ url: guarded.streamableUrl.replace('http://', 'http://u:p@') }))).status).toBe(422);
  });

  it('refresh picks up a changed tool list', async () => {
    const server = await startMcpTestServer();
    try {
      const created = await w.dev.post('/gateways', register({ url: server.streamableUrl, team_id: w.alpha, visibility: 'team' }));
      expect(created.status).toBe(201);
      const id = created.body.id;
      const before = await toolsOf(w.dev, id);
      const echoId = before.find((tool) => tool.original_name === 'echo')!.id;

      server.setTools([
        { ...DEFAULT_TOOLS[0], description: 'Echoes, loudly' },
        DEFAULT_TOOLS[1],
        { name: 'multiply', description: 'Multiplies', inputSchema: { type: 'object' } },
      ]);
      expect((await w.viewer.post(`/gateways/${id}/refresh`)).status).toBe(403);
      const refreshed = await w.dev2.post(`/gateways/${id}/refresh`);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toEqual(
        expect.objectContaining({ gateway_id: id, success: true, tools_added: 1, tools_updated: 2, tools_removed: 1 }),
      );
      const after = await toolsOf(w.dev, id);
      expect(after.map((tool) => tool.original_name).sort()).toEqual(['add', 'echo', 'multiply']);
      // Known tools keep their id (servers bundling them stay intact).
      const echo = after.find((tool) => tool.original_name === 'echo') as unknown as { id: string; description: string };
      expect(echo).toEqual(expect.objectContaining({ id: echoId, description: 'Echoes, loudly' }));

      // A server gone away: 502, gateway marked unreachable, catalog untouched.
      await server.close();
      expect((await w.dev.post(`/gateways/${id}/refresh`)).status).toBe(502);
      expect((await w.dev.get(`/gateways/${id}`)).body.reachable).toBe(false);
      expect((await toolsOf(w.dev, id)).length).toBe(3);
    } finally {
      await server.close().catch(() => undefined);
    }
  });

  it('visibility, on/off and deletion of a gateway carry over to what it imported', async () => {
    const created = await w.dev.post('/gateways', register({ team_id: w.alpha, visibility: 'team' }));
    const id = created.body.id;
    expect(await toolsOf(w.outsider, id)).toEqual([]);

    expect((await w.outsider.put(`/gateways/${id}`, { visibility: 'public' })).status).toBe(404);
    expect((await w.viewer.put(`/gateways/${id}`, { visibility: 'public' })).status).toBe(403);
    const published = await w.dev.put(`/gateways/${id}`, { visibility: 'public' });
    expect(published.status).toBe(200);
    expect((await toolsOf(w.outsider, id)).every((tool) => tool.visibility === 'public')).toBe(true);
    expect((await toolsOf(w.outsider, id)).length).toBe(3);

    const off = await w.dev.post(`/gateways/${id}/toggle?activate=false`);
    expect(off.status).toBe(200);
    expect(off.body.gateway.enabled).toBe(false);
    expect((await toolsOf(w.dev, id)).every((tool) => !tool.enabled)).toBe(true);
    expect((await w.dev.get(`/tools?gateway_id=${id}`)).body).toEqual([]);

    expect((await w.outsider.delete(`/gateways/${id}`)).status).toBe(403);
    expect((await w.viewer.delete(`/gateways/${id}`)).status).toBe(403);
    const toolCount = await w.count('tools');
    const deleted = await w.dev.delete(`/gateways/${id}`);
    expect(deleted.status).toBe(200);
    expect(await w.count('tools')).toBe(toolCount - 3);
    expect((await w.dev.get(`/gateways/${id}`)).status).toBe(404);
    expect(await toolsOf(w.admin, id)).toEqual([]);
  });

  it('gateway names are unique per scope (409) and the admin may delete any visible gateway', async () => {
    const name = uniqueName('dup');
    const first = await w.dev.post('/gateways', register({ name }));
    expect(first.status).toBe(201);
    const second = await w.outsider.post('/gateways', register({ name }));
    expect(second.status).toBe(409);
    expect((await w.admin.delete(`/gateways/${first.body.id}`)).status).toBe(200);
  });

  it('changing the url reconnects first: an unreachable new url is a 502 and changes nothing', async () => {
    const created = await w.dev.post('/gateways', register({ team_id: w.alpha }));
    const id = created.body.id;
    const port = await closedPort();
    const res = await w.dev.put(`/gateways/${id}`, { url: `http://127.0.0.1:${port}/mcp`, description: 'moved' });
    expect(res.status).toBe(502);
    const now = await w.dev.get(`/gateways/${id}`);
    expect(now.body).toEqual(expect.objectContaining({ url: mcp.streamableUrl, description: 'RBAC API test' }));
    const moved = await w.dev.put(`/gateways/${id}`, { url: mcp.sseUrl, transport: 'sse' });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual(expect.objectContaining({ url: mcp.sseUrl, transport: 'SSE' }));
    expect((await toolsOf(w.dev, id)).length).toBe(3);
  });

  it('a new url drops the stored credentials: the new server never sees them and the gateway shows no auth', async () => {
    const moved = await startMcpTestServer();
    try {
      const created = await w.dev.post(
        '/gateways',
        register({ url: guarded.streamableUrl, auth_type: 'bearer', auth_token: SECRET_TOKEN }),
      );
      expect(created.status).toBe(201);
      const id = created.body.id;
      // Sending the same url back (as edit forms do) is no change: the credentials stay.
      const same = await w.dev.put(`/gateways/${id}`, { url: guarded.streamableUrl, description: 'same place' });
      expect(same.status).toBe(200);
      expect(same.body).toEqual(expect.objectContaining({ auth_type: 'bearer', auth_value: '*****' }));

      const res = await w.dev.put(`/gateways/${id}`, { url: moved.streamableUrl });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ url: moved.streamableUrl, auth_type: null, auth_value: null }));
      expect((await w.dev.post(`/gateways/${id}/refresh`)).status).toBe(200);
      expect((await w.dev.get(`/gateways/${id}`)).body).toEqual(expect.objectContaining({ auth_type: null, auth_value: null }));
      expect(moved.seenAuthorization.length).toBeGreaterThan(0);
      expect(moved.seenAuthorization.filter(Boolean)).toEqual([]);
      const [row] = await t.app.get(DataSource).query(`SELECT auth_type, auth_secret FROM gateways WHERE id = $1`, [id]);
      expect(row).toEqual({ auth_type: null, auth_secret: null });
    } finally {
      await moved.close();
    }
  });

  it('a new url with new credentials in the same request keeps the new ones', async () => {
    const other = await startMcpTestServer({ requireBearer: OTHER_TOKEN });
    try {
      const created = await w.dev.post(
        '/gateways',
        register({ url: guarded.streamableUrl, auth_type: 'bearer', auth_token: SECRET_TOKEN }),
      );
      expect(created.status).toBe(201);
      const id = created.body.id;
      const res = await w.dev.put(`/gateways/${id}`, { url: other.streamableUrl, auth_type: 'bearer', auth_token: OTHER_TOKEN });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ url: other.streamableUrl, auth_type: 'bearer', auth_value: '*****' }));
      expect((await w.dev.post(`/gateways/${id}/refresh`)).status).toBe(200);
      expect(new Set(other.seenAuthorization)).toEqual(new Set([`Bearer ${OTHER_TOKEN}`]));
    } finally {
      await other.close();
    }
  });

  it('upstream failures answer 502 with a fixed reason, never the upstream body or the raw error', async () => {
    const broken = await startBrokenUpstream(UPSTREAM_SECRET);
    try {
      const before = await w.count('gateways');
      const cases = [
        ['STREAMABLEHTTP', broken.failingStreamableUrl, 'Upstream returned HTTP 500'],
        ['SSE', broken.failingSseUrl, 'Upstream returned HTTP 500'],
        ['STREAMABLEHTTP', broken.notMcpUrl, 'Upstream did not speak MCP'],
      ];
      for (const [transport, url, detail] of cases) {
        const res = await w.dev.post('/gateways', register({ transport, url }));
        expect({ url, status: res.status, body: res.body }).toEqual({ url, status: 502, body: { detail } });
      }
      expect(await w.count('gateways')).toBe(before);

      // The same on a url change and on a refresh of a gateway whose server went bad.
      const created = await w.dev.post('/gateways', register({}));
      const id = created.body.id;
      const moved = await w.dev.put(`/gateways/${id}`, { url: broken.failingStreamableUrl });
      expect({ status: moved.status, body: moved.body }).toEqual({ status: 502, body: { detail: 'Upstream returned HTTP 500' } });
      await t.app.get(DataSource).query(`UPDATE gateways SET url = $2 WHERE id = $1`, [id, broken.failingStreamableUrl]);
      const refreshed = await w.dev.post(`/gateways/${id}/refresh`);
      expect({ status: refreshed.status, body: refreshed.body }).toEqual({ status: 502, body: { detail: 'Upstream returned HTTP 500' } });
    } finally {
      await broken.close();
    }
  });

  it('link-local, cloud-metadata and unspecified targets are refused (400) before any connection, and nothing is stored', async () => {
    const before = { gateways: await w.count('gateways'), tools: await w.count('tools') };
    const mcpPort = new URL(mcp.streamableUrl).port;
    const refused = [
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://169.254.1.1:8080/mcp',
      'http://[fe80::1]/mcp',
      'http://[fd00:ec2::254]/',
      'http://100.100.100.200/',
      'http://metadata.google.internal/computeMetadata/v1/',
      // 0.0.0.0 reaches this machine's own services, here the test MCP server.
      `http://0.0.0.0:${mcpPort}/mcp`,
      `http://[::]:${mcpPort}/mcp`,
    ];
    for (const url of refused) {
      const res = await w.dev.post('/gateways', register({ url }));
      expect({ url, status: res.status, detail: typeof res.body.detail }).toEqual({ url, status: 400, detail: 'string' });
    }
    // Valid for the DTO, but no URL to connect to (a zone id): a 422, not a crash.
    expect((await w.dev.post('/gateways', register({ url: 'http://[fe80::1%25eth0]/' }))).status).toBe(422);
    expect({ gateways: await w.count('gateways'), tools: await w.count('tools') }).toEqual(before);

    // A url change and a refresh pass the same check.
    const created = await w.dev.post('/gateways', register({}));
    const id = created.body.id;
    expect((await w.dev.put(`/gateways/${id}`, { url: 'http://169.254.169.254/' })).status).toBe(400);
    expect((await w.dev.get(`/gateways/${id}`)).body.url).toBe(mcp.streamableUrl);
    await t.app.get(DataSource).query(`UPDATE gateways SET url = 'http://169.254.169.254/' WHERE id = $1`, [id]);
    expect((await w.dev.post(`/gateways/${id}/refresh`)).status).toBe(400);
  });

  it('loopback is allowed by default, by address or by name (connected to at the addresses that were checked)', async () => {
    const port = new URL(mcp.sseUrl).port;
    for (const [transport, url] of [
      ['SSE', `http://localhost:${port}/sse`],
      ['STREAMABLEHTTP', `http://localhost:${port}/mcp`],
      ['STREAMABLEHTTP', `http://[::ffff:127.0.0.1]:${port}/mcp`],
    ]) {
      const res = await w.dev.post('/gateways', register({ transport, url }));
      expect({ url, status: res.status }).toEqual({ url, status: 201 });
    }
  });
});
