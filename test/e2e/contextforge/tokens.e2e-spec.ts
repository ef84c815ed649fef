import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import type supertest from 'supertest';
import { DataSource } from 'typeorm';
import { UsageRecorder } from '../../../src/modules/keys/usage-recorder.js';
import { RoleAssignmentsService } from '../../../src/modules/rbac/role-assignments.service.js';
import { cachesCaughtUp } from '../../support/caches.js';
import { litellm } from '../../support/litellm-client.js';
import { JWT_SECRET, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';
import { buildWorld, type Caller, callerWith, uniqueName, type World } from './catalog-fixtures.js';

interface Created {
  token: { id: string; name: string; team_id: string | null; user_email: string; resource_scopes: string[]; server_id: string | null };
  access_token: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * ContextForge API tokens: issued once, stored hashed beside virtual keys, found by the same lookup, and only ever
 * narrowing their creator (permission subset, team, server, IP, time window), checked at issue and on every request.
 */
describe('ContextForge API tokens (/tokens)', () => {
  let t: TestApp;
  let w: World;
  let db: DataSource;

  beforeAll(async () => {
    // The restriction tests send X-Forwarded-For from supertest (loopback), the proxy this app trusts.
    t = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
    w = await buildWorld(t);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  async function issue(caller: Caller, body: object, path = `/tokens/teams/${w.alpha}`): Promise<Created> {
    const res = await caller.post(path, { name: uniqueName('tok'), ...body });
    expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expect.anything() });
    return res.body as Created;
  }

  /** Acting with an API token (optionally from a given client address, via X-Forwarded-For: the proxy is trusted). */
  const withToken = (raw: string, ip?: string) => {
    const caller = callerWith(t, 'api-token', raw);
    if (!ip) return caller;
    const from = (req: supertest.Test) => req.set('X-Forwarded-For', ip);
    return {
      ...caller,
      get: (path: string) => from(caller.get(path)),
      post: (path: string, body?: object) => from(caller.post(path, body)),
    };
  };

  async function server(owner: Caller, teamId: string, visibility: 'team' | 'private' | 'public' = 'team'): Promise<string> {
    const res = await owner.post('/servers', { server: { name: uniqueName('srv'), description: 'tokens' }, team_id: teamId, visibility });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** A fresh alpha developer, for tests that take something away from the creator. */
  async function freshDeveloper(): Promise<Caller> {
    const api = litellm(t.http);
    const email = `${uniqueName('dev')}@test.example.com`;
    await api.newUser({ user_id: email, user_email: email });
    expect((await api.post('/team/member_add', MASTER_KEY, { team_id: w.alpha, member: { role: 'user', user_email: email } })).status).toBe(
      200,
    );
    const [{ id }] = await db.query(`SELECT id FROM users WHERE email = $1`, [email]);
    await t.app.get(RoleAssignmentsService).grantByName(db.manager, id, 'developer', 'team', w.alpha, 'test');
    return callerWith(t, email, userToken(email, { tokenUse: 'session' }));
  }

  describe('issue', () => {
    it('answers 201 with the token once; it is a ContextForge API JWT whose jti is the row, stored only as its sha256', async () => {
      const res = await w.dev.post(`/tokens/teams/${w.alpha}`, {
        name: 'ci-read',
        description: 'CI',
        expires_in_days: 7,
        tags: ['ci'],
        scope: { permissions: ['servers.read'], ip_restrictions: ['10.0.0.0/8'], time_restrictions: { weekdays_only: false } },
      });
      expect(res.status).toBe(201);
      const { token, access_token } = res.body as Created;
      expect(token).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          name: 'ci-read',
          description: 'CI',
          user_email: w.dev.email,
          team_id: w.alpha,
          server_id: null,
          resource_scopes: ['servers.read'],
          ip_restrictions: ['10.0.0.0/8'],
          time_restrictions: { weekdays_only: false },
          usage_limits: {},
          is_active: true,
          is_revoked: false,
          tags: ['ci'],
          expires_at: expect.any(String),
          last_used: null,
        }),
      );
      const claims = jwt.verify(access_token, JWT_SECRET, {
        issuer: 'portcullis',
        audience: 'portcullis-api',
        algorithms: ['HS256'],
      }) as Record<string, unknown>;
      expect(claims).toEqual(
        expect.objectContaining({
          sub: w.dev.email,
          jti: token.id,
          token_use: 'api',
          teams: [w.alpha],
          scopes: {
            server_id: null,
            permissions: ['servers.read'],
            ip_restrictions: ['10.0.0.0/8'],
            time_restrictions: { weekdays_only: false },
          },
          exp: expect.any(Number),
        }),
      );
      // Stored: the hash, beside virtual keys; never the token itself.
      const [row] = await db.query(`SELECT kind, token_hash, to_jsonb(k)::text AS everything FROM api_keys k WHERE id = $1`, [token.id]);
      expect(row.kind).toBe('api_token');
      expect(row.token_hash).toBe(sha256(access_token));
      expect(row.everything).not.toContain(access_token);
      // Shown once: reads never carry it.
      const read = await w.dev.get(`/tokens/${token.id}`);
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain(access_token);
      expect(read.body).not.toHaveProperty('access_token');
      const listed = await w.dev.get('/tokens');
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual(expect.objectContaining({ total: expect.any(Number), limit: 50, offset: 0 }));
      expect(listed.body.tokens.map((t: { id: string }) => t.id)).toContain(token.id);
      expect(JSON.stringify(listed.body)).not.toContain(access_token);
    });

    it('POST /tokens without team_id: a team-less token; with team_id: that team (the same rules)', async () => {
      const personal = await issue(w.dev, {}, '/tokens');
      expect(personal.token.team_id).toBeNull();
      expect((jwt.decode(personal.access_token) as { teams: unknown }).teams).toEqual([]);
      const team = await issue(w.dev, { team_id: w.alpha }, '/tokens');
      expect(team.token.team_id).toBe(w.alpha);
      // Never expires: no exp.
      expect((jwt.decode(personal.access_token) as { exp?: number }).exp).toBeUndefined();
    });

    it("a name is unique among the owner's active tokens of a team (400, as upstream)", async () => {
      const name = uniqueName('dup');
      await issue(w.dev, { name });
      const again = await w.dev.post(`/tokens/teams/${w.alpha}`, { name });
      expect(again.status).toBe(400);
      expect(again.body.detail).toMatch(/already exists/);
    });

    it('narrows only: a permission the creator does not hold there, or `*`, or an unknown one is 400', async () => {
      const viewerAsks = await w.viewer.post(`/tokens/teams/${w.alpha}`, {
        name: uniqueName('t'),
        scope: { permissions: ['servers.create'] },
      });
      expect(viewerAsks.status).toBe(400);
      expect(viewerAsks.body.detail).toBe("Cannot grant permission 'servers.create' - not in your effective permissions.");
      for (const permission of ['*', 'admin.user_management', 'nonsense.perm']) {
        const res = await w.dev.post(`/tokens/teams/${w.alpha}`, { name: uniqueName('t'), scope: { permissions: [permission] } });
        expect({ permission, status: res.status }).toEqual({ permission, status: 400 });
      }
      // A team they are not in (private: it does not exist for them): the guard says no before any scope is read.
      const elsewhere = await w.dev.post(`/tokens/teams/${w.beta}`, { name: uniqueName('t'), scope: { permissions: ['servers.read'] } });
      expect(elsewhere.status).toBe(404);
    });

    it('a team the creator is not in is 403 (path or body), 404 when private; an admin who is not a member gets 400, as upstream', async () => {
      const open = await w.admin.post('/teams', { name: uniqueName('public-team'), visibility: 'public' });
      expect(open.status).toBe(201);
      const publicTeam = open.body.id as string;
      expect((await w.outsider.post(`/tokens/teams/${publicTeam}`, { name: uniqueName('t') })).status).toBe(403);
      const body = await w.outsider.post('/tokens', { name: uniqueName('t'), team_id: publicTeam });
      expect(body.status).toBe(403);
      expect(body.body).toEqual({ detail: 'Access denied' });
      expect((await w.outsider.get(`/tokens/teams/${publicTeam}`)).status).toBe(403);
      for (const res of [
        await w.outsider.post(`/tokens/teams/${w.alpha}`, { name: uniqueName('t') }),
        await w.outsider.post('/tokens', { name: uniqueName('t'), team_id: w.alpha }),
      ]) {
        expect({ status: res.status, body: res.body }).toEqual({ status: 404, body: { detail: 'Team not found' } });
      }
      const admin = await w.admin.post(`/tokens/teams/${w.alpha}`, { name: uniqueName('t') });
      expect(admin.status).toBe(400);
      expect(await db.query(`SELECT 1 FROM api_keys WHERE kind = 'api_token' AND team_id = $1`, [publicTeam])).toEqual([]);
    });

    it('a server the creator cannot see is 404; malformed restrictions are 422; expiry must be positive', async () => {
      const hidden = await server(w.outsider, w.beta, 'private');
      const notVisible = await w.dev.post(`/tokens/teams/${w.alpha}`, { name: uniqueName('t'), scope: { server_id: hidden } });
      expect(notVisible.status).toBe(404);
      expect(notVisible.body).toEqual({ detail: 'Server not found' });
      expect((await w.dev.post(`/tokens/teams/${w.alpha}`, { name: uniqueName('t'), scope: { server_id: 'no-such-server' } })).status).toBe(
        404,
      );
      const badIp = await w.dev.post(`/tokens/teams/${w.alpha}`, { name: uniqueName('t'), scope: { ip_restrictions: ['10.0.0.0/33'] } });
      expect(badIp.status).toBe(422);
      expect(badIp.body.detail[0].loc).toEqual(['body', 'scope', 'ip_restrictions', 0]);
      const badTime = await w.dev.post(`/tokens/teams/${w.alpha}`, {
        name: uniqueName('t'),
        scope: { time_restrictions: { weekdays_only: 'yes' } },
      });
      expect(badTime.status).toBe(422);
      for (const expires_in_days of [0, -1, 1.5]) {
        expect((await w.dev.post(`/tokens/teams/${w.alpha}`, { name: uniqueName('t'), expires_in_days })).status).toBe(422);
      }
    });
  });

  describe('at use', () => {
    it("acts as its creator narrowed to its permission subset (ContextForge's words on refusal)", async () => {
      const { access_token } = await issue(w.dev, { scope: { permissions: ['servers.read'] } });
      const token = withToken(access_token);
      expect((await token.get(`/servers?team_id=${w.alpha}`)).status).toBe(200);
      const create = await token.post('/servers', { server: { name: uniqueName('srv') }, team_id: w.alpha, visibility: 'team' });
      expect(create.status).toBe(403);
      expect(create.body).toEqual({ detail: 'Insufficient permissions for this operation' });
      // Without a subset the creator's rights count as they are (developer: servers.create).
      const open = withToken((await issue(w.dev, {})).access_token);
      expect((await open.post('/servers', { server: { name: uniqueName('srv') }, team_id: w.alpha, visibility: 'team' })).status).toBe(201);
    });

    it('a team token acts in its team only; a team-less token is public-only', async () => {
      const alphaOnly = withToken((await issue(w.dev, {})).access_token);
      expect((await alphaOnly.get(`/teams/${w.alpha}`)).status).toBe(200);
      const personalTeam = await w.personalTeamOf(w.dev.email);
      const personalServer = await server(w.dev, personalTeam, 'team');
      expect((await w.dev.get(`/servers/${personalServer}`)).status).toBe(200);
      expect((await alphaOnly.get(`/servers/${personalServer}`)).status).toBe(404);
      const teamless = withToken((await issue(w.dev, {}, '/tokens')).access_token);
      expect((await teamless.get(`/servers?team_id=${w.alpha}`)).body).toEqual([]);
      expect((await teamless.post('/servers', { server: { name: uniqueName('srv') }, team_id: w.alpha, visibility: 'team' })).status).toBe(
        403,
      );
    });

    it("server_id: only that server's routes, on every route including authenticated-only ones", async () => {
      const mine = await server(w.dev, w.alpha);
      const other = await server(w.dev, w.alpha);
      const token = withToken((await issue(w.dev, { scope: { server_id: mine } })).access_token);
      expect((await token.get(`/servers/${mine}`)).status).toBe(200);
      const refused = await token.get(`/servers/${other}`);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ detail: 'Token not authorized for this server' });
      expect((await token.get('/servers')).status).toBe(403);
      expect((await token.get('/tools')).status).toBe(403);
      expect((await token.get('/auth/email/me')).status).toBe(403);
    });

    it('ip_restrictions: the client address as the server sees it (X-Forwarded-For, the proxy being trusted)', async () => {
      const { access_token } = await issue(w.dev, { scope: { ip_restrictions: ['10.1.0.0/16', '2001:db8::/32'] } });
      expect((await withToken(access_token, '10.1.2.3').get(`/teams/${w.alpha}`)).status).toBe(200);
      expect((await withToken(access_token, '2001:db8::7').get(`/teams/${w.alpha}`)).status).toBe(200);
      const outside = await withToken(access_token, '192.0.2.1').get(`/teams/${w.alpha}`);
      expect(outside.status).toBe(403);
      expect(outside.body).toEqual({ detail: 'Request from IP 192.0.2.1 not allowed by token restrictions' });
      // No forwarding header: the socket address (loopback here), which is not in the list.
      expect((await withToken(access_token).get(`/teams/${w.alpha}`)).status).toBe(403);
      // Authenticated-only routes too.
      expect((await withToken(access_token, '192.0.2.1').get('/auth/email/me')).status).toBe(403);
    });

    it('time_restrictions: business hours / weekdays in UTC, decided on every request', async () => {
      const now = new Date();
      const businessHours = now.getUTCHours() >= 9 && now.getUTCHours() < 17;
      const weekday = now.getUTCDay() >= 1 && now.getUTCDay() <= 5;
      const hours = withToken((await issue(w.dev, { scope: { time_restrictions: { business_hours_only: true } } })).access_token);
      const days = withToken((await issue(w.dev, { scope: { time_restrictions: { weekdays_only: true } } })).access_token);
      const res = await hours.get(`/teams/${w.alpha}`);
      expect(res.status).toBe(businessHours ? 200 : 403);
      if (!businessHours) expect(res.body).toEqual({ detail: 'Request not allowed at this time by token restrictions' });
      expect((await days.get(`/teams/${w.alpha}`)).status).toBe(weekday ? 200 : 403);
      // The row decides: lifting the restriction counts at the next request.
      const { token, access_token } = await issue(w.dev, { scope: { time_restrictions: { business_hours_only: !businessHours } } });
      const flip = withToken(access_token);
      expect((await flip.get(`/teams/${w.alpha}`)).status).toBe(businessHours ? 200 : 403);
      await db.query(`UPDATE api_keys SET time_restrictions = '{}' WHERE id = $1`, [token.id]);
      await cachesCaughtUp(t);
      expect((await flip.get(`/teams/${w.alpha}`)).status).toBe(200);
    });

    it('expiry: the row decides (401 in the ContextForge envelope); unknown tokens are 401 too', async () => {
      const { token, access_token } = await issue(w.dev, { expires_in_days: 1 });
      const caller = withToken(access_token);
      expect((await caller.get(`/teams/${w.alpha}`)).status).toBe(200);
      await db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [token.id]);
      await cachesCaughtUp(t);
      const expired = await caller.get(`/teams/${w.alpha}`);
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ detail: 'Token has expired' });
      expect(expired.headers['www-authenticate']).toBe('Bearer');
      // Signed with our secret, claiming to be an API token, but never issued: refused.
      const forged = jwt.sign({ sub: w.dev.email, jti: token.id, token_use: 'api', teams: [w.alpha] }, JWT_SECRET, {
        algorithm: 'HS256',
        issuer: 'portcullis',
        audience: 'portcullis-api',
        expiresIn: 600,
      });
      const unknown = await withToken(forged).get(`/teams/${w.alpha}`);
      expect(unknown.status).toBe(401);
    });

    it("losing the creator's membership (or role) ends the token's rights in the team at the next request", async () => {
      const dev = await freshDeveloper();
      const token = withToken((await issue(dev, { scope: { permissions: ['servers.read', 'servers.create'] } })).access_token);
      const createIn = () => token.post('/servers', { server: { name: uniqueName('srv') }, team_id: w.alpha, visibility: 'team' });
      expect((await createIn()).status).toBe(201);
      await w.revokeTeamRole(dev.email, 'developer', w.alpha);
      expect((await createIn()).status).toBe(403);
      const [{ user_id }] = await db.query(`SELECT user_id FROM users WHERE email = $1`, [dev.email]);
      expect((await litellm(t.http).post('/team/member_delete', MASTER_KEY, { team_id: w.alpha, user_id })).status).toBe(200);
      expect((await token.get(`/teams/${w.alpha}`)).status).toBe(403);
      expect((await token.get(`/servers?team_id=${w.alpha}`)).body).toEqual([]);
    });

    it('API tokens (and virtual keys) cannot manage tokens: token management needs an interactive session', async () => {
      const token = withToken((await issue(w.dev, {})).access_token);
      const res = await token.post('/tokens', { name: uniqueName('chain') });
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/^Token management requires interactive session/);
      expect((await token.get('/tokens')).status).toBe(403);
    });

    it('revoked: 401 at the next request; listed as revoked with include_inactive', async () => {
      const { token, access_token } = await issue(w.dev, {});
      const caller = withToken(access_token);
      expect((await caller.get(`/teams/${w.alpha}`)).status).toBe(200);
      const revoked = await w.dev.delete(`/tokens/${token.id}`).send({ reason: 'rotated' });
      expect(revoked.status).toBe(204);
      const after = await caller.get(`/teams/${w.alpha}`);
      expect(after.status).toBe(401);
      expect(after.body).toEqual({ detail: 'Token has been revoked' });
      expect((await w.dev.get('/tokens')).body.tokens.map((x: { id: string }) => x.id)).not.toContain(token.id);
      const all = await w.dev.get('/tokens?include_inactive=true');
      expect(all.body.tokens.find((x: { id: string }) => x.id === token.id)).toEqual(
        expect.objectContaining({
          is_active: false,
          is_revoked: true,
          revoked_by: w.dev.email,
          revocation_reason: 'rotated',
          revoked_at: expect.any(String),
        }),
      );
      // A virtual key is never found as an API token, nor an API token as a key.
      expect(
        (
          await t
            .http()
            .get('/key/info')
            .query({ key: sha256(access_token) })
            .set('Authorization', `Bearer ${MASTER_KEY}`)
        ).status,
      ).toBe(404);
    });

    it('usage: counted off the request path, answered from the counters plus what is not written yet', async () => {
      const { token, access_token } = await issue(w.dev, { scope: { permissions: ['teams.read'] } });
      const caller = withToken(access_token);
      for (let i = 0; i < 3; i++) expect((await caller.get(`/teams/${w.alpha}`)).status).toBe(200);
      expect((await caller.post('/servers', { server: { name: uniqueName('s') }, team_id: w.alpha })).status).toBe(403);
      const before = await w.dev.get(`/tokens/${token.id}/usage`);
      expect(before.status).toBe(200);
      expect(before.body).toEqual({
        period_days: 30,
        total_requests: 4,
        successful_requests: 3,
        blocked_requests: 1,
        success_rate: 0.75,
        average_response_time_ms: expect.any(Number),
        top_endpoints: [
          ['/teams/:team_id', 3],
          ['/servers', 1],
        ],
      });
      const [unwritten] = await db.query(`SELECT usage_count::int AS n FROM api_keys WHERE id = $1`, [token.id]);
      expect(unwritten.n).toBe(0);
      await t.app.get(UsageRecorder).flush();
      const [written] = await db.query(`SELECT usage_count::int AS n, last_used_at FROM api_keys WHERE id = $1`, [token.id]);
      expect(written.n).toBe(4);
      expect(written.last_used_at).not.toBeNull();
      const after = await w.dev.get(`/tokens/${token.id}/usage?days=7`);
      expect(after.body).toEqual({ ...before.body, period_days: 7, average_response_time_ms: expect.any(Number) });
      expect((await w.dev.get(`/tokens/${token.id}`)).body.last_used).toEqual(expect.any(String));
    });
  });

  describe('who sees and manages which tokens', () => {
    it("others' tokens do not exist for a caller (404); the owner reads, updates and revokes their own", async () => {
      const { token } = await issue(w.dev, {});
      for (const res of [
        await w.dev2.get(`/tokens/${token.id}`),
        await w.dev2.put(`/tokens/${token.id}`, { name: 'stolen' }),
        await w.dev2.delete(`/tokens/${token.id}`),
        await w.dev2.get(`/tokens/${token.id}/usage`),
        await w.outsider.get(`/tokens/${token.id}`),
      ]) {
        expect({ status: res.status, body: res.body }).toEqual({ status: 404, body: { detail: 'Token not found' } });
      }
      expect((await w.dev2.get('/tokens')).body.tokens.map((x: { id: string }) => x.id)).not.toContain(token.id);
      expect((await w.dev.get('/tokens/00000000-0000-0000-0000-000000000000')).status).toBe(404);
      expect((await w.dev.get('/tokens/not-a-uuid')).status).toBe(404);
      const updated = await w.dev.put(`/tokens/${token.id}`, {
        name: 'renamed',
        description: 'd',
        tags: ['x'],
        scope: { permissions: ['teams.read'] },
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toEqual(
        expect.objectContaining({ name: 'renamed', description: 'd', tags: ['x'], resource_scopes: ['teams.read'] }),
      );
      // Re-scoping is checked as at issue.
      expect((await w.viewer.put(`/tokens/${token.id}`, {})).status).toBe(404);
      expect((await w.dev.put(`/tokens/${token.id}`, { scope: { permissions: ['*'] } })).status).toBe(400);
    });

    it('team listing: the team owners and platform admins (other members 400, as upstream); non-members 404/403', async () => {
      const { token } = await issue(w.dev, {});
      expect((await w.dev.get(`/tokens/teams/${w.alpha}`)).status).toBe(400);
      expect((await w.outsider.get(`/tokens/teams/${w.alpha}`)).status).toBe(404);
      const admin = await w.admin.get(`/tokens/teams/${w.alpha}`);
      expect(admin.status).toBe(200);
      expect(admin.body.tokens.map((x: { id: string }) => x.id)).toContain(token.id);
      // A team owner lists every member's tokens of that team, and only that team's.
      const team = (await w.admin.post('/teams', { name: uniqueName('owned'), visibility: 'private' })).body.id as string;
      expect((await w.admin.post(`/teams/${team}/members`, { email: w.dev2.email, role: 'owner' })).status).toBeLessThan(300);
      expect((await w.admin.post(`/teams/${team}/members`, { email: w.dev.email, role: 'member' })).status).toBeLessThan(300);
      const devsToken = await issue(w.dev, {}, `/tokens/teams/${team}`);
      const owner = await w.dev2.get(`/tokens/teams/${team}`);
      expect(owner.status).toBe(200);
      expect(owner.body.tokens.map((x: { id: string }) => x.id)).toEqual([devsToken.token.id]);
      expect((await w.dev.get(`/tokens/teams/${team}`)).status).toBe(400);
    });

    it("admin routes: platform admins only; they list and revoke anyone's token", async () => {
      const { token, access_token } = await issue(w.dev, {});
      expect((await w.dev.get('/tokens/admin/all')).status).toBe(403);
      expect((await w.dev.delete(`/tokens/admin/${token.id}`)).status).toBe(403);
      expect((await w.dev2.delete(`/tokens/admin/${token.id}`)).status).toBe(404);
      const all = await w.admin.get('/tokens/admin/all');
      expect(all.status).toBe(200);
      expect(all.body.limit).toBe(100);
      expect(all.body.tokens.map((x: { id: string }) => x.id)).toContain(token.id);
      const one = await w.admin.get(`/tokens/admin/all?user_email=${encodeURIComponent(w.dev.email)}`);
      expect(one.body.tokens.every((x: { user_email: string }) => x.user_email === w.dev.email)).toBe(true);
      expect((await w.admin.get(`/tokens/${token.id}`)).status).toBe(200);
      expect((await w.admin.delete(`/tokens/admin/${token.id}`)).status).toBe(204);
      expect((await withToken(access_token).get(`/teams/${w.alpha}`)).status).toBe(401);
      const [row] = await db.query(`SELECT revoked_by, revocation_reason FROM api_keys WHERE id = $1`, [token.id]);
      expect(row.revocation_reason).toMatch(/^Revoked by admin /);
      expect((await w.admin.delete('/tokens/admin/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    });
  });

  describe('revocation across instances', () => {
    let b: TestApp | null = null;
    beforeAll(async () => {
      if (t.databaseUrl.startsWith('postgres')) b = await startTestApp({ databaseUrl: t.databaseUrl });
    });
    afterAll(async () => {
      await b?.close();
    });

    it('revoked through instance A, refused by instance B at the very next request', async () => {
      const { token, access_token } = await issue(w.dev, {});
      const onB = () =>
        (b ?? t).http().get(`/teams/${w.alpha}`).set('Authorization', `Bearer ${access_token}`).set('Accept', 'application/json');
      expect((await onB()).status).toBe(200);
      expect((await onB()).status).toBe(200);
      if (b) {
        expect((await w.dev.delete(`/tokens/${token.id}`)).status).toBe(204);
        // B hears the revocation through its own listener, within milliseconds of the commit.
        await cachesCaughtUp(b);
      } else {
        // Embedded database (one process): written with SQL, which this instance's code never sees.
        await db.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [token.id]);
      }
      const refused = await onB();
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ detail: 'Token has been revoked' });
    });
  });
});
