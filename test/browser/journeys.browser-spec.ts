import { mkdirSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { type APIRequestContext, type Browser, type BrowserContext, type Page, request } from 'playwright-core';
import { type McpTestServer, startMcpTestServer } from '../support/mcp-test-server.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/test-app.js';
import { gatewayRow, openTab, searchGateways, submitFormAndGetStatus, waitForAdminShell } from './support/admin-pages.js';
import {
  adminToken,
  apiAs,
  hex8,
  launchChromium,
  SCREENSHOT_VIEWPORT,
  SEED_VIEWPORT,
  type Server,
  signedInContext,
  startServer,
  WAIT_MS,
} from './support/browser-world.js';

const ARTIFACTS = resolve('test/browser/artifacts');
const XSS_NAME = '<img src=x onerror=alert(1)>';

/** The admin UI's own journeys: signing in and out, CSRF refusal, a key's life, escaping, search; then screenshots. */
describe('admin UI journeys in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let mcp: McpTestServer;
  let admin: APIRequestContext;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    server = await startServer({ GATEWAY_CONNECT_TIMEOUT_MS: '5000' });
    mcp = await startMcpTestServer();
    browser = await launchChromium();
    admin = await apiAs(server.baseUrl, adminToken());
  });

  afterAll(async () => {
    await admin?.dispose();
    await browser?.close();
    await mcp?.close();
    await server?.t.close();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  async function anonymousPage(): Promise<Page> {
    context = await browser.newContext({ baseURL: server.baseUrl, viewport: SEED_VIEWPORT });
    return context.newPage();
  }

  /** Signed in as the seed's fixture signs in (cookie + bearer), or with the cookie alone. */
  async function adminPage(options: { header?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const session = await signedInContext(browser, server.baseUrl, ADMIN_EMAIL, { isAdmin: true, ...options });
    context = session.context;
    return session.page;
  }

  async function registerGateway(name: string, n: number): Promise<string> {
    const res = await admin.post('/gateways', {
      data: {
        name,
        url: `${mcp.sseUrl}?g=${n}`,
        description: 'browser journey',
        tags: ['browser'],
        transport: 'SSE',
        visibility: 'public',
      },
    });
    expect(res.status()).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  async function toolNames(): Promise<string[]> {
    const res = await admin.get('/tools?limit=500&include_inactive=true');
    expect(res.status()).toBe(200);
    return ((await res.json()) as { name: string; original_name?: string }[]).flatMap((tool) => [tool.name, tool.original_name ?? '']);
  }

  describe('session', () => {
    it('without a session, /admin sends the browser to /admin/login', async () => {
      const page = await anonymousPage();
      const response = await page.goto('/admin');
      expect(new URL(page.url()).pathname).toBe('/admin/login');
      expect([302, 303]).toContain((await response!.request().redirectedFrom()!.response())!.status());
      await expect(page.locator('form[action="/admin/login"] input[name="email"]').isVisible()).resolves.toBe(true);
    });

    it('a wrong password stays on the login page with an error and no cookie', async () => {
      const page = await anonymousPage();
      await page.goto('/admin/login');
      await page.fill('input[name="email"]', ADMIN_EMAIL);
      await page.fill('input[name="password"]', 'not-the-password');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('form[action="/admin/login"] button[type="submit"]'),
      ]);
      expect(response.status()).toBe(401);
      await page.waitForSelector('.banner.error', { state: 'visible', timeout: WAIT_MS });
      expect((await context!.cookies()).find((c) => c.name === 'jwt_token')).toBeUndefined();
    });

    it('signs in through the form (HttpOnly, SameSite=Lax cookie) and out again (then /admin is the login page)', async () => {
      const page = await anonymousPage();
      await page.goto('/admin/login');
      await page.fill('input[name="email"]', ADMIN_EMAIL);
      await page.fill('input[name="password"]', ADMIN_PASSWORD);
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/admin', { timeout: WAIT_MS }),
        page.click('form[action="/admin/login"] button[type="submit"]'),
      ]);
      await page.waitForSelector('[data-testid="servers-tab"]', { state: 'visible', timeout: WAIT_MS });
      await expect(page.locator('.who').textContent()).resolves.toContain(ADMIN_EMAIL);

      const cookie = (await context!.cookies()).find((c) => c.name === 'jwt_token');
      expect(cookie).toEqual(expect.objectContaining({ httpOnly: true, sameSite: 'Lax', path: '/' }));
      // HttpOnly: the page's script cannot read it.
      await expect(page.evaluate('document.cookie')).resolves.not.toContain('jwt_token');

      await Promise.all([
        page.waitForURL((url) => url.pathname === '/admin/login', { timeout: WAIT_MS }),
        page.click('button:has-text("Sign out")'),
      ]);
      expect((await context!.cookies()).find((c) => c.name === 'jwt_token')).toBeUndefined();
      await page.goto('/admin');
      expect(new URL(page.url()).pathname).toBe('/admin/login');
    });
  });

  describe('CSRF', () => {
    let attacker: HttpServer;
    let attackerUrl: string;
    const forged = `csrf-forged-${hex8()}`;

    beforeAll(async () => {
      // Another origin (same host, other port: same-site, so the Lax cookie IS sent, and only the origin check stops it).
      attacker = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end(
          `<!doctype html><form id="evil" method="POST" action="${server.baseUrl}/admin/tools">
             <input name="name" value="${forged}"><input name="url" value="https://evil.example.com/x">
             <input name="integrationType" value="REST"><button type="submit">Win a prize</button></form>`,
        );
      });
      await new Promise<void>((done) => attacker.listen(0, '127.0.0.1', done));
      attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    });
    afterAll(async () => {
      attacker.closeAllConnections();
      await new Promise<void>((done) => attacker.close(() => done()));
    });

    it('a form on another origin posting to /admin/tools with the session cookie is refused (403), nothing is made', async () => {
      const page = await adminPage({ header: false });
      await page.goto(attackerUrl);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/admin/tools') && r.request().method() === 'POST', { timeout: WAIT_MS }),
        page.click('text=Win a prize'),
      ]);
      const sent = await response.request().allHeaders();
      expect(sent.cookie).toContain('jwt_token=');
      expect(sent.authorization).toBeUndefined();
      expect(response.status()).toBe(403);
      expect(await toolNames()).not.toContain(forged);
    });

    it('cookie-only requests marked cross-site, or from a foreign Origin, are refused (403)', async () => {
      const token = adminToken();
      const api = await request.newContext({ baseURL: server.baseUrl });
      try {
        const form = { name: `csrf-api-${hex8()}`, url: 'https://evil.example.com/x', integrationType: 'REST' };
        const common = { Cookie: `jwt_token=${token}`, Accept: 'text/html' };
        const crossSite = await api.post('/admin/tools', { form, headers: { ...common, 'Sec-Fetch-Site': 'cross-site' }, maxRedirects: 0 });
        expect(crossSite.status()).toBe(403);
        const foreign = await api.post('/admin/tools', {
          form,
          headers: { ...common, Origin: 'https://evil.example.com' },
          maxRedirects: 0,
        });
        expect(foreign.status()).toBe(403);
        expect(await toolNames()).not.toContain(form.name);
      } finally {
        await api.dispose();
      }
    });

    it('the same post from the admin page itself, with the cookie alone, works (200)', async () => {
      const page = await adminPage({ header: false });
      await waitForAdminShell(page);
      await openTab(page, 'tools');
      const name = `cookie-only-${hex8()}`;
      expect(await submitFormAndGetStatus(page, 'tools', name)).toBe(200);
      await page.waitForURL((url) => url.hash === '#tools', { timeout: WAIT_MS });
      await page.waitForSelector(`#tools-table-body tr:has-text("${name}")`, { timeout: WAIT_MS });
    });
  });

  it("a virtual key's life in the Virtual keys tab: generate (secret shown once), block, unblock, regenerate, delete", async () => {
    const page = await adminPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await waitForAdminShell(page);
    await page.click('#tab-keys');
    await page.waitForSelector('#keys-panel:not(.hidden)', { state: 'visible', timeout: WAIT_MS });

    const alias = `browser-key-${hex8()}`;
    await page.fill('#add-key-form [name="key_alias"]', alias);
    const [generated] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/admin/keys') && r.request().method() === 'POST'),
      page.click('#add-key-form button:has-text("Generate Key")'),
    ]);
    expect(generated.status()).toBe(200);
    const secretBox = page.locator('#add-key-form code.secret');
    await expect(secretBox.isVisible()).resolves.toBe(true);
    const secret = (await secretBox.textContent())!.trim();
    expect(secret).toMatch(/^sk-/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('#keys-panel').screenshot({ path: `${ARTIFACTS}/keys-generated.png` });

    // Shown once: after a reload, the table lists the key but not its secret.
    await page.reload();
    await page.waitForSelector('#keys-panel:not(.hidden)', { state: 'visible', timeout: WAIT_MS });
    const row = page.locator('#keys-table-body tr').filter({ hasText: alias });
    await expect(row.count()).resolves.toBe(1);
    expect(await page.content()).not.toContain(secret);
    await expect(row.textContent()).resolves.toContain('active');

    const clickAndLand = async (label: string) => {
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: WAIT_MS }),
        row.getByRole('button', { name: label, exact: true }).click(),
      ]);
    };
    await clickAndLand('Block');
    await page.waitForSelector('#keys-panel:not(.hidden)', { state: 'visible', timeout: WAIT_MS });
    await expect(row.textContent()).resolves.toContain('blocked');
    await clickAndLand('Unblock');
    await expect(row.textContent()).resolves.toContain('active');

    await clickAndLand('Regenerate');
    expect(dialogs).toHaveLength(1);
    await expect(page.locator('h1').textContent()).resolves.toBe('New secret');
    const renewed = (await page.locator('code.secret').textContent())!.trim();
    expect(renewed).toMatch(/^sk-/);
    expect(renewed).not.toBe(secret);
    await page.screenshot({ path: `${ARTIFACTS}/keys-new-secret.png` });
    await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('text=Back to the admin')]);
    await page.waitForSelector('#keys-panel:not(.hidden)', { state: 'visible', timeout: WAIT_MS });
    await expect(row.count()).resolves.toBe(1);

    await clickAndLand('Delete');
    expect(dialogs).toHaveLength(2);
    await page.waitForSelector('#keys-panel:not(.hidden)', { state: 'visible', timeout: WAIT_MS });
    await expect(row.count()).resolves.toBe(0);
  });

  it('a tool named like markup renders as text: no element, no script, no dialog', async () => {
    // The API refuses such names now (ContextForge's validators, 422); rows stored before, or imported from a
    // gateway, can still hold them, so one is planted with SQL and must render as text.
    const refused = await admin.post('/tools', {
      data: { tool: { name: XSS_NAME, url: 'https://example.com/api/xss', integration_type: 'REST' }, visibility: 'public' },
    });
    expect(refused.status()).toBe(422);
    const res = await admin.post('/tools', {
      data: { tool: { name: `xss-${hex8()}`, url: 'https://example.com/api/xss', integration_type: 'REST' }, visibility: 'public' },
    });
    expect(res.status()).toBeLessThan(300);
    const { id } = (await res.json()) as { id: string };
    await server.t.app
      .get(DataSource)
      .query(`UPDATE tools SET name = $2, description = $3 WHERE id = $1`, [id, XSS_NAME, '<script>alert(2)</script>']);
    const page = await adminPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await waitForAdminShell(page);
    await openTab(page, 'tools');
    const body = page.locator('#tools-table-body');
    await expect(body.getByText(XSS_NAME, { exact: true }).first().isVisible()).resolves.toBe(true);
    await expect(body.locator('img, script').count()).resolves.toBe(0);
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
  });

  it('the search box narrows the gateway table to the typed name', async () => {
    const wanted = `search-wanted-${hex8()}`;
    const other = `search-other-${hex8()}`;
    await registerGateway(wanted, 1);
    await registerGateway(other, 2);
    const page = await adminPage();
    await waitForAdminShell(page);
    await openTab(page, 'gateways');
    await expect(gatewayRow(page, other).count()).resolves.toBe(1);
    await searchGateways(page, wanted);
    await expect(gatewayRow(page, wanted).count()).resolves.toBe(1);
    await expect(gatewayRow(page, wanted).isVisible()).resolves.toBe(true);
    await expect(gatewayRow(page, other).count()).resolves.toBe(0);
  });

  it('screenshots of every tab as the admin, 1280 px wide (test/browser/artifacts/)', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Something in every table: gateways (with their imported tools, resources, prompts) exist by now.
    const made = await admin.post('/servers', {
      data: { server: { name: 'screenshot-server', description: 'A bundle' }, visibility: 'public' },
    });
    expect(made.status()).toBeLessThan(300);
    const key = await admin.post('/key/generate', { data: { key_alias: 'screenshot-key', max_budget: 10 } });
    expect(key.status()).toBe(200);
    const page = await adminPage({ viewport: SCREENSHOT_VIEWPORT });
    await waitForAdminShell(page);
    const overflows: Record<string, [number, number] | null> = {};
    for (const tab of ['catalog', 'gateways', 'tools', 'resources', 'prompts', 'teams', 'keys', 'users', 'roles']) {
      await page.click(`#tab-${tab}`);
      await page.waitForSelector(`#${tab}-panel:not(.hidden)`, { state: 'visible', timeout: WAIT_MS });
      await page.screenshot({ path: `${ARTIFACTS}/${tab}.png`, fullPage: true });
      // A table wider than its card would hide its last columns (the row buttons) behind a scroll.
      const overflow = await page.evaluate(
        `(() => { const w = document.querySelector('#${tab}-panel .table-wrap'); return w ? [w.scrollWidth, w.clientWidth] : null; })()`,
      );
      overflows[tab] = overflow as [number, number] | null;
    }
    const clipped = Object.entries(overflows).filter(([, size]) => size && size[0] > size[1]);
    expect(clipped).toEqual([]);
    const login = await browser.newPage({ viewport: SCREENSHOT_VIEWPORT });
    await login.goto(`${server.baseUrl}/admin/login`);
    await login.screenshot({ path: `${ARTIFACTS}/login.png`, fullPage: true });
    await login.close();
  });
});
