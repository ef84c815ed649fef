import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../src/modules/audit/audit.service.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const PASSWORD = 'Correct-Horse-1';
const WRONG_PASSWORD = 'Wrong-Guess-77';
const ALICE = 'alice.audit@example.com';
const BOB = 'bob.audit@example.com';

type Trail = Record<string, unknown> & { action: string; details: Record<string, unknown> };

describe('Audit log (/auth/email/events, /auth/email/admin/events, /api/logs/audit-trails)', () => {
  let t: TestApp;
  const admin = () => userToken(ADMIN_EMAIL, { isAdmin: true });
  const secrets: string[] = [PASSWORD, WRONG_PASSWORD, ADMIN_PASSWORD, MASTER_KEY];
  let aliceSession: string;
  let bobSession: string;

  const get = (path: string, token: string) =>
    t.http().get(path).set('Authorization', `Bearer ${token}`).set('User-Agent', 'audit-e2e/1.0');
  const flush = () => t.app.get(AuditService).flush();
  const login = (email: string, password: string) =>
    t.http().post('/auth/email/login').set('User-Agent', 'audit-e2e/1.0').set('X-Forwarded-For', '203.0.113.7').send({ email, password });

  async function trails(query: string): Promise<Trail[]> {
    await flush();
    const res = await get(`/api/logs/audit-trails?${query}`, admin());
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    // The login below says where it came from with X-Forwarded-For, as a trusted proxy (loopback) would.
    t = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
    for (const email of [ALICE, BOB]) {
      const res = await t
        .http()
        .post('/auth/email/admin/users')
        .set('Authorization', `Bearer ${admin()}`)
        .send({ email, password: PASSWORD, full_name: 'Audit User' });
      expect(res.status).toBe(201);
    }
    aliceSession = (await login(ALICE, PASSWORD)).body.access_token;
    bobSession = (await login(BOB, PASSWORD)).body.access_token;
    expect((await login(ALICE, WRONG_PASSWORD)).status).toBe(401);
    expect((await login('ghost.audit@example.com', WRONG_PASSWORD)).status).toBe(401);
    await flush();
  });
  afterAll(() => t.close());

  describe('GET /auth/email/events (own events)', () => {
    it("lists the caller's logins and failed logins against their account, newest first, in ContextForge's shape", async () => {
      const res = await get('/auth/email/events', aliceSession);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        {
          id: expect.any(Number),
          timestamp: expect.any(String),
          user_email: ALICE,
          event_type: 'login_failed',
          success: false,
          ip_address: '203.0.113.7',
          failure_reason: 'invalid_password',
        },
        {
          id: expect.any(Number),
          timestamp: expect.any(String),
          user_email: ALICE,
          event_type: 'login',
          success: true,
          ip_address: '203.0.113.7',
          failure_reason: null,
        },
      ]);
      const paged = await get('/auth/email/events?limit=1&offset=1', aliceSession);
      expect(paged.body.map((e: { event_type: string }) => e.event_type)).toEqual(['login']);
    });

    it("never shows someone else's events", async () => {
      const res = await get('/auth/email/events?limit=1000', bobSession);
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThan(0);
      for (const event of res.body) expect(event.user_email).toBe(BOB);
    });

    it('needs a caller (401) and valid paging (422)', async () => {
      expect((await t.http().get('/auth/email/events')).status).toBe(401);
      expect((await get('/auth/email/events?limit=0', aliceSession)).status).toBe(422);
      expect((await get('/auth/email/events?offset=-1', aliceSession)).status).toBe(422);
    });
  });

  describe('admin routes', () => {
    it('refuse non-admins (403) and record the denial', async () => {
      for (const path of ['/auth/email/admin/events', '/api/logs/audit-trails', '/auth/email/admin/users']) {
        const res = await get(path, bobSession);
        expect(res.status).toBe(403);
      }
      expect((await t.http().get('/api/logs/audit-trails')).status).toBe(401);
      const denied = await trails(`action=access_denied&user_id=${BOB}`);
      expect(denied.map((d) => d.resource_name).sort()).toEqual(
        ['GET /api/logs/audit-trails', 'GET /auth/email/admin/events', 'GET /auth/email/admin/users'].sort(),
      );
      expect(denied[0]).toEqual(
        expect.objectContaining({
          resource_type: 'route',
          user_email: BOB,
          success: false,
          requires_review: true,
          outcome: 'denied',
          user_agent: 'audit-e2e/1.0',
          correlation_id: expect.any(String),
        }),
      );
    });

    it('/auth/email/admin/events lists every account, or one (user_email), including unknown-email failures', async () => {
      const all = await get('/auth/email/admin/events?limit=1000', admin());
      expect(all.status).toBe(200);
      const emails = new Set(all.body.map((e: { user_email: string }) => e.user_email));
      for (const email of [ALICE, BOB, 'ghost.audit@example.com']) expect(emails).toContain(email);
      const ghost = all.body.find((e: { user_email: string }) => e.user_email === 'ghost.audit@example.com');
      expect(ghost).toEqual(expect.objectContaining({ event_type: 'login_failed', success: false, failure_reason: 'unknown_email' }));
      const onlyAlice = await get(`/auth/email/admin/events?user_email=${encodeURIComponent(ALICE.toUpperCase())}`, admin());
      expect(onlyAlice.body.length).toBe(2);
      for (const event of onlyAlice.body) expect(event.user_email).toBe(ALICE);
    });

    it('a platform auditor (audit:read) reads the trails; a revoke takes it back', async () => {
      const granted = await t
        .http()
        .post(`/rbac/users/${BOB}/roles`)
        .set('Authorization', `Bearer ${admin()}`)
        .send({ role_id: 'platform_auditor', scope: 'global' });
      expect(granted.status).toBe(201);
      expect((await get('/api/logs/audit-trails?action=role_granted', bobSession)).status).toBe(200);
      const revoked = await t
        .http()
        .delete(`/rbac/users/${BOB}/roles/platform_auditor?scope=global`)
        .set('Authorization', `Bearer ${admin()}`);
      expect(revoked.status).toBe(200);
      expect((await get('/api/logs/audit-trails', bobSession)).status).toBe(403);

      const roleEvents = await trails('action=role_granted&action=role_revoked&resource_type=role_assignment');
      expect(roleEvents.map((e) => e.action)).toEqual(['role_revoked', 'role_granted']);
      for (const event of roleEvents) {
        expect(event).toEqual(expect.objectContaining({ resource_name: BOB, user_email: ADMIN_EMAIL, success: true }));
        expect(event.details).toEqual(expect.objectContaining({ role: 'platform_auditor', scope: 'global' }));
      }
    });
  });

  describe('what is recorded', () => {
    it('records key create, update, block, regenerate and delete, without the key or its hash', async () => {
      const api = (path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${MASTER_KEY}`).send(body);
      const generated = await api('/key/generate', { key_alias: 'audit-key' });
      expect(generated.status).toBe(200);
      const raw: string = generated.body.key;
      expect((await api('/key/update', { key: raw, max_budget: 5 })).status).toBe(200);
      expect((await api('/key/block', { key: raw })).status).toBe(200);
      expect((await api('/key/unblock', { key: raw })).status).toBe(200);
      const regenerated = await api(`/key/${raw}/regenerate`, {});
      expect(regenerated.status).toBe(200);
      const newRaw: string = regenerated.body.key;
      expect((await api('/key/delete', { keys: [newRaw] })).status).toBe(200);

      const events = await trails('resource_type=key');
      expect(events.map((e) => e.action).reverse()).toEqual([
        'key_created',
        'key_updated',
        'key_blocked',
        'key_unblocked',
        'key_regenerated',
        'key_deleted',
      ]);
      for (const event of events) {
        expect(event).toEqual(expect.objectContaining({ resource_name: 'audit-key', user_id: 'master_key', actor_type: 'master_key' }));
      }
      secrets.push(raw, newRaw, createHash('sha256').update(raw).digest('hex'), createHash('sha256').update(newRaw).digest('hex'));
    });

    it('records API token create, update and revoke, without the token or its hash', async () => {
      const send = (method: 'post' | 'put' | 'delete', path: string, body: object = {}) =>
        t.http()[method](path).set('Authorization', `Bearer ${aliceSession}`).set('Accept', 'application/json').send(body);
      const created = await send('post', '/tokens', { name: 'audit-token', expires_in_days: 7 });
      expect(created.status).toBe(201);
      const id: string = created.body.token.id;
      const raw: string = created.body.access_token;
      expect((await send('put', `/tokens/${id}`, { description: 'for the audit' })).status).toBe(200);
      expect([200, 204]).toContain((await send('delete', `/tokens/${id}`)).status);

      const events = await trails('resource_type=token');
      expect(events.map((e) => e.action).reverse()).toEqual(['token_created', 'token_updated', 'token_revoked']);
      for (const event of events)
        expect(event).toEqual(expect.objectContaining({ resource_id: id, resource_name: 'audit-token', user_id: ALICE }));
      secrets.push(raw, createHash('sha256').update(raw).digest('hex'));
    });

    it('records password changes and lockouts', async () => {
      const change = await t
        .http()
        .post('/auth/email/change-password')
        .set('Authorization', `Bearer ${aliceSession}`)
        .send({ old_password: PASSWORD, new_password: 'Changed-Password-5' });
      expect(change.status).toBe(200);
      secrets.push('Changed-Password-5');
      for (let i = 0; i < 5; i++) await login(BOB, WRONG_PASSWORD);
      const events = await trails('action=password_changed&action=account_locked');
      expect(events.map((e) => [e.action, e.resource_name])).toEqual([
        ['account_locked', BOB],
        ['password_changed', ALICE],
      ]);
      expect(events[0].requires_review).toBe(true);
      const review = await trails('requires_review=true');
      expect(review.every((e) => e.requires_review)).toBe(true);
    });

    it('records a password an admin sets, as done by that admin', async () => {
      const res = await t
        .http()
        .put(`/auth/email/admin/users/${BOB}`)
        .set('Authorization', `Bearer ${admin()}`)
        .send({ password: 'Admin-Set-Password-6' });
      expect(res.status).toBe(200);
      secrets.push('Admin-Set-Password-6');
      const [event] = await trails(`action=password_changed&user_id=${ADMIN_EMAIL}`);
      expect(event).toEqual(expect.objectContaining({ resource_name: BOB, user_email: ADMIN_EMAIL, details: { set_by_admin: true } }));
    });

    it('filters by time and pages', async () => {
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect(await trails(`start_time=${encodeURIComponent(future)}`)).toEqual([]);
      const all = await trails('limit=1000');
      const page = await trails('limit=2&offset=1');
      expect(page.map((e) => e.id)).toEqual(all.slice(1, 3).map((e) => e.id));
      expect((await get('/api/logs/audit-trails?limit=5000', admin())).status).toBe(422);
      expect((await get('/api/logs/audit-trails?start_time=yesterday', admin())).status).toBe(422);
    });

    it('stores no secret anywhere in the log', async () => {
      await flush();
      const rows = await t.app.get(DataSource).query(`SELECT * FROM audit_events`);
      expect(rows.length).toBeGreaterThan(10);
      const text = JSON.stringify(rows);
      for (const secret of secrets) expect(text).not.toContain(secret);
    });
  });
});
