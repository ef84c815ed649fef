import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { closedPort, type McpTestServer, startMcpTestServer } from '../../support/mcp-test-server.js';
import { ADMIN_EMAIL, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/**
 * The seed's TestRBACRestAPI and TestRBACRestAPIEntityCreate, request for request, on users, team and roles made
 * through the ContextForge routes exactly as its fixtures make them; the MCP URLs point at a local test server.
 */
describe('seed: REST creates of gateways, servers, tools, resources and prompts by developer and viewer', () => {
  let t: TestApp;
  let mcp: McpTestServer;
  let teamId: string;
  const dev = 'rbac-e2e-dev-cat@test.example.com';
  const viewer = 'rbac-e2e-viewer-cat@test.example.com';

  const api = (email: string, isAdmin = false) => {
    const headers = {
      Authorization: `Bearer ${userToken(email, { isAdmin, tokenUse: isAdmin ? undefined : 'session' })}`,
      Accept: 'application/json',
    };
    return {
      get: (path: string) => t.http().get(path).set(headers),
      post: (path: string, body?: object) => t.http().post(path).set(headers).send(body),
      delete: (path: string) => t.http().delete(path).set(headers),
    };
  };
  const admin = () => api(ADMIN_EMAIL, true);

  async function createUserAndJoinTeam(email: string, rbacRole: string) {
    await admin().post('/auth/email/admin/users', {
      email,
      password: 'Changeme123!',
      full_name: `RBAC Test ${rbacRole}`,
      is_admin: false,
      is_active: true,
      password_change_required: false,
    });
    const invite = await admin().post(`/teams/${teamId}/invitations`, { email, role: 'member' });
    await api(email).post(`/teams/invitations/${invite.body.token}/accept`);
    const roles = (await admin().get('/rbac/roles')).body as { name: string; id: string }[];
    const assigned = await admin().post(`/rbac/users/${email}/roles`, {
      role_id: roles.find((r) => r.name === rbacRole)!.id,
      scope: 'team',
      scope_id: teamId,
    });
    expect([200, 201, 409]).toContain(assigned.status);
  }

  beforeAll(async () => {
    t = await startTestApp();
    mcp = await startMcpTestServer();
    const team = await admin().post('/teams/', { name: 'rbac-e2e-team-cat', description: 'RBAC E2E test team', visibility: 'private' });
    expect([200, 201]).toContain(team.status);
    teamId = team.body.id;
    await createUserAndJoinTeam(dev, 'developer');
    await createUserAndJoinTeam(viewer, 'viewer');
  });
  afterAll(async () => {
    await t.close();
    await mcp.close();
  });

  const gatewayBody = (name: string, url: string) => ({
    name,
    url,
    description: 'RBAC API test',
    tags: ['rbac', 'api-test'],
    transport: 'SSE',
    visibility: 'public',
  });

  it('test_developer_api_create_gateway_no_team_id: not 403 (201 for a live server, 502 for a dead one)', async () => {
    const live = await api(dev).post('/gateways', gatewayBody('rbac-e2e-api-dev-gw-1', mcp.sseUrl));
    expect(live.status).toBe(201);
    expect((await api(dev).delete(`/gateways/${live.body.id}`)).status).toBe(200);
    const dead = await api(dev).post('/gateways', gatewayBody('rbac-e2e-api-dev-gw-2', `http://127.0.0.1:${await closedPort()}/sse`));
    expect(dead.status).toBe(502);
  });

  it('test_viewer_api_create_gateway_denied: 403', async () => {
    const res = await api(viewer).post('/gateways', gatewayBody('rbac-e2e-api-viewer-gw', mcp.sseUrl));
    expect(res.status).toBe(403);
  });

  const entityBodies = {
    servers: (name: string) => ({ server: { name, description: 'RBAC API test server' }, team_id: null, visibility: 'public' }),
    tools: (name: string, schema: unknown = '{}') => ({
      tool: {
        name,
        description: 'RBAC API test tool',
        url: 'https://example.com/api/tool',
        integration_type: 'REST',
        input_schema: schema,
      },
      team_id: null,
      visibility: 'public',
    }),
    resources: (name: string) => ({
      resource: { uri: `file:///rbac-test/${name}`, name, description: 'RBAC API test resource', mimeType: 'text/plain' },
      team_id: null,
      visibility: 'public',
    }),
    prompts: (name: string) => ({
      prompt: { name, description: 'RBAC API test prompt', template: 'Hello {{name}}', arguments: [] },
      team_id: null,
      visibility: 'public',
    }),
  };

  it.each(Object.keys(entityBodies) as (keyof typeof entityBodies)[])(
    'developer creates %s (201) and deletes it; viewer is refused (403)',
    async (kind) => {
      const created = await api(dev).post(`/${kind}`, entityBodies[kind](`rbac-e2e-api-dev-${kind}`));
      expect(created.status).toBe(201);
      expect((await api(dev).delete(`/${kind}/${created.body.id}`)).status).toBe(200);
      // The seed sends the viewer's tool with input_schema as an object.
      const denied = await api(viewer).post(
        `/${kind}`,
        kind === 'tools' ? entityBodies.tools('rbac-e2e-api-viewer-tools', {}) : entityBodies[kind](`rbac-e2e-api-viewer-${kind}`),
      );
      expect(denied.status).toBe(403);
    },
  );

  it("deleting the team (the seed's cleanup) removes the team's gateways and catalog rows", async () => {
    const gw = await api(dev).post('/gateways', {
      ...gatewayBody('rbac-e2e-team-gw', mcp.streamableUrl),
      transport: 'STREAMABLEHTTP',
      team_id: teamId,
      visibility: 'team',
    });
    expect(gw.status).toBe(201);
    const db = t.app.get(DataSource);
    const countIn = async () => (await db.query(`SELECT count(*)::int AS n FROM tools WHERE team_id = $1`, [teamId]))[0].n;
    expect(await countIn()).toBe(3);
    expect((await admin().delete(`/teams/${teamId}`)).status).toBeLessThan(300);
    expect(await countIn()).toBe(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM gateways WHERE id = $1`, [gw.body.id]))[0].n).toBe(0);
  });
});
