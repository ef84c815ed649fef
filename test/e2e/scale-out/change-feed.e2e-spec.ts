import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ChangeFeed } from '../../../src/common/cache/change-feed.js';
import { litellm } from '../../support/litellm-client.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/** Counts (and keeps) the statements an application runs through its data source. */
function queryLog(app: TestApp) {
  const logger = app.app.get(DataSource).logger;
  const original = logger.logQuery.bind(logger);
  const seen: string[] = [];
  logger.logQuery = (query, parameters, runner) => {
    seen.push(query);
    return original(query, parameters, runner);
  };
  return {
    seen,
    reset: () => seen.splice(0),
    restore: () => {
      logger.logQuery = original;
    },
  };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const PASSWORD = 'Changeme-123!';

/**
 * Per-entity invalidation: every change made through instance A is announced by the database (LISTEN/NOTIFY) and
 * applied to instance B's caches, so B's next request after the notification refuses or applies it. On the embedded
 * database there is one instance: the same code runs in process, and the changes are checked on A itself.
 */
describe('change feed: cached credentials and snapshots follow every change', () => {
  let a: TestApp;
  let b: TestApp | null = null;
  let api: ReturnType<typeof litellm>;
  /** Where the decision is checked: B when there are two instances. */
  let there: TestApp;

  beforeAll(async () => {
    a = await startTestApp();
    api = litellm(a.http);
    if (a.databaseUrl.startsWith('postgres')) b = await startTestApp({ databaseUrl: a.databaseUrl });
    there = b ?? a;
  });
  afterAll(async () => {
    await b?.close();
    await a.close();
  });

  const thereFeed = () => there.app.get(ChangeFeed);

  /** B has heard everything committed so far (its own barrier comes back within 1 s). */
  async function thereCaughtUp(): Promise<void> {
    expect(await thereFeed().barrier()).toBe(true);
  }

  const health = (key: string, app: TestApp = there) => app.http().post('/key/health').set('Authorization', `Bearer ${key}`);

  /** Twice: the second answer comes from the cache. */
  async function warm(request: () => Promise<{ status: number }>, status = 200): Promise<void> {
    expect((await request()).status).toBe(status);
    expect((await request()).status).toBe(status);
  }

  async function createUser(email: string): Promise<void> {
    const res = await a
      .http()
      .post('/auth/email/admin/users')
      .set('Authorization', `Bearer ${MASTER_KEY}`)
      .send({ email, password: PASSWORD, full_name: 'Feed' });
    expect(res.status).toBe(201);
  }

  const unique = (prefix: string) => `${prefix}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;

  it('the feed is listening on its own named connection, and the caches report their bounds', async () => {
    expect(thereFeed().healthy).toBe(true);
    const res = await there.http().get('/health/cache');
    expect(res.status).toBe(200);
    expect(res.body.change_feed.healthy).toBe(true);
    expect(res.body.caches.map((c: { name: string }) => c.name).sort()).toEqual([
      'access_snapshots',
      'credentials',
      'resolved_keys',
      'usage_facts',
      'users',
    ]);
    expect(res.body.max_entries).toBe(100_000);
    if (b) {
      const [row] = await a.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [thereFeed().applicationName]);
      expect(row.n).toBe(1);
    }
  });

  it('key delete', async () => {
    const key = await api.adminKey({});
    await warm(() => health(key.key));
    expect((await api.post('/key/delete', MASTER_KEY, { keys: [key.key] })).status).toBe(200);
    await thereCaughtUp();
    expect((await health(key.key)).status).toBe(401);
  });

  it('key block (and unblock)', async () => {
    const key = await api.adminKey({});
    await warm(() => health(key.key));
    expect((await api.post('/key/block', MASTER_KEY, { key: key.key })).status).toBe(200);
    await thereCaughtUp();
    const refused = await health(key.key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain('Key is blocked');
    expect((await api.post('/key/unblock', MASTER_KEY, { key: key.key })).status).toBe(200);
    await thereCaughtUp();
    expect((await health(key.key)).status).toBe(200);
  });

  it('team block: every key of the team', async () => {
    const team = await api.newTeam({});
    const key = await api.adminKey({ team_id: team.team_id });
    await warm(() => health(key.key));
    expect((await api.post('/team/block', MASTER_KEY, { team_id: team.team_id })).status).toBe(200);
    await thereCaughtUp();
    const refused = await health(key.key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toContain(`Team=${team.team_id} is blocked`);
  });

  it('membership removal: the member loses the team', async () => {
    const team = await api.newTeam({ team_member_permissions: ['/key/info'] });
    const user = await api.newUser({ user_id: unique('feed_member'), team_id: team.team_id });
    const teamKey = await api.adminKey({ team_id: team.team_id });
    const info = () => there.http().get(`/key/info?key=${teamKey.key}`).set('Authorization', `Bearer ${user.key}`);
    await warm(info);
    expect((await api.post('/team/member_delete', MASTER_KEY, { team_id: team.team_id, user_id: user.user_id })).status).toBe(200);
    await thereCaughtUp();
    expect((await info()).status).toBe(403);
  });

  it('a key named by /key/info: its update, move to another team, owner change and deletion', async () => {
    const team = await api.newTeam({ team_member_permissions: ['/key/info'] });
    const other = await api.newTeam({});
    const user = await api.newUser({ user_id: unique('feed_named'), team_id: team.team_id });
    const teamKey = await api.adminKey({ team_id: team.team_id, key_alias: unique('feed_alias') });
    const info = () => there.http().get(`/key/info?key=${teamKey.key}`).set('Authorization', `Bearer ${user.key}`);
    await warm(info);

    const alias = unique('feed_alias_new');
    expect((await api.post('/key/update', MASTER_KEY, { key: teamKey.key, key_alias: alias })).status).toBe(200);
    await thereCaughtUp();
    const renamed = await info();
    expect(renamed.status).toBe(200);
    expect(renamed.body.info.key_alias).toBe(alias);

    // Moved out of the member's team: the cached "lives in team X" must not authorize it any more.
    expect((await api.post('/key/update', MASTER_KEY, { key: teamKey.key, team_id: other.team_id })).status).toBe(200);
    await thereCaughtUp();
    expect((await info()).status).toBe(403);

    expect((await api.post('/key/delete', MASTER_KEY, { keys: [teamKey.key] })).status).toBe(200);
    await thereCaughtUp();
    const gone = await there.http().get(`/key/info?key=${teamKey.key}`).set('Authorization', `Bearer ${MASTER_KEY}`);
    expect(gone.status).toBe(404);
  });

  it("a key's owner renamed: /key/info names the new user_id", async () => {
    const owner = await api.newUser({ user_id: unique('feed_owner') });
    const info = () => there.http().get(`/key/info?key=${owner.key}`).set('Authorization', `Bearer ${MASTER_KEY}`);
    await warm(info);
    expect((await info()).body.info.user_id).toBe(owner.user_id);
    const [{ id }] = await a.app.get(DataSource).query(`SELECT id FROM users WHERE user_id = $1`, [owner.user_id]);
    const renamed = unique('feed_owner_renamed');
    await a.app.get(DataSource).query(`UPDATE users SET user_id = $1 WHERE id = $2`, [renamed, id]);
    await thereCaughtUp();
    expect((await info()).body.info.user_id).toBe(renamed);
  });

  it('forward auth: a model list narrowed and a budget spent through A are enforced by B', async () => {
    const key = await api.adminKey({ models: ['gpt-4o', 'claude-3'], max_budget: 1 });
    const forward = (model: string) =>
      there
        .http()
        .get('/auth/forward')
        .set('Authorization', `Bearer ${key.key}`)
        .set('X-Forwarded-Uri', '/v1/chat/completions')
        .set('X-Forwarded-Method', 'POST')
        .set('X-Portcullis-Model', model);
    await warm(() => forward('claude-3'));
    expect((await api.post('/key/update', MASTER_KEY, { key: key.key, models: ['gpt-4o'] })).status).toBe(200);
    await thereCaughtUp();
    expect((await forward('claude-3')).status).toBe(403);
    await warm(() => forward('gpt-4o'));
    await a.app.get(DataSource).query(`UPDATE api_keys SET spend = 2 WHERE token_hash = $1`, [key.token]);
    await thereCaughtUp();
    expect((await forward('gpt-4o')).status).toBe(429);
  });

  it('role revoke: the role stops granting', async () => {
    const email = `${unique('feed_auditor')}@example.com`;
    await createUser(email);
    const grant = await a
      .http()
      .post(`/rbac/users/${email}/roles`)
      .set('Authorization', `Bearer ${MASTER_KEY}`)
      .send({ role_id: 'platform_auditor', scope: 'global' });
    expect(grant.status).toBe(201);
    await thereCaughtUp();
    const token = userToken(email, { tokenUse: 'session' });
    const trails = () => there.http().get('/api/logs/audit-trails').set('Authorization', `Bearer ${token}`);
    await warm(trails);
    const revoked = await a.http().delete(`/rbac/users/${email}/roles/platform_auditor`).set('Authorization', `Bearer ${MASTER_KEY}`);
    expect(revoked.status).toBeLessThan(300);
    await thereCaughtUp();
    expect((await trails()).status).toBe(403);
  });

  it('user deactivation: their session tokens and their keys', async () => {
    const email = `${unique('feed_inactive')}@example.com`;
    await createUser(email);
    const [{ user_id: userId }] = await a.app.get(DataSource).query(`SELECT user_id FROM users WHERE email = $1`, [email]);
    const key = await api.adminKey({ user_id: userId });
    const token = userToken(email, { tokenUse: 'session' });
    await warm(() => health(token));
    await warm(() => health(key.key));
    const res = await a
      .http()
      .patch(`/auth/email/admin/users/${email}`)
      .set('Authorization', `Bearer ${MASTER_KEY}`)
      .send({ is_active: false });
    expect(res.status).toBe(200);
    await thereCaughtUp();
    expect((await health(token)).status).toBe(401);
    expect((await health(key.key)).status).toBe(401);
  });

  it('password change: tokens of the old credential version are refused', async () => {
    const email = `${unique('feed_password')}@example.com`;
    await createUser(email);
    const login = await a.http().post('/auth/email/login').send({ email, password: PASSWORD });
    expect(login.status).toBe(200);
    const oldToken = login.body.access_token as string;
    await warm(() => health(oldToken));
    const changed = await a
      .http()
      .post('/auth/email/change-password')
      .set('Authorization', `Bearer ${oldToken}`)
      .send({ old_password: PASSWORD, new_password: 'Another-Pass-2' });
    expect(changed.status).toBe(200);
    await thereCaughtUp();
    expect((await health(oldToken)).status).toBe(401);
  });

  it('API token revoke (/tokens)', async () => {
    const email = `${unique('feed_tokens')}@example.com`;
    await createUser(email);
    const session = userToken(email, { tokenUse: 'session' });
    const created = await a
      .http()
      .post('/tokens')
      .set('Authorization', `Bearer ${session}`)
      .send({ name: unique('tok') });
    expect(created.status).toBe(201);
    const raw = created.body.access_token as string;
    await warm(() => health(raw));
    const revoked = await a.http().delete(`/tokens/${created.body.token.id}`).set('Authorization', `Bearer ${session}`);
    expect(revoked.status).toBe(204);
    await thereCaughtUp();
    expect((await health(raw)).status).toBe(401);
  });

  it('the writer never serves its own stale entry: its answer waits for its own notification', async () => {
    // No barrier of the test's own here: A's answer to the block is sent only once A's caches have applied it, even
    // with A's listener slowed down (every notification handled 300 ms late, in order).
    const key = await api.adminKey({});
    await warm(() => health(key.key, a));
    const feed = a.app.get(ChangeFeed) as unknown as { receive: (connection: number, payload: string) => void };
    const receive = feed.receive;
    feed.receive = function (this: unknown, connection, payload) {
      setTimeout(() => receive.call(this, connection, payload), 300);
    };
    try {
      const started = Date.now();
      expect((await api.post('/key/block', MASTER_KEY, { key: key.key })).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect((await health(key.key, a)).status).toBe(401);
    } finally {
      feed.receive = receive;
    }
  });

  it('with warm caches, a virtual key and a JWT are decided without any database query', async () => {
    const team = await api.newTeam({ team_member_permissions: ['/key/info'] });
    const user = await api.newUser({ user_id: unique('feed_zero'), team_id: team.team_id });
    const email = `${unique('feed_zero_jwt')}@example.com`;
    await createUser(email);
    const jwtHelper = userToken(email, { tokenUse: 'session' });
    const login = await a.http().post('/auth/email/login').send({ email, password: PASSWORD });
    const ours = login.body.access_token as string;
    const adminJwt = userToken(ADMIN_EMAIL, { tokenUse: 'session' });
    const log = queryLog(a);
    try {
      for (const credential of [user.key, jwtHelper, ours, adminJwt]) {
        await warm(() => health(credential, a));
        log.reset();
        expect((await health(credential, a)).status).toBe(200);
        expect(log.seen).toEqual([]);
      }

      // A resource read of a key, named or the caller's own: authentication, the snapshot and the key the resolver
      // found all come from the caches, and the handler answers from the resolver's row: no query at all.
      for (const path of [`/key/info?key=${user.key}`, '/key/info']) {
        const info = () => a.http().get(path).set('Authorization', `Bearer ${user.key}`);
        await warm(info);
        log.reset();
        const res = await info();
        expect(res.status).toBe(200);
        expect(res.body.info.user_id).toBe(user.user_id);
        expect(log.seen).toEqual([]);
      }
    } finally {
      log.restore();
    }
  });

  it('when the feed is down nothing cached is trusted (the epoch decides), and it recovers', async () => {
    if (!b) return; // one process on the embedded database: no connection to lose.
    const feed = b.app.get(ChangeFeed);
    const reconnects = feed.counters.reconnects;
    const key = await api.adminKey({});
    const team = await api.newTeam({ team_member_permissions: ['/key/info'] });
    const member = await api.newUser({ user_id: unique('feed_down'), team_id: team.team_id });
    const teamKey = await api.adminKey({ team_id: team.team_id });
    const info = () => b!.http().get(`/key/info?key=${teamKey.key}`).set('Authorization', `Bearer ${member.key}`);
    await warm(() => health(key.key, b!));
    await warm(info);

    // Slow the reconnection down, so that the disconnected state can be observed; then kill B's listener.
    feed.options.reconnectMinMs = 1500;
    const [killed] = await a.app
      .get(DataSource)
      .query(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1`, [feed.applicationName]);
    expect(killed.n).toBe(1);
    await until(() => !feed.healthy, 1000);

    // Changes through A now never reach B's listener: B reads the database (and the epoch) instead.
    const log = queryLog(b);
    try {
      expect((await api.post('/key/block', MASTER_KEY, { key: key.key })).status).toBe(200);
      expect((await health(key.key, b)).status).toBe(401);
      expect((await api.post('/team/member_delete', MASTER_KEY, { team_id: team.team_id, user_id: member.user_id })).status).toBe(200);
      expect((await info()).status).toBe(403);
      expect(log.seen.length).toBeGreaterThan(0);
    } finally {
      log.restore();
    }
    expect(feed.healthy).toBe(false);

    // It comes back by itself, flushes, and its caches are used again.
    feed.options.reconnectMinMs = 100;
    await until(() => feed.healthy, 5000);
    expect(feed.counters.reconnects).toBeGreaterThan(reconnects);
    const other = await api.adminKey({});
    await warm(() => health(other.key, b!));
    const after = queryLog(b);
    try {
      expect((await health(other.key, b)).status).toBe(200);
      expect(after.seen).toEqual([]);
    } finally {
      after.restore();
    }
    // And per-entity invalidation works again.
    expect((await api.post('/key/block', MASTER_KEY, { key: other.key })).status).toBe(200);
    await thereCaughtUp();
    expect((await health(other.key, b)).status).toBe(401);
  });

  it('an unannounced change is not seen while the feed is healthy; an announcement of that entity is (per entity)', async () => {
    const first = await api.adminKey({});
    const second = await api.adminKey({});
    await warm(() => health(first.key));
    await warm(() => health(second.key));
    // Both blocked behind the engine's back (triggers off): the cached rows still say "not blocked".
    await a.app.get(DataSource).transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(
        `UPDATE api_keys SET blocked = true WHERE token_hash IN (encode(sha256($1::bytea), 'hex'), encode(sha256($2::bytea), 'hex'))`,
        [first.key, second.key],
      );
    });
    expect((await health(first.key)).status).toBe(200);
    // Only the first is announced: only the first is re-read.
    const [{ id }] = await a.app
      .get(DataSource)
      .query(`SELECT id FROM api_keys WHERE token_hash = encode(sha256($1::bytea), 'hex')`, [first.key]);
    await a.app.get(DataSource).query(`SELECT pg_notify('portcullis_changes', $1)`, [`api_keys:${id}`]);
    await thereCaughtUp();
    expect((await health(first.key)).status).toBe(401);
    expect((await health(second.key)).status).toBe(200);
  });
});
