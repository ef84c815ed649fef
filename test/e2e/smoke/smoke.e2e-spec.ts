import { isContextforgePath } from '../../../src/common/http/contextforge-versioning.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RouteDecisionAudit } from '../../../src/modules/rbac/route-decision.audit.js';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { describeScope } from '../../../src/modules/rbac/require-permission.decorator.js';

/**
 * Always on the embedded database (even when DATABASE_URL is set), so the zero-setup path `npm start` takes is
 * exercised in every run: boot, migrations, health, docs, the deny-by-default table and both error envelopes.
 */
describe('smoke (embedded PGlite)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ embedded: true });
  });
  afterAll(() => t.close());

  it('runs on the embedded database', () => {
    expect(t.databaseUrl).toBe('pglite://memory');
  });

  it('answers health checks and says whether the database answers', async () => {
    const health = await t.http().get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual(expect.objectContaining({ status: 'ok' }));
    expect(health.body.info.database.status).toBe('up');
    expect((await t.http().get('/health/readiness')).status).toBe(200);
    expect((await t.http().get('/health/liveliness')).status).toBe(200);
  });

  /**
   * Every route and its permission decision. A change here is a change of who may do what: review it, then
   * update the snapshot (`npx jest -u`, ESM flags as in package.json).
   */
  it('every route carries an explicit decision, and the table is the reviewed one', () => {
    const table = t.app.get(RouteDecisionAudit).list();
    expect(table.length).toBeGreaterThan(80);
    expect(table.filter((route) => route.decision === null)).toEqual([]);
    expect(
      table.map(({ method, path, decision }) => {
        if (decision?.kind !== 'permission') return `${method} ${path} -> ${decision?.kind}`;
        const scope = describeScope(decision.scope);
        const permissions = [decision.permission, ...(decision.alternatives ?? [])].join('|');
        return `${method} ${path} -> ${permissions} @ ${scope}`;
      }),
    ).toMatchSnapshot();
  });

  it('documents every route in OpenAPI, with the permission it needs', async () => {
    const res = await t.http().get('/docs-json');
    expect(res.status).toBe(200);
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries<Record<string, unknown>>(res.body.paths)) {
      for (const method of Object.keys(operations)) documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    // ContextForge operations are listed once, under /v1 (their unversioned paths are aliases).
    const documentedPath = (path: string) => (isContextforgePath(path) ? `/v1${path}` : path);
    const table = t.app.get(RouteDecisionAudit).list();
    // Forward auth takes every method (listed as each of them); its Envoy form `/auth/forward/*` is the same
    // operation, described there. It is ours, not ContextForge's: unversioned.
    const documentedRoutes = table
      .filter((r) => !r.path.endsWith('/*'))
      .map((r) => `${r.method === 'ALL' ? 'GET' : r.method} ${documentedPath(r.path)}`);
    expect(documentedRoutes.filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => / \/(teams|tools|rbac|auth)\b/.test(route) && !route.includes(' /auth/forward'))).toEqual([]);
    for (const route of table.filter((r) => r.decision?.kind === 'permission')) {
      const operation = res.body.paths[documentedPath(route.path).replace(/:(\w+)/g, '{$1}')][route.method.toLowerCase()];
      expect([route.path, operation['x-required-permission']?.permission]).toEqual([
        route.path,
        (route.decision as { permission: string }).permission,
      ]);
    }
  });

  it('refuses missing and bad credentials with 401 in each surface envelope', async () => {
    const litellm = await t.http().get('/key/list');
    expect(litellm.status).toBe(401);
    expect(litellm.body.error).toEqual(expect.objectContaining({ code: '401' }));
    const unknownKey = await t.http().get('/key/list').set('Authorization', 'Bearer sk-not-a-real-key');
    expect(unknownKey.status).toBe(401);
    expect(unknownKey.body.error.type).toBe('token_not_found_in_db');
    const contextforge = await t.http().get('/teams');
    expect(contextforge.status).toBe(401);
    expect(contextforge.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(contextforge.body).toEqual({ detail: expect.any(String) });
  });

  it('answers 413 for a body over 1 MiB and 400 for malformed JSON, never 500', async () => {
    const big = await t
      .http()
      .post('/team/new')
      .set('Authorization', `Bearer ${MASTER_KEY}`)
      .set('Content-Type', 'application/json')
      .send(`{"team_alias":"${'x'.repeat(1024 * 1024 + 10)}"}`);
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('413');
    const malformed = await t
      .http()
      .post('/team/new')
      .set('Authorization', `Bearer ${MASTER_KEY}`)
      .set('Content-Type', 'application/json')
      .send('{"team_alias":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.type).toBe('bad_request_error');
  });

  it('refuses JSON bodies that are not objects (null, arrays, strings) with 422 on both surfaces', async () => {
    for (const body of ['null', '[]', '"team"']) {
      const litellm = await t
        .http()
        .post('/team/new')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .set('Content-Type', 'application/json')
        .send(body);
      expect([body, litellm.status, litellm.body.error?.type]).toEqual([body, 422, 'bad_request_error']);
      const contextforge = await t
        .http()
        .post('/teams')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .set('Content-Type', 'application/json')
        .send(body);
      expect([body, contextforge.status, contextforge.body.detail?.[0]?.loc]).toEqual([body, 422, ['body']]);
    }
    const teams = await t.http().get('/team/list').set('Authorization', `Bearer ${MASTER_KEY}`);
    expect(teams.body.filter((team: { team_alias: string | null }) => team.team_alias === null)).toEqual([]);
  });

  it('serves the master key as platform admin on the embedded database end to end', async () => {
    const team = await t.http().post('/team/new').set('Authorization', `Bearer ${MASTER_KEY}`).send({ team_alias: 'smoke' });
    expect(team.status).toBe(200);
    const key = await t.http().post('/key/generate').set('Authorization', `Bearer ${MASTER_KEY}`).send({ team_id: team.body.team_id });
    expect(key.status).toBe(200);
    expect(key.body.key).toMatch(/^sk-[A-Za-z0-9_-]{43,}$/);
    const info = await t.http().get(`/key/info?key=${key.body.key}`).set('Authorization', `Bearer ${key.body.key}`);
    expect(info.status).toBe(200);
    expect(info.body.info.team_id).toBe(team.body.team_id);
  });
});
