import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startMcpTestServer, type McpTestServer } from '../../support/mcp-test-server.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from '../../support/test-app.js';
import { buildWorld, uniqueName, type World } from '../contextforge/catalog-fixtures.js';

/**
 * The admin UI over HTTP: sessions and redirects, the same decisions as the API (seed 004's rules), CSRF,
 * escaping and the security headers. The browser suite (npm run test:browser) drives the same pages in Chromium.
 */
describe('admin UI (HTTP)', () => {
  let t: TestApp;
  let w: World;
  let db: DataSource;
  let mcp: McpTestServer;
  const html = { Accept: 'text/html' };
  const json = { Accept: 'application/json' };

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
    db = t.app.get(DataSource);
    mcp = await startMcpTestServer();
  });
  afterAll(async () => {
    await mcp.close();
    await t.close();
  });

  /** Signs in through the form, as a browser would, and returns the session cookie. */
  async function signIn(email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<string> {
    const res = await t
      .http()
      .post('/admin/login')
      .set('Origin', 'http://127.0.0.1')
      .set('Host', '127.0.0.1')
      .type('form')
      .send({ email, password });
    expect(res.status).toBe(303);
    const cookie = [res.headers['set-cookie']].flat().find((c) => String(c).startsWith('jwt_token='));
    return String(cookie).split(';')[0];
  }

  describe('sessions', () => {
    it('a browser without a session is sent to the login page; a script gets 401 in the admin envelope', async () => {
      const page = await t.http().get('/admin').set(html);
      expect(page.status).toBe(303);
      expect(page.headers.location).toBe('/admin/login');
      const script = await t.http().post('/admin/tools').set(json).send({ name: 'x' });
      expect(script.status).toBe(401);
      expect(script.body).toEqual({ message: expect.any(String), success: false });
    });

    it('signing in sets an HttpOnly, SameSite=Lax session cookie that opens the admin page; wrong passwords get the form again', async () => {
      const res = await t
        .http()
        .post('/admin/login')
        .set('Origin', 'http://127.0.0.1')
        .set('Host', '127.0.0.1')
        .type('form')
        .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      const cookie = String([res.headers['set-cookie']].flat()[0]);
      expect(cookie).toMatch(/^jwt_token=/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      const shell = await t.http().get('/admin').set(html).set('Cookie', cookie.split(';')[0]);
      expect(shell.status).toBe(200);
      expect(shell.text).toContain('data-testid="servers-tab"');
      const wrong = await t
        .http()
        .post('/admin/login')
        .set('Origin', 'http://127.0.0.1')
        .set('Host', '127.0.0.1')
        .type('form')
        .send({ email: ADMIN_EMAIL, password: 'nope-nope-nope' });
      expect(wrong.status).toBe(401);
      expect(wrong.headers['set-cookie']).toBeUndefined();
      expect(wrong.text).toContain('<form');
    });

    it('every admin answer carries a Content-Security-Policy without inline scripts, and no CDN is referenced', async () => {
      const cookie = await signIn();
      for (const path of ['/admin', '/admin/login', '/admin/static/admin.js']) {
        const res = await t.http().get(path).set(html).set('Cookie', cookie);
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
      }
      const shell = await t.http().get('/admin').set(html).set('Cookie', cookie);
      expect(shell.text).not.toMatch(/<script(?![^>]*\bsrc="\/admin\/static\/)/);
      expect(shell.text).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect((await t.http().get('/admin/static/htmx.min.js')).status).toBe(200);
    });
  });

  describe('CSRF: state changes that ride on the cookie must come from our pages', () => {
    it('refuses a cookie-only POST that names no origin or a foreign one, and accepts a same-origin one', async () => {
      const cookie = await signIn();
      const before = await w.count('tools');
      const body = { name: uniqueName('csrf'), url: 'https://example.com/api/tool' };
      const none = await t.http().post('/admin/tools').set(json).set('Cookie', cookie).send(body);
      expect(none.status).toBe(403);
      const foreign = await t.http().post('/admin/tools').set(json).set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site').send(body);
      expect(foreign.status).toBe(403);
      const evilOrigin = await t
        .http()
        .post('/admin/tools')
        .set(json)
        .set('Cookie', cookie)
        .set('Origin', 'https://evil.example')
        .send(body);
      expect(evilOrigin.status).toBe(403);
      expect(await w.count('tools')).toBe(before);
      const ours = await t.http().post('/admin/tools').set(json).set('Cookie', cookie).set('Sec-Fetch-Site', 'same-origin').send(body);
      expect(ours.status).toBe(200);
      expect(ours.body).toEqual({ message: expect.any(String), success: true });
    });

    it('signing in from a foreign page is refused too', async () => {
      const res = await t
        .http()
        .post('/admin/login')
        .set('Origin', 'https://evil.example')
        .type('form')
        .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      expect(res.status).toBe(403);
    });
  });

  describe('the same decisions as the API (seed 004)', () => {
    const forms: [kind: string, body: (name: string) => object][] = [
      ['servers', (name) => ({ name, description: 'x' })],
      ['tools', (name) => ({ name, url: 'https://example.com/api/tool', description: 'x', integrationType: 'REST' })],
      ['resources', (name) => ({ uri: `file:///rbac-test/${name}`, name, mimeType: 'text/plain', description: 'x' })],
      ['prompts', (name) => ({ name, description: 'x', template: 'Hi {{ who }}', arguments: '[]' })],
    ];

    it.each(forms)(
      '%s: the developer creates in the team view and in "All teams"; the viewer is refused (403); nothing is written for them',
      async (kind, body) => {
        for (const teamId of [w.alpha, undefined]) {
          const created = await w.dev.post(`/admin/${kind}`, { ...body(uniqueName(kind)), ...(teamId ? { team_id: teamId } : {}) });
          expect([created.status, created.body.success]).toEqual([200, true]);
        }
        const before = await w.count(kind);
        const refused = await w.viewer.post(`/admin/${kind}`, { ...body(uniqueName(kind)), team_id: w.alpha });
        expect(refused.status).toBe(403);
        expect(refused.body).toEqual({ message: expect.stringContaining(`${kind}.create`), success: false });
        expect(await w.count(kind)).toBe(before);
      },
    );

    it('a gateway: the developer registers a reachable MCP server (200); the admin deletes it with a native form (303 to #gateways); the viewer may not', async () => {
      const name = uniqueName('gw');
      const created = await w.dev.post('/admin/gateways', {
        name,
        url: mcp.streamableUrl,
        transport: 'STREAMABLEHTTP',
        tags: 'rbac,test',
        visibility: 'team',
        team_id: w.alpha,
      });
      expect([created.status, created.body.success]).toEqual([200, true]);
      const [{ id }] = await db.query(`SELECT id FROM gateways WHERE name = $1`, [name]);
      const viewerDelete = await t
        .http()
        .post(`/admin/gateways/${id}/delete`)
        .set('Authorization', `Bearer ${w.viewer.token}`)
        .set(html)
        .type('form')
        .send({ is_inactive_checked: 'false' });
      expect(viewerDelete.status).toBe(403);
      const deleted = await t
        .http()
        .post(`/admin/gateways/${id}/delete`)
        .set('Authorization', `Bearer ${w.admin.token}`)
        .set(html)
        .type('form')
        .send({ is_inactive_checked: 'false', purge_metrics: 'false' });
      expect(deleted.status).toBe(303);
      expect(deleted.headers.location).toMatch(/^\/admin(\?[^#]*)?#gateways$/);
      expect(await db.query(`SELECT 1 FROM gateways WHERE id = $1`, [id])).toEqual([]);
    });

    it('a planted second team_id is a 400, as on the API', async () => {
      const res = await t
        .http()
        .post(`/admin/tools?team_id=${w.beta}`)
        .set('Authorization', `Bearer ${w.dev.token}`)
        .set(json)
        .send({ name: uniqueName('t'), url: 'https://example.com/x', team_id: w.alpha });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('name the target once');
    });

    it('team members: a viewer cannot add (403, JSON as sent); a team admin gets the picker; others get a 403 page naming owners', async () => {
      const add = await t
        .http()
        .post(`/admin/teams/${w.alpha}/add-member`)
        .set('Authorization', `Bearer ${w.viewer.token}`)
        .set(json)
        .send({ email: 'nobody@test.example.com', role: 'member' });
      expect(add.status).toBe(403);
      const picker = await t.http().get(`/admin/teams/${w.alpha}/members/add`).set('Authorization', `Bearer ${w.admin.token}`).set(html);
      expect(picker.status).toBe(200);
      expect(picker.text).toContain('name="user_email"');
      const refused = await t.http().get(`/admin/teams/${w.alpha}/members/add`).set('Authorization', `Bearer ${w.dev.token}`).set(html);
      expect(refused.status).toBe(403);
      expect(refused.text.toLowerCase()).toContain('owner');
    });

    it("roles and assignments: a user's roles page for inspectors and themself, revoke through the engine; invitations listed and revoked by owners", async () => {
      const roles = await t
        .http()
        .get(`/admin/users/${encodeURIComponent(w.dev.email)}/roles`)
        .set('Authorization', `Bearer ${w.admin.token}`)
        .set(html);
      expect(roles.status).toBe(200);
      expect(roles.text).toContain('developer');
      expect(
        (
          await t
            .http()
            .get(`/admin/users/${encodeURIComponent(w.dev.email)}/roles`)
            .set('Authorization', `Bearer ${w.viewer.token}`)
            .set(html)
        ).status,
      ).toBe(403);
      expect(
        (
          await t
            .http()
            .get(`/admin/users/${encodeURIComponent(w.viewer.email)}/roles`)
            .set('Authorization', `Bearer ${w.viewer.token}`)
            .set(html)
        ).status,
      ).toBe(200);
      const revoke = (token: string) =>
        t
          .http()
          .post(`/admin/users/${encodeURIComponent(w.dev2.email)}/roles/revoke`)
          .set('Authorization', `Bearer ${token}`)
          .set(html)
          .type('form')
          .send({ role: 'developer', scope_id: w.alpha });
      expect((await revoke(w.dev.token)).status).toBe(403);
      expect((await revoke(w.admin.token)).status).toBe(303);
      const left = await db.query(
        `SELECT 1 FROM role_assignments a JOIN roles r ON r.id = a.role_id JOIN users u ON u.id = a.user_id WHERE u.email = $1 AND r.name = 'developer' AND a.is_active`,
        [w.dev2.email],
      );
      expect(left).toEqual([]);

      const email = `${uniqueName('invitee')}@example.com`;
      const invited = await t
        .http()
        .post(`/admin/teams/${w.alpha}/invite`)
        .set('Authorization', `Bearer ${w.admin.token}`)
        .set(html)
        .type('form')
        .send({ email });
      expect(invited.status).toBe(200);
      const shell = await t.http().get(`/admin?team_id=${w.alpha}`).set('Authorization', `Bearer ${w.admin.token}`).set(html);
      expect(shell.text).toContain(email);
      const [{ id }] = await db.query(`SELECT id FROM team_invitations WHERE email = $1`, [email]);
      expect(
        (await t.http().post(`/admin/teams/invitations/${id}/revoke`).set('Authorization', `Bearer ${w.dev.token}`).set(html).send())
          .status,
      ).toBe(403);
      expect(
        (await t.http().post(`/admin/teams/invitations/${id}/revoke`).set('Authorization', `Bearer ${w.admin.token}`).set(html).send())
          .status,
      ).toBe(303);
      expect((await db.query(`SELECT is_active FROM team_invitations WHERE id = $1`, [id]))[0].is_active).toBe(false);
    });

    it('a hidden team is not found in the team view (the engine’s visibility rule)', async () => {
      const res = await t.http().get(`/admin?team_id=${w.alpha}`).set('Authorization', `Bearer ${w.outsider.token}`).set(html);
      expect(res.status).toBe(404);
    });
  });

  describe('output', () => {
    it('escapes what users typed: a tool named like markup shows as text', async () => {
      const name = `<img src=x onerror=alert(1)>${uniqueName('x')}`;
      await db.query(
        `INSERT INTO tools (name, original_name, integration_type, request_type, visibility, team_id, owner_email) VALUES ($1, $1, 'REST', 'POST', 'public', NULL, NULL)`,
        [name],
      );
      const shell = await t.http().get('/admin').set('Authorization', `Bearer ${w.dev.token}`).set(html);
      expect(shell.status).toBe(200);
      expect(shell.text).not.toContain('<img src=x');
      expect(shell.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
    });

    it('offers only the row buttons the engine would allow', async () => {
      const name = uniqueName('mine');
      await w.dev.post('/admin/tools', { name, url: 'https://example.com/api/tool', visibility: 'team', team_id: w.alpha });
      const [{ id }] = await db.query(`SELECT id FROM tools WHERE name = $1`, [name]);
      const asViewer = await t
        .http()
        .get(`/admin/tools/partial?team_id=${w.alpha}&q=${name}`)
        .set('Authorization', `Bearer ${w.viewer.token}`)
        .set(html);
      expect(asViewer.text).toContain(`tool-row-${id}`);
      expect(asViewer.text).not.toContain(`/admin/tools/${id}/delete`);
      const asOwner = await t
        .http()
        .get(`/admin/tools/partial?team_id=${w.alpha}&q=${name}`)
        .set('Authorization', `Bearer ${w.dev.token}`)
        .set(html);
      expect(asOwner.text).toContain(`/admin/tools/${id}/delete`);
    });

    it('rows are edited through their edit page, by whoever may update them', async () => {
      const name = uniqueName('editable');
      await w.dev.post('/admin/prompts', { name, team_id: w.alpha, visibility: 'team' });
      const [{ id }] = await db.query(`SELECT id FROM prompts WHERE name = $1`, [name]);
      const page = await t
        .http()
        .get(`/admin/prompts/${id}/edit?team_id=${w.alpha}`)
        .set('Authorization', `Bearer ${w.dev.token}`)
        .set(html);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`value="${name}"`);
      const edit = (token: string) =>
        t
          .http()
          .post(`/admin/prompts/${id}/edit`)
          .set('Authorization', `Bearer ${token}`)
          .set(html)
          .type('form')
          .send({ name, description: 'edited', visibility: 'team' });
      expect((await edit(w.viewer.token)).status).toBe(403);
      expect((await edit(w.dev.token)).status).toBe(303);
      expect((await db.query(`SELECT description FROM prompts WHERE id = $1`, [id]))[0].description).toBe('edited');
    });

    it('the search box narrows a table to the names that match, literally', async () => {
      const name = uniqueName('findme');
      await w.dev.post('/admin/servers', { name, team_id: w.alpha });
      const found = await t
        .http()
        .get(`/admin/servers/partial?q=${name.slice(0, 12)}`)
        .set('Authorization', `Bearer ${w.dev.token}`)
        .set(html);
      expect(found.text).toContain(name);
      const none = await t.http().get('/admin/servers/partial?q=%25').set('Authorization', `Bearer ${w.dev.token}`).set(html);
      expect(none.text).toContain('Nothing here yet');
    });
  });
});
