import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppLogger } from '../../../src/common/logging/app-logger.js';
import { AuditService } from '../../../src/modules/audit/audit.service.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PLAIN_USER = 'plain.observability@example.com';

type AccessLine = { level: number; msg: string; req_id: string; method: string; route: string; status: number; ms: number } & Record<
  string,
  unknown
>;

/** The value of one series in a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).match(/^\{([^}]*)\}/)?.[1] ?? '';
    if (wanted.every((pair) => labelText.split(',').includes(pair))) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

describe('Observability: access log, X-Request-Id, /metrics', () => {
  let t: TestApp;
  let dir: string;
  let logFile: string;
  let adminId: string;
  const admin = () => userToken(ADMIN_EMAIL, { isAdmin: true });

  /** The access-log lines written so far (the destination is asynchronous: flushed first). */
  function accessLines(): AccessLine[] {
    t.app.get(AppLogger).flush();
    return readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AccessLine)
      .filter((line) => line.msg === 'request');
  }
  const lineOf = (requestId: string): AccessLine | undefined => accessLines().find((line) => line.req_id === requestId);
  const metrics = async () => (await t.http().get('/metrics')).text;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-obs-'));
    logFile = join(dir, 'portcullis.log');
    t = await startTestApp({ env: { LOG_LEVEL: 'info', LOG_FILE: logFile } });
    const created = await t
      .http()
      .post('/auth/email/admin/users')
      .set('Authorization', `Bearer ${admin()}`)
      .send({ email: PLAIN_USER, password: 'Correct-Horse-1', full_name: 'Plain User' });
    expect(created.status).toBe(201);
    [{ id: adminId }] = await t.app.get(DataSource).query('SELECT id FROM users WHERE email = $1', [ADMIN_EMAIL]);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('X-Request-Id', () => {
    it.each([
      ['a 200', () => t.http().get('/health'), 200],
      ['a 404 (no such route)', () => t.http().get('/no/such/route'), 404],
      ['a 401 (no credentials)', () => t.http().get('/teams'), 401],
      [
        'a 403 (not allowed)',
        () =>
          t
            .http()
            .get('/auth/email/admin/users')
            .set('Authorization', `Bearer ${userToken(PLAIN_USER)}`),
        403,
      ],
      ['a 400 (undecodable URL, refused by the router)', () => t.http().get('/teams/%zz'), 400],
      ['a 400 (malformed JSON)', () => t.http().post('/auth/email/login').set('Content-Type', 'application/json').send('{"email":'), 400],
      [
        'a 413 (body too large)',
        () =>
          t
            .http()
            .post('/auth/email/login')
            .send({ email: 'x'.repeat(1_100_000) }),
        413,
      ],
    ])("echoes the caller's sane id on %s", async (_case, send, status) => {
      const id = `client.${randomUUID()}:1_a-b`;
      const res = await send().set('X-Request-Id', id);
      expect(res.status).toBe(status);
      expect(res.headers['x-request-id']).toBe(id);
    });

    it.each([
      ['absent', undefined],
      ['with a space', 'two words'],
      ['with a quote', 'a"b'],
      ['over 128 characters', 'a'.repeat(129)],
    ])('answers a fresh UUID when the offered id is %s', async (_case, offered) => {
      const request = t.http().get('/health');
      const res = await (offered === undefined ? request : request.set('X-Request-Id', offered));
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it('is the correlation id of the audit events the request caused', async () => {
      const id = `audit-${randomUUID()}`;
      const failed = await t
        .http()
        .post('/auth/email/login')
        .set('X-Request-Id', id)
        .send({ email: ADMIN_EMAIL, password: 'Wrong-Guess-77' });
      expect(failed.status).toBe(401);
      await t.app.get(AuditService).flush();
      const trails = await t.http().get('/api/logs/audit-trails?limit=500').set('Authorization', `Bearer ${admin()}`);
      expect(trails.status).toBe(200);
      const event = (trails.body as { action: string; correlation_id: string }[]).find((row) => row.correlation_id === id);
      expect(event?.action).toBe('login_failed');
    });
  });

  describe('access log', () => {
    it('writes one info line per request: method, route template, status, ms, principal ids and request id', async () => {
      const teamId = randomUUID();
      const id = `log-${randomUUID()}`;
      const res = await t.http().get(`/teams/${teamId}?include=x`).set('Authorization', `Bearer ${admin()}`).set('X-Request-Id', id);
      expect(res.status).toBe(404);
      const lines = accessLines().filter((line) => line.req_id === id);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toEqual({
        level: 30,
        time: expect.any(Number),
        pid: process.pid,
        msg: 'request',
        req_id: id,
        method: 'GET',
        route: '/teams/:team_id',
        status: 404,
        ms: expect.any(Number),
        principal: 'user_token',
        user_id: adminId,
        key_id: null,
      });
      expect(lines[0].ms).toBeGreaterThan(0);
      expect(JSON.stringify(lines[0])).not.toContain(teamId);
    });

    it('names the master key by its kind, and anonymous and unmatched requests by what they are', async () => {
      const [master, anonymous, unmatched] = [`m-${randomUUID()}`, `a-${randomUUID()}`, `u-${randomUUID()}`];
      await t.http().get('/teams').set('Authorization', `Bearer ${MASTER_KEY}`).set('X-Request-Id', master);
      await t.http().get('/teams').set('X-Request-Id', anonymous);
      await t.http().get(`/nothing/${randomUUID()}`).set('X-Request-Id', unmatched);
      expect(lineOf(master)).toMatchObject({ route: '/teams', status: 200, principal: 'master_key', user_id: null, key_id: null });
      expect(lineOf(anonymous)).toMatchObject({ route: '/teams', status: 401, principal: null, user_id: null, key_id: null });
      expect(lineOf(unmatched)).toMatchObject({ method: 'GET', route: 'unmatched', status: 404 });
    });

    it('carries the id of the virtual key a request authenticated with', async () => {
      const key = await t.http().post('/key/generate').set('Authorization', `Bearer ${MASTER_KEY}`).send({});
      expect(key.status).toBe(200);
      const id = `k-${randomUUID()}`;
      await t.http().get('/key/info').set('Authorization', `Bearer ${key.body.key}`).set('X-Request-Id', id);
      const line = lineOf(id);
      expect(line).toMatchObject({ route: '/key/info', principal: 'virtual_key', key_id: expect.stringMatching(UUID) });
      expect(JSON.stringify(line)).not.toContain(key.body.key);
    });

    it('never holds a credential', async () => {
      const token = admin();
      await t.http().get('/teams').set('Authorization', `Bearer ${token}`).set('Cookie', `session=${token}`);
      await t.http().post('/auth/email/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      accessLines();
      const text = readFileSync(logFile, 'utf8');
      for (const secret of [token, MASTER_KEY, ADMIN_PASSWORD]) expect(text).not.toContain(secret);
    });
  });

  describe('GET /metrics', () => {
    it('is public Prometheus text, with the process metrics', async () => {
      const res = await t.http().get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(res.text).toMatch(/^# HELP process_cpu_user_seconds_total/m);
      expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    });

    it('counts requests and their latency by route template and status', async () => {
      const series = { method: 'GET', route: '/teams/:team_id', status: '404' };
      const before = await metrics();
      for (let i = 0; i < 3; i++) await t.http().get(`/teams/${randomUUID()}`).set('Authorization', `Bearer ${admin()}`);
      await t.http().get(`/definitely/not/here/${randomUUID()}`);
      const after = await metrics();
      expect(sample(after, 'http_requests_total', series) - sample(before, 'http_requests_total', series)).toBe(3);
      const durations = { method: 'GET', route: '/teams/:team_id', status_class: '4xx' };
      expect(
        sample(after, 'http_request_duration_seconds_count', durations) - sample(before, 'http_request_duration_seconds_count', durations),
      ).toBe(3);
      expect(sample(after, 'http_request_duration_seconds_bucket', { ...durations, le: '+Inf' })).toBe(
        sample(after, 'http_request_duration_seconds_count', durations),
      );
      expect(sample(after, 'http_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThan(
        sample(before, 'http_requests_total', { route: 'unmatched', status: '404' }),
      );
    });

    it('labels only route templates: no ids, emails or raw paths', async () => {
      const text = await metrics();
      const routes = new Set([...text.matchAll(/route="([^"]*)"/g)].map((match) => match[1]));
      for (const route of routes) expect(route === 'unmatched' || /^\/[A-Za-z0-9_/:.-]*$/.test(route)).toBe(true);
      expect([...routes].some((route) => UUID.test(route.split('/').at(-1) ?? ''))).toBe(false);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      expect(text).not.toContain(ADMIN_EMAIL);
      expect(text).not.toContain(PLAIN_USER);
      expect(text).not.toContain('definitely');
    });

    it('counts the permission guard decisions by outcome and permission', async () => {
      const denied = { outcome: 'deny', permission: 'admin.user_management' };
      const allowed = { outcome: 'allow', permission: 'admin.user_management' };
      const before = await metrics();
      expect(
        (
          await t
            .http()
            .get('/auth/email/admin/users')
            .set('Authorization', `Bearer ${userToken(PLAIN_USER)}`)
        ).status,
      ).toBe(403);
      expect((await t.http().get('/auth/email/admin/users').set('Authorization', `Bearer ${admin()}`)).status).toBe(200);
      expect((await t.http().get('/auth/email/admin/users').set('Authorization', `Bearer ${admin()}`)).status).toBe(200);
      const after = await metrics();
      const moved = (labels: Record<string, string>) =>
        sample(after, 'portcullis_access_decisions_total', labels) - sample(before, 'portcullis_access_decisions_total', labels);
      expect(moved(denied)).toBe(1);
      expect(moved(allowed)).toBe(2);
      // Public routes are not decisions (the /metrics scrapes themselves count nothing here).
      expect(after).not.toMatch(/portcullis_access_decisions_total\{[^}]*permission="public"/);
    });

    it('counts forward-auth verdicts on the forwarded request apart from the credential check', async () => {
      const key = await t
        .http()
        .post('/key/generate')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .send({ key_type: 'llm_api', models: ['gpt-4o'] });
      expect(key.status).toBe(200);
      const forward = (model: string) =>
        t
          .http()
          .get('/auth/forward')
          .set('Authorization', `Bearer ${key.body.key}`)
          .set('X-Original-URI', '/v1/chat/completions')
          .set('X-Original-Method', 'POST')
          .set('X-Portcullis-Model', model);
      const before = await metrics();
      expect((await forward('gpt-4o')).status).toBe(200);
      expect((await forward('claude-3')).status).toBe(403);
      const after = await metrics();
      const moved = (labels: Record<string, string>) =>
        sample(after, 'portcullis_access_decisions_total', labels) - sample(before, 'portcullis_access_decisions_total', labels);
      expect(moved({ outcome: 'allow', permission: 'forward_auth' })).toBe(1);
      expect(moved({ outcome: 'deny', permission: 'forward_auth' })).toBe(1);
      expect(moved({ outcome: 'allow', permission: 'authenticated' })).toBe(2);
    });

    it('reports the caches: hits and misses move with authenticated requests, and a hit ratio', async () => {
      const lookups = (text: string) => sample(text, 'portcullis_cache_hits_total') + sample(text, 'portcullis_cache_misses_total');
      const before = await metrics();
      for (const name of ['credentials', 'users', 'access_snapshots']) {
        expect(before).toMatch(new RegExp(`^portcullis_cache_hits_total\\{cache="${name}"\\} \\d+$`, 'm'));
        expect(before).toMatch(new RegExp(`^portcullis_cache_hit_ratio\\{cache="${name}"\\} [\\d.]+$`, 'm'));
        expect(before).toMatch(new RegExp(`^portcullis_cache_max_entries\\{cache="${name}"\\} [1-9]\\d*$`, 'm'));
      }
      const token = admin();
      for (let i = 0; i < 3; i++) expect((await t.http().get('/teams').set('Authorization', `Bearer ${token}`)).status).toBe(200);
      const after = await metrics();
      expect(lookups(after)).toBeGreaterThan(lookups(before));
      expect(sample(after, 'portcullis_cache_hits_total')).toBeGreaterThan(0);
      expect(sample(after, 'portcullis_change_feed_healthy')).toBe(1);
    });

    it("reports the database pool (Postgres: a pool of 20; embedded: its one connection) and the database's kind", async () => {
      const text = await metrics();
      const postgres = t.databaseUrl.startsWith('postgres');
      expect(sample(text, 'portcullis_database_info', { kind: postgres ? 'postgres' : 'pglite' })).toBe(1);
      expect(sample(text, 'portcullis_db_pool_max_connections')).toBe(postgres ? 20 : 1);
      const open = sample(text, 'portcullis_db_pool_connections');
      expect(open).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'portcullis_db_pool_idle_connections')).toBeLessThanOrEqual(open);
      expect(text).toMatch(/^portcullis_db_pool_waiting_requests \d+$/m);
    });
  });
});

describe('Observability with LOG_LEVEL=silent', () => {
  it('writes no access log, and still answers the request id and counts the request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcullis-obs-'));
    const logFile = join(dir, 'silent.log');
    const t = await startTestApp({ embedded: true, env: { LOG_LEVEL: 'silent', LOG_FILE: logFile } });
    try {
      const res = await t.http().get('/health').set('X-Request-Id', 'silent-1');
      expect(res.headers['x-request-id']).toBe('silent-1');
      const text = (await t.http().get('/metrics')).text;
      expect(sample(text, 'http_requests_total', { route: '/health', status: '200' })).toBe(1);
      expect(sample(text, 'portcullis_database_info', { kind: 'pglite' })).toBe(1);
      expect(sample(text, 'portcullis_db_pool_max_connections')).toBe(1);
      t.app.get(AppLogger).flush();
      expect(readFileSync(logFile, 'utf8')).toBe('');
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
