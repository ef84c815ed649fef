#!/usr/bin/env node
// Black-box acceptance run of seed 004 (ContextForge tests/playwright/test_rbac_permissions.py), REST parts only,
// against an already started server:
//
//   ../shared/scripts/with-server.sh node test/acceptance/contextforge-seed.mjs
//
// It replays the seed's fixtures (admin_api, rbac_test_team, _create_user_and_join_team for a developer, a viewer
// and a team_admin), its REST test classes (TestRBACRestAPI, TestRBACRestAPIEntityCreate)
// with the seed's bodies and accepted status codes, then its cleanup. Extra checks: a real MCP server
// (official SDK, stateless streamable HTTP + SSE, 3 tools) registered as a team gateway whose imported tools the
// developer sees and an outsider does not, and a dead URL that answers 502 and stores nothing.
//
// Environment: BASE_URL, JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE, PLATFORM_ADMIN_EMAIL (as with-server.sh sets them);
// API_PREFIX=/v1 sends every REST call (all but the admin UI's /admin pages and /health) under ContextForge's
// versioned paths.
// Output: one "ok - ..." / "not ok - ... (details)" line per check, last line "N passed, M failed"; exit 0 iff M = 0.

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import jwt from 'jsonwebtoken';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:4000').replace(/\/+$/, '');
const JWT_SECRET = process.env.JWT_SECRET;
const JWT_ISSUER = process.env.JWT_ISSUER || 'portcullis';
const JWT_AUDIENCE = process.env.JWT_AUDIENCE || 'portcullis-api';
const ADMIN_EMAIL = process.env.PLATFORM_ADMIN_EMAIL || 'admin@example.com';
const API_PREFIX = (process.env.API_PREFIX || '').replace(/\/+$/, '');
const REQUEST_TIMEOUT_MS = 15_000;
const OVERALL_TIMEOUT_MS = 50_000;

// ==================== Reporting ====================

let passed = 0;
let failed = 0;
const report = (ok, name, details) => {
  if (ok) passed += 1;
  else failed += 1;
  console.log(ok ? `ok - ${name}` : `not ok - ${name}${details ? ` (${details})` : ''}`);
};

class CheckFailed extends Error {}
const fail = (message) => {
  throw new CheckFailed(message);
};

/** Runs one check; a thrown error (assertion, timeout, network) fails it. Returns fn's value, or undefined. */
async function check(name, fn) {
  try {
    const value = await fn();
    report(true, name);
    return value;
  } catch (error) {
    report(false, name, error instanceof CheckFailed ? error.message : `${error?.name ?? 'Error'}: ${error?.message ?? error}`);
    return undefined;
  }
}

const brief = (res) => `status=${res.status} body=${res.text.length > 300 ? `${res.text.slice(0, 300)}...` : res.text}`;
const expectStatus = (res, accepted, what) => {
  if (!accepted.includes(res.status)) fail(`${what}: expected ${accepted.join('/')}, got ${brief(res)}`);
};
const expect2xx = (res, what) => {
  if (res.status < 200 || res.status > 299) fail(`${what}: expected 2xx, got ${brief(res)}`);
};

// ==================== HTTP and tokens ====================

const hex8 = () => randomUUID().replace(/-/g, '').slice(0, 8);

/** A token as the seed's `_make_user_jwt` mints it (ContextForge's `_create_jwt_token`): sub, jti, exp, user claims. */
function makeUserJwt(email, { isAdmin = false, teams, tokenUse } = {}) {
  const payload = { sub: email, jti: randomUUID(), user: { email, is_admin: isAdmin, auth_provider: 'local' } };
  if (teams !== undefined) payload.teams = teams;
  if (tokenUse) payload.token_use = tokenUse;
  return jwt.sign(payload, JWT_SECRET, { algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn: 3600 });
}

/** Like Playwright's APIRequestContext: fixed extra headers; `data` objects go as JSON. */
function apiContext(extraHeaders) {
  const request = async (method, path, data) => {
    const headers = { ...extraHeaders };
    const init = { method, headers, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) };
    if (data !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(data);
    }
    const url = path.startsWith('/admin') || path.startsWith('/health') ? path : `${API_PREFIX}${path}`;
    const response = await fetch(`${BASE_URL}${url}`, init);
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };
  return {
    get: (path) => request('GET', path),
    post: (path, data) => request('POST', path, data),
    delete: (path) => request('DELETE', path),
  };
}

const userApi = (email, options = {}, accept = 'application/json') =>
  apiContext({ Authorization: `Bearer ${makeUserJwt(email, options)}`, Accept: accept });

/** Every page of a bare-list listing (the next cursor travels in X-Next-Cursor). */
async function listAll(ctx, path) {
  const items = [];
  let cursor;
  for (let page = 0; page < 50; page += 1) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await ctx.get(`${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expectStatus(res, [200], `GET ${path}`);
    if (!Array.isArray(res.json)) fail(`GET ${path}: expected a list, got ${brief(res)}`);
    items.push(...res.json);
    cursor = res.headers.get('x-next-cursor');
    if (!cursor) return items;
  }
  fail(`GET ${path}: more than 50 pages`);
}

// ==================== A real MCP server (official SDK) ====================

const MCP_TOOLS = [
  {
    name: 'echo',
    description: 'Echoes its input',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  },
  {
    name: 'add',
    description: 'Adds two numbers',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
  },
  { name: 'now', description: 'The current time', inputSchema: { type: 'object' } },
];

/** 127.0.0.1, random port: stateless streamable HTTP on /mcp, SSE on /sse (+ POST /messages). */
async function startMcpServer() {
  const sseSessions = new Map();
  const newMcpServer = () => {
    const server = new Server({ name: 'acceptance-mcp-server', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: MCP_TOOLS }));
    server.setRequestHandler(CallToolRequestSchema, (request) => ({
      content: [{ type: 'text', text: JSON.stringify(request.params.arguments ?? {}) }],
    }));
    return server;
  };
  const handle = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/mcp') {
      if (req.method !== 'POST') return void res.writeHead(405).end();
      const server = newMcpServer();
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res);
      return;
    }
    if (url.pathname === '/sse' && req.method === 'GET') {
      const transport = new SSEServerTransport('/messages', res);
      sseSessions.set(transport.sessionId, transport);
      res.on('close', () => sseSessions.delete(transport.sessionId));
      await newMcpServer().connect(transport);
      return;
    }
    if (url.pathname === '/messages' && req.method === 'POST') {
      const transport = sseSessions.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) return void res.writeHead(404).end();
      await transport.handlePostMessage(req, res);
      return;
    }
    res.writeHead(404).end();
  };
  const http = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${http.address().port}`;
  return {
    streamableUrl: `${base}/mcp`,
    sseUrl: `${base}/sse`,
    close: async () => {
      for (const transport of sseSessions.values()) await transport.close().catch(() => undefined);
      http.closeAllConnections();
      await new Promise((resolve) => http.close(() => resolve()));
    },
  };
}

/**
 * A 127.0.0.1 port nothing listens on. Picked below the ephemeral range (32768 and up on Linux): a port handed out by
 * `listen(0)` and released would soon be handed out again to another listener.
 */
async function closedPort() {
  for (let port = 20_000; port < 20_500; port++) {
    const probe = createServer();
    const bound = await new Promise((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) {
      await new Promise((resolve) => probe.close(() => resolve()));
      return port;
    }
  }
  throw new Error('No free port between 20000 and 20500');
}

// ==================== The run ====================

const PREFIX = 'rbac-e2e';
const RUN = hex8();
const DEVELOPER_EMAIL = `${PREFIX}-dev-${hex8()}@test.example.com`;
const VIEWER_EMAIL = `${PREFIX}-viewer-${hex8()}@test.example.com`;
const TEAM_ADMIN_EMAIL = `${PREFIX}-ta-${hex8()}@test.example.com`;
const OUTSIDER_EMAIL = `${PREFIX}-outsider-${hex8()}@test.example.com`;
const PASSWORD = 'Changeme123!';
const TEAM_NAME = `${PREFIX}-team-${RUN}`;

const admin = userApi(ADMIN_EMAIL, { isAdmin: true });
const session = (email) => userApi(email, { tokenUse: 'session' });
const title = (s) => s.replace(/(^|_)([a-z])/g, (_, sep, c) => `${sep}${c.toUpperCase()}`);

/** The seed's `_create_user_and_join_team`: create user, invite as member, accept as the user, assign the role. */
async function createUserAndJoinTeam(email, teamId, rbacRole) {
  const label = `fixture ${rbacRole} (${email})`;
  await check(`${label}: POST /auth/email/admin/users answers 200/201 (409 tolerated)`, async () => {
    const res = await admin.post('/auth/email/admin/users', {
      email,
      password: PASSWORD,
      full_name: `RBAC Test ${title(rbacRole)}`,
      is_admin: false,
      is_active: true,
      password_change_required: false,
    });
    expectStatus(res, [200, 201, 409], 'create user');
  });
  const token = await check(`${label}: POST /teams/{id}/invitations answers 200/201 (409 tolerated)`, async () => {
    const res = await admin.post(`/teams/${teamId}/invitations`, { email, role: 'member' });
    expectStatus(res, [200, 201, 409], 'invite');
    return res.status === 409 ? null : (res.json?.token ?? null);
  });
  if (token) {
    await check(`${label}: the invitee accepts POST /teams/invitations/{token}/accept with 200/201`, async () => {
      const res = await userApi(email).post(`/teams/invitations/${encodeURIComponent(token)}/accept`);
      expectStatus(res, [200, 201], 'accept');
    });
  }
  const roleId = await check(`${label}: GET /rbac/roles answers 200 and lists "${rbacRole}"`, async () => {
    const res = await admin.get('/rbac/roles');
    expectStatus(res, [200], 'GET /rbac/roles');
    const role = Array.isArray(res.json) ? res.json.find((r) => r?.name === rbacRole) : undefined;
    if (!role?.id) fail(`role "${rbacRole}" not found among ${JSON.stringify((res.json ?? []).map?.((r) => r?.name))}`);
    return role.id;
  });
  if (roleId) {
    await check(`${label}: POST /rbac/users/{email}/roles (scope team) answers 200/201 (409 tolerated)`, async () => {
      const res = await admin.post(`/rbac/users/${email}/roles`, { role_id: roleId, scope: 'team', scope_id: teamId });
      expectStatus(res, [200, 201, 409], 'assign role');
    });
  }
}

/** The fixtures' teardown: revoke the role by name, remove from the team, delete the user; each must answer 2xx. */
async function removeUserFromTeam(email, teamId, rbacRole) {
  const label = `cleanup ${rbacRole} (${email})`;
  await check(`${label}: DELETE /rbac/users/{email}/roles/${rbacRole}?scope=team&scope_id=... answers 2xx`, async () => {
    expect2xx(await admin.delete(`/rbac/users/${email}/roles/${rbacRole}?scope=team&scope_id=${teamId}`), 'revoke');
  });
  await check(`${label}: DELETE /teams/{id}/members/{email} answers 2xx`, async () => {
    expect2xx(await admin.delete(`/teams/${teamId}/members/${email}`), 'remove member');
  });
  await check(`${label}: DELETE /auth/email/admin/users/{email} answers 2xx`, async () => {
    expect2xx(await admin.delete(`/auth/email/admin/users/${email}`), 'delete user');
  });
}

/** A seed "create via REST as developer" test: not 403 (the seed's assertion), then its own cleanup when created. */
async function developerCreates(testName, kind, body, { expectCreated = true } = {}) {
  const dev = session(DEVELOPER_EMAIL);
  const res = await check(`${testName}: POST /${kind} as developer is not 403`, async () => {
    const r = await dev.post(`/${kind}`, body);
    if (r.status === 403) fail(`denied: ${brief(r)}`);
    return r;
  });
  if (!res) return;
  if (expectCreated) {
    await check(`${testName}: ... and creates it (201 with an id)`, async () => {
      expectStatus(res, [201], `POST /${kind}`);
      if (!res.json?.id) fail(`no id in ${brief(res)}`);
    });
  }
  if ([200, 201].includes(res.status) && res.json?.id) {
    await check(`${testName}: the developer deletes it again (DELETE /${kind}/{id} answers 2xx)`, async () => {
      expect2xx(await dev.delete(`/${kind}/${res.json.id}`), `DELETE /${kind}/{id}`);
    });
  }
}

async function viewerDenied(testName, kind, body, accepted) {
  await check(`${testName}: POST /${kind} as viewer answers ${accepted}`, async () => {
    const res = await session(VIEWER_EMAIL).post(`/${kind}`, body);
    if (accepted === 403) expectStatus(res, [403], `POST /${kind}`);
    else if ([200, 201].includes(res.status)) fail(`viewer must not succeed: ${brief(res)}`);
  });
}

async function main() {
  if (!JWT_SECRET) fail('JWT_SECRET is not set');
  let mcp;
  let teamId;
  try {
    await check(`GET /health answers 200 at ${BASE_URL}`, async () => {
      const res = await apiContext({}).get('/health');
      expectStatus(res, [200], 'GET /health');
    });

    // ---- fixture rbac_test_team
    teamId = await check('fixture rbac_test_team: POST /teams/ answers 200/201 with an id', async () => {
      const res = await admin.post('/teams/', { name: TEAM_NAME, description: 'RBAC E2E test team', visibility: 'private' });
      expectStatus(res, [200, 201], 'create team');
      if (!res.json?.id) fail(`no id in ${brief(res)}`);
      return res.json.id;
    });
    if (!teamId) return;

    // ---- user fixtures, in the order the seed's classes first use them
    await createUserAndJoinTeam(DEVELOPER_EMAIL, teamId, 'developer');
    await createUserAndJoinTeam(VIEWER_EMAIL, teamId, 'viewer');
    await createUserAndJoinTeam(TEAM_ADMIN_EMAIL, teamId, 'team_admin');
    await check('extra fixture: an outsider user (not in the team) is created (201)', async () => {
      const res = await admin.post('/auth/email/admin/users', {
        email: OUTSIDER_EMAIL,
        password: PASSWORD,
        full_name: 'RBAC Test Outsider',
        is_admin: false,
        is_active: true,
        password_change_required: false,
      });
      expectStatus(res, [201], 'create outsider');
    });

    mcp = await check('a real MCP server (official SDK, streamable HTTP + SSE, 3 tools) listens on 127.0.0.1', startMcpServer);
    // The seed's VALID_MCP_SERVER_URLS are live SSE servers: ours stands in for them.
    const validMcpUrl = mcp?.sseUrl ?? `http://127.0.0.1:${await closedPort()}/sse`;

    // ---- TestRBACRestAPI
    await developerCreates(
      'TestRBACRestAPI.test_developer_api_create_gateway_no_team_id',
      'gateways',
      {
        name: `${PREFIX}-api-dev-gw-${hex8()}`,
        url: validMcpUrl,
        description: 'RBAC API test',
        tags: ['rbac', 'api-test'],
        transport: 'SSE',
        visibility: 'public',
      },
      { expectCreated: Boolean(mcp) },
    );
    await developerCreates('TestRBACRestAPI.test_developer_api_create_server_no_team_id', 'servers', {
      server: { name: `${PREFIX}-api-dev-srv-${hex8()}`, description: 'RBAC API test server' },
      team_id: null,
      visibility: 'public',
    });
    await viewerDenied(
      'TestRBACRestAPI.test_viewer_api_create_gateway_denied',
      'gateways',
      {
        name: `${PREFIX}-api-viewer-gw-${hex8()}`,
        url: validMcpUrl,
        description: 'Should be denied',
        tags: ['rbac'],
        transport: 'SSE',
        visibility: 'public',
      },
      403,
    );

    // TestRBACTeamManagement drives the admin UI's /admin/teams/{id}/add-member and members/add routes: the admin UI
    // (SPEC-contextforge "Admin UI") is not built yet, so those checks join this script with it.

    // ---- TestRBACRestAPIEntityCreate
    const toolBody = (name, description, inputSchema) => ({
      tool: { name, description, url: 'https://example.com/api/tool', integration_type: 'REST', input_schema: inputSchema },
      team_id: null,
      visibility: 'public',
    });
    const resourceBody = (name, description) => ({
      resource: { uri: `file:///rbac-test/${name}`, name, description, mimeType: 'text/plain' },
      team_id: null,
      visibility: 'public',
    });
    const promptBody = (name, description) => ({
      prompt: { name, description, template: 'Hello {{name}}', arguments: [] },
      team_id: null,
      visibility: 'public',
    });
    await developerCreates(
      'TestRBACRestAPIEntityCreate.test_developer_api_create_tool',
      'tools',
      toolBody(`${PREFIX}-api-dev-tool-${hex8()}`, 'RBAC API test tool', '{}'),
    );
    await viewerDenied(
      'TestRBACRestAPIEntityCreate.test_viewer_api_create_tool_denied',
      'tools',
      toolBody(`${PREFIX}-api-viewer-tool-${hex8()}`, 'Should be denied', {}),
      'not 200/201',
    );
    await check('TestRBACRestAPIEntityCreate.test_viewer_api_create_tool_denied (strict): the viewer gets 403', async () => {
      const res = await session(VIEWER_EMAIL).post('/tools', toolBody(`${PREFIX}-api-viewer-tool-${hex8()}`, 'Should be denied', {}));
      expectStatus(res, [403], 'POST /tools');
    });
    await developerCreates(
      'TestRBACRestAPIEntityCreate.test_developer_api_create_resource',
      'resources',
      resourceBody(`${PREFIX}-api-dev-res-${hex8()}`, 'RBAC API test resource'),
    );
    await viewerDenied(
      'TestRBACRestAPIEntityCreate.test_viewer_api_create_resource_denied',
      'resources',
      resourceBody(`${PREFIX}-api-viewer-res-${hex8()}`, 'Should be denied'),
      'not 200/201',
    );
    await developerCreates(
      'TestRBACRestAPIEntityCreate.test_developer_api_create_prompt',
      'prompts',
      promptBody(`${PREFIX}-api-dev-prompt-${hex8()}`, 'RBAC API test prompt'),
    );
    await viewerDenied(
      'TestRBACRestAPIEntityCreate.test_viewer_api_create_prompt_denied',
      'prompts',
      promptBody(`${PREFIX}-api-viewer-prompt-${hex8()}`, 'Should be denied'),
      403,
    );

    // ---- Extra: a team gateway's imported tools are visible to the team, not to an outsider
    let teamGateway;
    let importedTools = [];
    if (mcp) {
      const dev = session(DEVELOPER_EMAIL);
      const outsider = session(OUTSIDER_EMAIL);
      teamGateway = await check(
        'extra: the developer registers the MCP server as a team gateway (STREAMABLEHTTP, visibility team): 201',
        async () => {
          const res = await dev.post('/gateways', {
            name: `${PREFIX}-team-gw-${hex8()}`,
            url: mcp.streamableUrl,
            description: 'RBAC team gateway',
            transport: 'STREAMABLEHTTP',
            team_id: teamId,
            visibility: 'team',
          });
          expectStatus(res, [201], 'POST /gateways');
          if (!res.json?.id) fail(`no id in ${brief(res)}`);
          if (res.json.team_id !== teamId || res.json.visibility !== 'team') fail(`team_id/visibility not kept: ${brief(res)}`);
          return res.json;
        },
      );
      if (teamGateway) {
        importedTools =
          (await check('extra: GET /tools as the developer shows the 3 imported tools of the gateway', async () => {
            const tools = (await listAll(dev, '/tools')).filter((t) => t?.gateway_id === teamGateway.id);
            const names = tools.map((t) => t.original_name ?? t.name).sort();
            if (JSON.stringify(names) !== JSON.stringify(['add', 'echo', 'now']))
              fail(`expected add/echo/now, got ${JSON.stringify(tools.map((t) => t.name))}`);
            const wrong = tools.filter((t) => t.team_id !== teamId || t.visibility !== 'team');
            if (wrong.length) fail(`imported tools not in the team with visibility team: ${JSON.stringify(wrong)}`);
            return tools;
          })) ?? [];
        await check('extra: GET /tools as the viewer (team member) shows the 3 imported tools too', async () => {
          const tools = (await listAll(session(VIEWER_EMAIL), '/tools')).filter((t) => t?.gateway_id === teamGateway.id);
          if (tools.length !== 3) fail(`expected 3, got ${JSON.stringify(tools.map((t) => t.name))}`);
        });
        await check('extra: GET /tools as the outsider shows none of them', async () => {
          const all = await listAll(outsider, '/tools');
          const leaked = all.filter((t) => t?.gateway_id === teamGateway.id || importedTools.some((i) => i.id === t?.id));
          if (leaked.length) fail(`outsider sees ${JSON.stringify(leaked.map((t) => t.name))}`);
        });
        await check('extra: GET /tools?team_id=<team> as the outsider answers 200 []', async () => {
          const res = await outsider.get(`/tools?team_id=${teamId}`);
          expectStatus(res, [200], 'GET /tools?team_id=');
          if (!Array.isArray(res.json) || res.json.length !== 0) fail(`expected [], got ${brief(res)}`);
        });
        if (importedTools[0]) {
          await check('extra: GET /tools/{id} of an imported tool answers 200 to the developer and 404 to the outsider', async () => {
            const mine = await dev.get(`/tools/${importedTools[0].id}`);
            expectStatus(mine, [200], 'developer GET /tools/{id}');
            const theirs = await outsider.get(`/tools/${importedTools[0].id}`);
            expectStatus(theirs, [404], 'outsider GET /tools/{id}');
          });
          await check('extra: GET /gateways/{id} of the team gateway answers 404 to the outsider', async () => {
            expectStatus(await outsider.get(`/gateways/${teamGateway.id}`), [404], 'outsider GET /gateways/{id}');
          });
        }
      }
    }

    // ---- Extra: a dead URL answers 502 and creates nothing
    for (const [transport, path] of [
      ['STREAMABLEHTTP', '/mcp'],
      ['SSE', '/sse'],
    ]) {
      await check(`extra: a gateway on a closed port (${transport}) answers 502 and stores nothing`, async () => {
        const dev = session(DEVELOPER_EMAIL);
        const name = `${PREFIX}-dead-gw-${hex8()}`;
        const res = await dev.post('/gateways', {
          name,
          url: `http://127.0.0.1:${await closedPort()}${path}`,
          description: 'Nothing listens here',
          transport,
          team_id: teamId,
          visibility: 'team',
        });
        expectStatus(res, [502], 'POST /gateways');
        const gateways = await listAll(admin, '/gateways?include_inactive=true');
        if (gateways.some((g) => g?.name === name)) fail('a gateway row was stored');
        const tools = await listAll(admin, '/tools?include_inactive=true');
        if (tools.some((t) => typeof t?.name === 'string' && t.name.startsWith(name))) fail('tool rows were stored');
      });
    }

    // ---- Cleanup, in pytest's teardown order (reverse of setup): team_admin, viewer, developer, team
    await removeUserFromTeam(TEAM_ADMIN_EMAIL, teamId, 'team_admin');
    await removeUserFromTeam(VIEWER_EMAIL, teamId, 'viewer');
    await removeUserFromTeam(DEVELOPER_EMAIL, teamId, 'developer');
    await check('cleanup outsider: DELETE /auth/email/admin/users/{email} answers 2xx', async () => {
      expect2xx(await admin.delete(`/auth/email/admin/users/${OUTSIDER_EMAIL}`), 'delete user');
    });
    await check('cleanup rbac_test_team: DELETE /teams/{id} answers 2xx', async () => {
      expect2xx(await admin.delete(`/teams/${teamId}`), 'delete team');
    });
    await check('after cleanup: the team answers 404 to the admin', async () => {
      expectStatus(await admin.get(`/teams/${teamId}`), [404], 'GET /teams/{id}');
    });
    if (teamGateway) {
      await check("after cleanup: the team's gateway and its imported tools are gone (404 to the admin)", async () => {
        expectStatus(await admin.get(`/gateways/${teamGateway.id}`), [404], 'GET /gateways/{id}');
        for (const tool of importedTools) expectStatus(await admin.get(`/tools/${tool.id}`), [404], 'GET /tools/{id}');
      });
    }
    await check('after cleanup: the seed users are gone (GET /auth/email/admin/users/{email} answers 404)', async () => {
      for (const email of [DEVELOPER_EMAIL, VIEWER_EMAIL, TEAM_ADMIN_EMAIL, OUTSIDER_EMAIL]) {
        expectStatus(await admin.get(`/auth/email/admin/users/${email}`), [404], `GET user ${email}`);
      }
    });
  } finally {
    if (mcp) await check('the MCP server closes', () => mcp.close());
  }
}

const watchdog = setTimeout(() => {
  report(false, `the run finishes within ${OVERALL_TIMEOUT_MS / 1000} s`, 'timed out');
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

try {
  await main();
} catch (error) {
  report(false, 'the run completes', error?.stack ?? String(error));
}
clearTimeout(watchdog);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
