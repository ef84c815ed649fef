import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type supertest from 'supertest';
import { DataSource } from 'typeorm';
import type { ScopeField } from '../../../src/auth/route-decision.js';
import { RoleAssignmentsService } from '../../../src/modules/rbac/role-assignments.service.js';
import { describeScope } from '../../../src/modules/rbac/require-permission.decorator.js';
import { RouteDecisionAudit, type RouteDecisionEntry } from '../../../src/modules/rbac/route-decision.audit.js';
import { litellm } from '../../support/litellm-client.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/**
 * The escalation matrix, generated from the route table (`RouteDecisionAudit.list()`): every route whose decision
 * is scoped to a team is called by every principal against three targets (the caller's team, another team, a
 * personal team that is not the caller's — or, for the personal-only user, their own). Per cell:
 *  - anonymous is 401;
 *  - the scope field planted in every other place with another team's id is 400 (the guard never authorizes one
 *    team while the handler acts on another);
 *  - any answer >= 400 leaves the database exactly as it was;
 *  - for user principals the answer agrees with the explain endpoint (`POST /rbac/permissions/check`).
 * Resource-scoped routes (keys, catalog rows, gateways, invitations) get the planted-scope and no-write checks.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Place = 'path' | 'query' | 'body';
type TeamScopedEntry = RouteDecisionEntry & {
  decision: { kind: 'permission'; permission: string; scope: { kind: 'team'; field: ScopeField; audience?: string } };
};
type ResourceScopedEntry = RouteDecisionEntry & {
  decision: { kind: 'permission'; permission: string; scope: { kind: 'resource'; resolver: string; fields: ScopeField[] } };
};

interface Principal {
  name: string;
  /** Bearer credential; none for anonymous. */
  bearer?: string;
  /** Set for user principals whose decisions the explain endpoint must agree with. */
  explainAs?: string;
  /** Their team A is "own", B "other"; personal-only's personal target is their own. */
  ownPersonal?: boolean;
}

type TargetName = 'team-A' | 'team-B' | 'personal';

interface RequestSpec {
  method: Method;
  url: string;
  query: Record<string, unknown>;
  body?: Record<string, unknown>;
}

interface Extras {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
}

interface Ctx {
  unique: (prefix: string) => string;
  bystander: string;
  joiner: string;
  nobody: string;
}

const key = (e: RouteDecisionEntry) => `${e.method} ${e.path}`;
const HAS_BODY: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH']);
/** Fastify parses a JSON body on DELETE too: a copy can be planted there. */
const BODY_PLANTABLE: ReadonlySet<Method> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const isLitellm = (path: string) => /^\/(v2\/)?(key|team|user|organization)(\/|$)/.test(path);
/** The admin UI answers its scripts with `{"message", "success": false}`. */
const isAdmin = (path: string) => /^\/admin(\/|$)/.test(path);

/** A minimal plausible request per team-scoped route: everything but the scope field (placed by the generator). */
const catalogCreate = (kind: string) => (c: Ctx) => {
  const name = c.unique(kind);
  const row: Record<string, Record<string, unknown>> = {
    servers: { server: { name, description: 'matrix' } },
    tools: { tool: { name, description: 'matrix', url: 'https://example.com/api/tool', integration_type: 'REST', input_schema: '{}' } },
    resources: { resource: { uri: `file:///matrix/${name}`, name, description: 'matrix', mimeType: 'text/plain' } },
    prompts: { prompt: { name, description: 'matrix', template: 'Hello {{name}}', arguments: [] } },
  };
  return { body: { ...row[kind], visibility: 'team' } };
};

const REQUESTS: Record<string, (c: Ctx) => Extras> = {
  'GET /gateways': () => ({}),
  // No url: a 422 after the guard, and no outbound connection attempt.
  'POST /gateways': (c) => ({ body: { name: c.unique('gw') } }),
  'GET /prompts': () => ({}),
  'POST /prompts': catalogCreate('prompts'),
  'GET /resources': () => ({}),
  'POST /resources': catalogCreate('resources'),
  'GET /servers': () => ({}),
  'POST /servers': catalogCreate('servers'),
  'GET /tools': () => ({}),
  'POST /tools': catalogCreate('tools'),
  'POST /key/generate': () => ({ body: {} }),
  'POST /rbac/users/:email/roles': (c) => ({ params: { email: c.bystander }, body: { role_id: 'viewer', scope: 'team' } }),
  'DELETE /rbac/users/:email/roles/:role': (c) => ({ params: { email: c.bystander, role: 'viewer' } }),
  'GET /team/info': () => ({}),
  'GET /team/permissions_list': () => ({}),
  'POST /team/member_add': (c) => ({ body: { member: [{ user_email: `${c.unique('added')}@matrix.example.com`, role: 'user' }] } }),
  'POST /team/member_delete': (c) => ({ body: { user_email: c.nobody } }),
  'POST /team/member_update': (c) => ({ body: { user_email: c.nobody, role: 'user' } }),
  // The defaults: the member-key principal's rights stay what they were.
  'POST /team/permissions_update': () => ({ body: { team_member_permissions: ['/key/info', '/key/health'] } }),
  'POST /team/update': () => ({ body: {} }),
  'DELETE /teams/:team_id': () => ({}),
  'GET /teams/:team_id': () => ({}),
  'PUT /teams/:team_id': () => ({ body: { description: 'matrix' } }),
  'GET /teams/:team_id/invitations': () => ({}),
  'POST /teams/:team_id/invitations': (c) => ({ body: { email: `${c.unique('invitee')}@matrix.example.com`, role: 'member' } }),
  'POST /teams/:team_id/join': () => ({ body: {} }),
  'GET /teams/:team_id/join-requests': () => ({}),
  'GET /teams/:team_id/members': () => ({}),
  'POST /teams/:team_id/members': (c) => ({ body: { email: c.joiner, role: 'member' } }),
  'DELETE /teams/:team_id/members/:email': (c) => ({ params: { email: c.nobody } }),
  // The admin UI: the same decisions as the API, on its own routes (forms arrive as plain fields).
  'GET /admin': () => ({}),
  'GET /admin/gateways/partial': () => ({}),
  'GET /admin/servers/partial': () => ({}),
  'GET /admin/tools/partial': () => ({}),
  'GET /admin/resources/partial': () => ({}),
  'GET /admin/prompts/partial': () => ({}),
  // No url: a 422 after the guard, and no outbound connection attempt.
  'POST /admin/gateways': (c) => ({ body: { name: c.unique('gw') } }),
  'POST /admin/servers': (c) => ({ body: { name: c.unique('servers'), visibility: 'team' } }),
  'POST /admin/tools': (c) => ({ body: { name: c.unique('tools'), url: 'https://example.com/api/tool', visibility: 'team' } }),
  'POST /admin/resources': (c) => ({ body: { uri: `file:///matrix/${c.unique('res')}`, name: c.unique('resources'), visibility: 'team' } }),
  'POST /admin/prompts': (c) => ({ body: { name: c.unique('prompts'), visibility: 'team' } }),
  'POST /admin/keys': () => ({ body: {} }),
  'POST /admin/roles/assign': (c) => ({ body: { email: c.bystander, role_id: 'viewer' } }),
  'POST /admin/users/:email/roles/revoke': (c) => ({ params: { email: c.bystander }, body: { role: 'viewer' } }),
  'POST /admin/teams/:team_id/add-member': (c) => ({ body: { user_email: c.joiner, role: 'member' } }),
  'GET /admin/teams/:team_id/members/add': () => ({}),
  'POST /admin/teams/:team_id/members/remove': (c) => ({ body: { email: c.nobody } }),
  'POST /admin/teams/:team_id/invite': (c) => ({ body: { email: `${c.unique('invitee')}@matrix.example.com`, role: 'member' } }),
  'PUT /teams/:team_id/members/:email': (c) => ({ params: { email: c.nobody }, body: { role: 'member' } }),
  // API tokens: team tokens are minted and listed by the team's members (`members` audience).
  'POST /tokens': (c) => ({ body: { name: c.unique('token') } }),
  'POST /tokens/teams/:team_id': (c) => ({ body: { name: c.unique('token') } }),
  'GET /tokens/teams/:team_id': () => ({}),
};

/** Routes that destroy a target run last, so that the cells before them see the fixtures intact. */
const RUN_LAST = ['DELETE /teams/:team_id'];

/** Expected outcomes, as data. `null`: whatever the engine decides (checked against explain instead). */
const EXPECTED: Record<'anonymous' | 'authenticated', { real: readonly number[] | null; planted: readonly number[] }> = {
  anonymous: { real: [401], planted: [401] },
  authenticated: { real: null, planted: [400] },
};

type Body = { detail?: unknown; error?: { type?: string; message?: string; param?: string | null } } | undefined;

/**
 * How a refusal by the engine (the guard) reads on each surface — see src/common/errors/*-error.renderer.ts.
 * LiteLLM keeps its own statuses for some denials; each is still "the engine said no".
 */
const ENGINE_REFUSALS: { surface: 'litellm' | 'contextforge'; status: number; why: string; match: (body: Body) => boolean }[] = [
  { surface: 'contextforge', status: 403, why: 'ACCESS_DENIED', match: (b) => b?.detail === 'Access denied' },
  { surface: 'litellm', status: 403, why: 'ACCESS_DENIED (auth_error)', match: (b) => b?.error?.type === 'auth_error' },
  {
    surface: 'litellm',
    status: 401,
    why: 'TEAM_MEMBER_PERMISSION (LiteLLM answers 401)',
    match: (b) => b?.error?.type === 'team_member_permission_error',
  },
  {
    surface: 'litellm',
    status: 401,
    why: 'ADMIN_ONLY (LiteLLM answers 401)',
    match: (b) => b?.error?.type === 'auth_error' && /^Only proxy admin/.test(b.error.message ?? ''),
  },
  {
    surface: 'litellm',
    status: 400,
    why: 'NOT_TEAM_MEMBER on keys.generate (LiteLLM answers 400 "not assigned to team")',
    match: (b) => b?.error?.param === 'team_id' && /^User=.* not assigned to team=/.test(b.error.message ?? ''),
  },
];

/**
 * Explain exceptions: refusals made by a handler AFTER the guard granted the permission, so explain rightly says
 * `granted: true` while the answer is a 403. Each: route, exact answer body, one-line reason.
 */
// None: the last one (joining a private team) is the engine's NOT_JOINABLE now, on a `joinable` audience route.
const HANDLER_REFUSALS: { route: string; status: number; detail: string; reason: string }[] = [];

/** What the explain endpoint must say for an answer: refused by the engine (false), or let through (true). */
function explainFor(route: RouteDecisionEntry, status: number, body: Body): boolean | 'unexpected' {
  const surface = isLitellm(route.path) ? 'litellm' : 'contextforge';
  if (ENGINE_REFUSALS.some((r) => r.surface === surface && r.status === status && r.match(body))) return false;
  if (HANDLER_REFUSALS.some((h) => h.route === key(route) && h.status === status && body?.detail === h.detail)) return true;
  if (status === 403) return false;
  if ((status >= 200 && status < 300) || [400, 404, 409, 422].includes(status)) return true;
  return 'unexpected';
}

const TABLES = [
  'teams',
  'team_members',
  'api_keys',
  'role_assignments',
  'roles',
  'team_invitations',
  'team_join_requests',
  'users',
  'gateways',
  'servers',
  'tools',
  'resources',
  'prompts',
  'server_tools',
  'server_resources',
  'server_prompts',
  'organizations',
  'organization_members',
];

/**
 * Usage counters are bookkeeping, written every few seconds by UsageRecorder for whatever credential made requests
 * (refused ones included): not a write the refused request made, so left out of the fingerprint.
 */
const USAGE_COLUMNS = [
  'usage_count',
  'usage_success_count',
  'usage_blocked_count',
  'usage_response_ms_total',
  'usage_endpoints',
  'last_used_at',
];
const rowText = (table: string) =>
  table === 'api_keys' ? `(to_jsonb(x) - ${USAGE_COLUMNS.map((c) => `'${c}'`).join(' - ')})::text` : 'x::text';

const FINGERPRINT_SQL = TABLES.map(
  (table) =>
    `SELECT '${table}' AS t, md5(coalesce(string_agg(${rowText(table)}, '|' ORDER BY ${rowText(table)}), '')) AS h FROM ${table} x`,
).join(' UNION ALL ');

describe('escalation matrix (generated from the route table)', () => {
  let t: TestApp;
  let routes: RouteDecisionEntry[];
  let teamRoutes: TeamScopedEntry[];
  let resourceRoutes: ResourceScopedEntry[];
  let principals: Principal[];
  let alpha: string;
  let beta: string;
  const failures = {
    anonymous: [] as string[],
    planted: [] as string[],
    noWrite: [] as string[],
    explain: [] as string[],
    serverErrors: [] as string[],
    resourcePlanted: [] as string[],
  };
  const stats = {
    cells: 0,
    requests: 0,
    explainChecked: 0,
    explainSkippedAudience: 0,
    explainSkippedNonUser: 0,
    explainTargetGone: 0,
    resourceCells: 0,
    writesSeen: 0,
  };
  const statusCounts: Record<string, number> = {};
  let seconds = 0;
  let seq = 0;
  const unique = (prefix: string) => `${prefix}-${++seq}-${Math.random().toString(16).slice(2, 8)}`;

  let fingerprint: () => Promise<Record<string, string>>;
  let last: Record<string, string>;
  const changed = (a: Record<string, string>, b: Record<string, string>) => TABLES.filter((table) => a[table] !== b[table]);

  async function send(principal: Principal, spec: RequestSpec): Promise<supertest.Response> {
    let req = t
      .http()
      [spec.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](spec.url)
      .query(spec.query as object);
    req = req.set('Accept', 'application/json');
    if (principal.bearer) req = req.set('Authorization', `Bearer ${principal.bearer}`);
    const res = spec.body !== undefined ? await req.send(spec.body) : await req;
    stats.requests++;
    return res;
  }

  /** Send, then check the database: a refusal (>= 400) must not have written anything. */
  async function sendChecked(principal: Principal, spec: RequestSpec, label: string): Promise<supertest.Response> {
    const res = await send(principal, spec);
    const now = await fingerprint();
    const diff = changed(last, now);
    if (res.status >= 400 && diff.length > 0) {
      failures.noWrite.push(`${label}: ${res.status} but wrote to ${diff.join(', ')} — ${describeSpec(spec)}`);
    }
    if (res.status < 400 && diff.length > 0) stats.writesSeen++;
    if (res.status >= 500) failures.serverErrors.push(`${label}: ${res.status} ${JSON.stringify(res.body)} — ${describeSpec(spec)}`);
    last = now;
    return res;
  }

  const describeSpec = (s: RequestSpec) =>
    `${s.method} ${s.url}${Object.keys(s.query).length ? `?${new URLSearchParams(s.query as Record<string, string>).toString()}` : ''}${
      s.body !== undefined ? ` body=${JSON.stringify(s.body)}` : ''
    }`;

  /** The request for one route and target: the path filled, the target team in the declared place. */
  function build(route: RouteDecisionEntry, field: ScopeField, value: unknown, extras: Extras): RequestSpec {
    const params = { ...extras.params, ...(field.in === 'path' ? { [field.name]: value as string } : {}) };
    const url = route.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
      if (params[name] === undefined) throw new Error(`${key(route)}: no value for path parameter ${name}`);
      return encodeURIComponent(params[name]);
    });
    const query = { ...extras.query, ...(field.in === 'query' ? { [field.name]: value } : {}) };
    const method = route.method as Method;
    // A list of objects naming their targets (`keys: [{key}]`) carries each reference in its `item` field.
    const declared = field.item && Array.isArray(value) ? value.map((v: unknown) => ({ [field.item as string]: v })) : value;
    const body = HAS_BODY.has(method) ? { ...extras.body, ...(field.in === 'body' ? { [field.name]: declared } : {}) } : undefined;
    return { method, url, query, body };
  }

  /** The same request with the field also in `place`, with another value. */
  function plant(spec: RequestSpec, field: ScopeField, place: Place, value: unknown): RequestSpec {
    if (place === 'query') return { ...spec, query: { ...spec.query, [field.name]: value } };
    return { ...spec, body: { ...spec.body, [field.name]: value } };
  }

  /** Every place other than the declared one where a copy can be planted (a path copy cannot be made up). */
  const plantPlaces = (method: Method, field: ScopeField): Place[] =>
    (['query', 'body'] as const).filter((p) => p !== field.in && (p === 'query' || BODY_PLANTABLE.has(method)));

  /** The guard's own refusal of a second copy: the surface's envelope, naming the field and "name the target once". */
  function isPlantRefusal(route: RouteDecisionEntry, field: ScopeField, res: supertest.Response): boolean {
    if (res.status === 401) return true; // anonymous: authentication comes first
    const body = res.body as Body;
    const message = isLitellm(route.path)
      ? body?.error?.message
      : isAdmin(route.path)
        ? (body as { message?: unknown })?.message
        : body?.detail;
    const envelope = isLitellm(route.path) ? Object.keys(body ?? {}).join() === 'error' && body?.error?.param === field.name : true;
    return (
      envelope &&
      typeof message === 'string' &&
      message.startsWith(`${field.name} is given in the `) &&
      message.includes('name the target once')
    );
  }

  beforeAll(async () => {
    const started = Date.now();
    t = await startTestApp();
    const dataSource = t.app.get(DataSource);
    fingerprint = async () => {
      const rows: { t: string; h: string }[] = await dataSource.query(FINGERPRINT_SQL);
      return Object.fromEntries(rows.map((r) => [r.t, r.h]));
    };
    routes = t.app.get(RouteDecisionAudit).list();
    teamRoutes = routes.filter((e): e is TeamScopedEntry => e.decision?.kind === 'permission' && e.decision.scope.kind === 'team');
    teamRoutes.sort((a, b) => Number(RUN_LAST.includes(key(a))) - Number(RUN_LAST.includes(key(b))));
    resourceRoutes = routes.filter(
      (e): e is ResourceScopedEntry => e.decision?.kind === 'permission' && e.decision.scope.kind === 'resource',
    );

    // Fixtures: teams A and B by the platform admin; the principals.
    const api = litellm(t.http);
    const assignments = t.app.get(RoleAssignmentsService);
    alpha = (await api.newTeam({ team_alias: 'alpha' })).team_id;
    beta = (await api.newTeam({ team_alias: 'beta' })).team_id;
    const login = await t.http().post('/auth/email/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
    const adminJwt = login.body.access_token as string;
    const asAdmin = (method: 'post' | 'put', path: string, body: object) =>
      t.http()[method](path).set('Authorization', `Bearer ${adminJwt}`).set('Accept', 'application/json').send(body);

    const userId = async (email: string) =>
      ((await dataSource.query(`SELECT id FROM users WHERE email = $1`, [email])) as { id: string }[])[0].id;
    async function user(name: string, teams: [teamId: string, role: 'developer' | 'viewer' | null][] = []): Promise<string> {
      const email = `${name}@matrix.example.com`;
      await api.newUser({ user_id: email, user_email: email });
      for (const [teamId, role] of teams) {
        const added = await api.post('/team/member_add', MASTER_KEY, { team_id: teamId, member: [{ role: 'user', user_email: email }] });
        if (added.status !== 200) throw new Error(`member_add: ${added.status} ${added.text}`);
        if (role) await assignments.grantByName(dataSource.manager, await userId(email), role, 'team', teamId, 'test');
      }
      return email;
    }
    const viewer = await user('viewer', [[alpha, 'viewer']]);
    const developer = await user('developer', [[alpha, 'developer']]);
    const member = await user('member', [[alpha, null]]);
    const memberKey = (await api.adminKey({ user_id: member, team_id: alpha })).key;
    const otherAdmin = await user('other-admin');
    const owner = await asAdmin('post', `/teams/${beta}/members`, { email: otherAdmin, role: 'owner' });
    if (owner.status >= 300) throw new Error(`owner of beta: ${owner.status} ${owner.text}`);
    const personalOnly = await user('personal-only');
    const victim = await user('victim');
    const bystander = await user('bystander', [
      [alpha, null],
      [beta, null],
    ]);
    const joiner = await user('joiner');

    const personalTeamOf = async (email: string) =>
      (
        (await dataSource.query(`SELECT t.id FROM teams t JOIN users u ON u.id = t.created_by WHERE t.is_personal AND u.email = $1`, [
          email,
        ])) as { id: string }[]
      )[0].id;
    const personal = { own: await personalTeamOf(personalOnly), victim: await personalTeamOf(victim) };
    const session = (email: string) => userToken(email, { tokenUse: 'session' });
    principals = [
      { name: 'anonymous' },
      { name: 'viewer', bearer: session(viewer), explainAs: viewer },
      { name: 'developer', bearer: session(developer), explainAs: developer },
      { name: 'member-key', bearer: memberKey },
      { name: 'personal-only', bearer: session(personalOnly), explainAs: personalOnly, ownPersonal: true },
      { name: 'other-admin', bearer: session(otherAdmin), explainAs: otherAdmin },
      { name: 'platform-admin', bearer: adminJwt, explainAs: ADMIN_EMAIL },
    ];
    const ctx: Ctx = { unique, bystander, joiner, nobody: 'nobody@matrix.example.com' };
    /** The explain answer; `gone` once a destructive cell (run last) has deleted the target team. */
    const explain = async (email: string, permission: string, teamId: string): Promise<{ granted: boolean } | 'gone'> => {
      const res = await asAdmin('post', '/rbac/permissions/check', { user_email: email, permission, team_id: teamId });
      if (res.status === 404) return 'gone';
      if (res.status !== 200) throw new Error(`explain: ${res.status} ${res.text}`);
      return res.body;
    };

    async function organizationId(): Promise<string> {
      const res = await api.post('/organization/new', MASTER_KEY, { organization_alias: unique('org') });
      if (res.status !== 200) throw new Error(`organization/new: ${res.status} ${res.text}`);
      return res.body.organization_id as string;
    }

    // Resource fixtures (made before the matrix: two of each kind, one in A and one in B).
    const pairs: Record<string, [string, string]> = {
      key: [memberKey, (await api.adminKey({ team_id: beta })).key],
      gateways: [randomUUID(), randomUUID()],
      user: [viewer, otherAdmin],
      'user-subject': [viewer, otherAdmin],
      // Organizations are decided in themselves (no team): any two will do.
      organization: [await organizationId(), await organizationId()],
    };
    for (const kind of ['servers', 'tools', 'resources', 'prompts']) {
      const ids: string[] = [];
      for (const team of [alpha, beta]) {
        const res = await asAdmin('post', `/${kind}`, { ...catalogCreate(kind)(ctx).body, team_id: team });
        if (res.status !== 201) throw new Error(`${kind}: ${res.status} ${res.text}`);
        ids.push(res.body.id);
      }
      pairs[kind] = [ids[0], ids[1]];
    }
    const invitations: string[] = [];
    for (const team of [alpha, beta]) {
      const res = await asAdmin('post', `/teams/${team}/invitations`, { email: `${unique('inv')}@matrix.example.com`, role: 'member' });
      if (res.status !== 201) throw new Error(`invitation: ${res.status} ${res.text}`);
      invitations.push(res.body.id);
    }
    pairs['team-invitation'] = [invitations[0], invitations[1]];
    // Join requests: public teams A' and B' (A and B are private), one request each, by the joiner. Both resolvers
    // (the owners' approve/reject in the team, the requester's own cancel) find them only through their own team.
    const joinRequests: string[] = [];
    for (const name of ['join-a', 'join-b']) {
      const created = await asAdmin('post', '/teams/', { name: unique(name), visibility: 'public' });
      if (created.status !== 201) throw new Error(`public team: ${created.status} ${created.text}`);
      const asked = await t
        .http()
        .post(`/teams/${created.body.id}/join`)
        .set('Authorization', `Bearer ${session(joiner)}`)
        .set('Accept', 'application/json')
        .send({});
      if (asked.status !== 200) throw new Error(`join request: ${asked.status} ${asked.text}`);
      joinRequests.push(asked.body.id);
    }
    pairs['team-join-request'] = [joinRequests[0], joinRequests[1]];
    pairs['own-team-join-request'] = [joinRequests[0], joinRequests[1]];
    // API tokens: one made by a member of A, one by the owner of B (tokens are decided on their owner, globally).
    const tokenIds: string[] = [];
    for (const [team, email] of [
      [alpha, viewer],
      [beta, otherAdmin],
    ]) {
      const res = await t
        .http()
        .post(`/tokens/teams/${team}`)
        .set('Authorization', `Bearer ${session(email)}`)
        .set('Accept', 'application/json')
        .send({ name: unique('matrix-token') });
      if (res.status !== 201) throw new Error(`token: ${res.status} ${res.text}`);
      tokenIds.push(res.body.token.id);
    }
    pairs.tokens = [tokenIds[0], tokenIds[1]];

    last = await fingerprint();

    // Resource-scoped routes: planted-scope and no-write, for every principal.
    for (const route of resourceRoutes) {
      const pair = pairs[route.decision.scope.resolver];
      if (!pair) {
        failures.resourcePlanted.push(`${key(route)}: no fixture for resolver ${route.decision.scope.resolver}`);
        continue;
      }
      for (const field of route.decision.scope.fields) {
        const places = plantPlaces(route.method as Method, field);
        if (places.length === 0) continue;
        const declared = field.many ? [pair[0]] : pair[0];
        const params: Record<string, string> = {};
        for (const m of route.path.matchAll(/:([A-Za-z_]+)/g)) params[m[1]] = pair[0];
        const spec = build(route, field, declared, { params, body: {} });
        for (const principal of principals) {
          for (const place of places) {
            stats.resourceCells++;
            const planted = plant(spec, field, place, pair[1]);
            const label = `${key(route)} [${principal.name}] ${field.in}.${field.name} planted in ${place}`;
            const res = await sendChecked(principal, planted, label);
            const expected = EXPECTED[principal.bearer ? 'authenticated' : 'anonymous'].planted;
            if (!expected.includes(res.status) || !isPlantRefusal(route, field, res)) {
              failures.resourcePlanted.push(`${label}: ${res.status} ${JSON.stringify(res.body)} — ${describeSpec(planted)}`);
            }
          }
        }
      }
    }

    // Team-scoped routes: the full matrix.
    const targetsFor = (p: Principal): [TargetName, string, string][] => [
      ['personal', p.ownPersonal ? personal.own : personal.victim, alpha],
      ['team-B', beta, alpha],
      ['team-A', alpha, beta],
    ];
    for (const route of teamRoutes) {
      const { permission, scope } = route.decision;
      const requestOf = REQUESTS[key(route)];
      if (!requestOf) continue; // reported by the coverage test
      for (const [targetIndex] of targetsFor(principals[0]).entries()) {
        for (const principal of principals) {
          const [target, teamId, other] = targetsFor(principal)[targetIndex];
          const label = `${key(route)} [${principal.name} → ${target}]`;
          stats.cells++;
          const spec = build(route, scope.field, teamId, requestOf(ctx));
          const kind = principal.bearer ? 'authenticated' : 'anonymous';

          // Planted scope first: refused, so it changes nothing the real request would see.
          for (const place of plantPlaces(spec.method, scope.field)) {
            const planted = plant(spec, scope.field, place, other);
            const res = await sendChecked(principal, planted, `${label} planted in ${place}`);
            if (!EXPECTED[kind].planted.includes(res.status) || !isPlantRefusal(route, scope.field, res)) {
              failures.planted.push(`${label} planted in ${place}: ${res.status} ${JSON.stringify(res.body)} — ${describeSpec(planted)}`);
            }
          }

          // Explain is asked before the request, about the state the guard decides on.
          // Audience routes are skipped by rule (the team's visibility, not the permission, decides) and counted.
          const checkExplain = principal.explainAs !== undefined && !scope.audience;
          if (principal.explainAs !== undefined && scope.audience) stats.explainSkippedAudience++;
          if (principal.bearer && principal.explainAs === undefined) stats.explainSkippedNonUser++;
          const before = checkExplain ? await explain(principal.explainAs!, permission, teamId) : undefined;

          const res = await sendChecked(principal, spec, label);
          statusCounts[`${principal.name} ${res.status}`] = (statusCounts[`${principal.name} ${res.status}`] ?? 0) + 1;
          const expectedReal = EXPECTED[kind].real;
          if (expectedReal && !expectedReal.includes(res.status)) {
            failures.anonymous.push(`${label}: ${res.status} — ${describeSpec(spec)}`);
          }
          if (before === 'gone') {
            // The target was deleted by an earlier cell of a RUN_LAST route: the only honest answer is 404.
            stats.explainTargetGone++;
            if (res.status !== 404) failures.explain.push(`${label}: target team deleted, answered ${res.status} — ${describeSpec(spec)}`);
          } else if (before) {
            stats.explainChecked++;
            const want = explainFor(route, res.status, res.body as Body);
            if (want !== before.granted) {
              failures.explain.push(
                `${label}: answered ${res.status} ${JSON.stringify(res.body)}, explain says ${JSON.stringify(before)} — ${describeSpec(spec)}`,
              );
            }
          }
        }
      }
    }
    seconds = Math.round((Date.now() - started) / 1000);
  }, 300_000);

  afterAll(() => t?.close());

  it('has a request for every team-scoped route in the route table, and no request for a route that is gone', () => {
    expect(teamRoutes.length).toBeGreaterThan(20);
    const missing = teamRoutes.map(key).filter((k) => !REQUESTS[k]);
    const stale = Object.keys(REQUESTS).filter((k) => !teamRoutes.some((r) => key(r) === k));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    expect(HANDLER_REFUSALS.map((h) => h.route).filter((k) => !teamRoutes.some((r) => key(r) === k))).toEqual([]);
  });

  it('records the matrix size', () => {
    const targets = 3;
    const size = { routes: teamRoutes.length, principals: principals.length, targets, cells: stats.cells };
    console.log(
      `escalation matrix: ${size.routes} team-scoped routes × ${size.principals} principals × ${targets} targets = ${size.cells} cells; ` +
        `${resourceRoutes.length} resource-scoped routes, ${stats.resourceCells} planted cells; ${stats.requests} requests; ` +
        `explain checked ${stats.explainChecked}, skipped ${stats.explainSkippedAudience} (audience routes: ` +
        `${teamRoutes
          .filter((r) => r.decision.scope.audience)
          .map((r) => `${key(r)} ${describeScope(r.decision.scope as never)}`)
          .join('; ')}), ${stats.explainSkippedNonUser} (key callers); ${JSON.stringify(stats)}; matrix ran in ${seconds} s\n` +
        `statuses: ${JSON.stringify(statusCounts)}`,
    );
    expect(size.cells).toBe(size.routes * size.principals * targets);
  });

  it('answers 401 to anonymous callers, on every cell', () => {
    expect(failures.anonymous).toEqual([]);
  });

  it('refuses a team scope planted in a second place with another team (400, or 401 anonymous)', () => {
    expect(failures.planted).toEqual([]);
  });

  it('refuses a resource reference planted in a second place with another resource (400, or 401 anonymous)', () => {
    expect(failures.resourcePlanted).toEqual([]);
  });

  it('writes nothing when it refuses (every answer >= 400 leaves the database fingerprint unchanged)', () => {
    // The fingerprint does see writes: granted cells (creates, member adds, invitations) changed it.
    expect(stats.writesSeen).toBeGreaterThan(10);
    expect(failures.noWrite).toEqual([]);
  });

  it('never answers 5xx', () => {
    expect(failures.serverErrors).toEqual([]);
  });

  it('agrees with the explain endpoint: 403 ⇔ granted false; 2xx/400/404/409/422 ⇔ granted true', () => {
    expect(failures.explain).toEqual([]);
  });
});
