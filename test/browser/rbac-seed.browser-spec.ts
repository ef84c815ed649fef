import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { type McpTestServer, startMcpTestServer } from '../support/mcp-test-server.js';
import { ADMIN_EMAIL } from '../support/test-app.js';
import { userToken } from '../support/tokens.js';
import {
  type CatalogTab,
  gatewayRow,
  navigateTo,
  searchGateways,
  submitFormAndGetStatus,
  waitForAdminShell,
} from './support/admin-pages.js';
import {
  adminToken,
  apiAs,
  createTeam,
  createUserAndJoinTeam,
  hex8,
  launchChromium,
  removeUser,
  type Server,
  signedInContext,
  startServer,
  WAIT_MS,
} from './support/browser-world.js';

/**
 * Seed 004's browser tests (tests/playwright/test_rbac_permissions.py), ported one for one: the same fixtures
 * through the REST API, the same session cookie + bearer header, the same waits and the same assertions.
 * Classes: TestRBACGatewayCreate, TestRBACServerCreate, TestRBACGatewayDelete, TestRBACToolOperations,
 * TestRBACResourceOperations, TestRBACPromptOperations, TestRBACTeamManagement.
 */
const PREFIX = 'rbac-e2e';

describe('seed 004: RBAC on the admin UI in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let mcp: McpTestServer;
  let admin: APIRequestContext;
  let team: { id: string; name: string };
  let developer: { email: string };
  let viewer: { email: string };
  let teamAdmin: { email: string };
  let context: BrowserContext | undefined;
  /** What each form answered, for the run's log. */
  const statuses: Record<string, number> = {};

  /** The seed's VALID_MCP_SERVER_URLS: distinct URLs of one reachable SSE server. */
  const mcpUrl = (n: number) => `${mcp.sseUrl}?n=${n}`;

  beforeAll(async () => {
    server = await startServer({ GATEWAY_CONNECT_TIMEOUT_MS: '5000' });
    mcp = await startMcpTestServer();
    browser = await launchChromium();
    admin = await apiAs(server.baseUrl, adminToken());
    team = await createTeam(admin, `${PREFIX}-team-${hex8()}`);
    developer = await createUserAndJoinTeam(server.baseUrl, admin, `${PREFIX}-dev-${hex8()}@test.example.com`, team.id, 'developer');
    viewer = await createUserAndJoinTeam(server.baseUrl, admin, `${PREFIX}-viewer-${hex8()}@test.example.com`, team.id, 'viewer');
    teamAdmin = await createUserAndJoinTeam(server.baseUrl, admin, `${PREFIX}-ta-${hex8()}@test.example.com`, team.id, 'team_admin');
  });

  afterAll(async () => {
    console.log(`seed 004 form statuses: ${JSON.stringify(statuses, null, 1)}`);
    if (admin) {
      for (const [user, role] of [
        [developer, 'developer'],
        [viewer, 'viewer'],
        [teamAdmin, 'team_admin'],
      ] as const) {
        if (user) await removeUser(admin, user.email, team.id, role);
      }
      if (team) await admin.delete(`/teams/${team.id}`).catch(() => undefined);
      await admin.dispose();
    }
    await browser?.close();
    await mcp?.close();
    await server?.t.close();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  /** The seed's `page` fixture after `_inject_jwt_cookie(page, email, …)`. */
  async function pageAs(email: string, options: { isAdmin?: boolean; tokenUse?: string } = {}): Promise<Page> {
    const session = await signedInContext(browser, server.baseUrl, email, options);
    context = session.context;
    return session.page;
  }

  /** Developer: the form's POST must not be refused (200, 409, 422 and 502 all pass). */
  async function expectAllowed(label: string, email: string, tab: CatalogTab, teamView: boolean, url?: string, isAdmin = false) {
    const page = await pageAs(email, isAdmin ? { isAdmin: true } : { tokenUse: 'session' });
    if (teamView) {
      await waitForAdminShell(page, team.id);
      await navigateTo(page, tab);
    } else {
      await waitForAdminShell(page);
      await navigateTo(page, tab, undefined);
    }
    const status = await submitFormAndGetStatus(page, tab, `${PREFIX}-${label}-${hex8()}`, url);
    statuses[label] = status;
    expect(status).not.toBe(403);
    expect(status).not.toBe(401);
  }

  /** Viewer: either the tab never renders, or its form's POST answers 401/403. */
  async function expectDenied(label: string, tab: CatalogTab, url?: string) {
    const page = await pageAs(viewer.email, { tokenUse: 'session' });
    await waitForAdminShell(page, team.id);
    try {
      await navigateTo(page, tab);
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        statuses[label] = -1;
        return;
      }
      throw error;
    }
    const status = await submitFormAndGetStatus(page, tab, `${PREFIX}-${label}-${hex8()}`, url);
    statuses[label] = status;
    expect([401, 403]).toContain(status);
  }

  describe('TestRBACGatewayCreate', () => {
    it('test_developer_create_gateway_all_teams_view (#2883)', () =>
      expectAllowed('dev-allteams-gateway', developer.email, 'gateways', false, mcpUrl(0)));
    it('test_developer_create_gateway_team_view', () => expectAllowed('dev-team-gateway', developer.email, 'gateways', true, mcpUrl(1)));
    it('test_viewer_cannot_create_gateway', () => expectDenied('viewer-gateway', 'gateways', mcpUrl(2)));
    it('test_admin_create_gateway_all_teams_view', () =>
      expectAllowed('admin-allteams-gateway', ADMIN_EMAIL, 'gateways', false, mcpUrl(3), true));
  });

  describe('TestRBACServerCreate', () => {
    it('test_developer_create_server_all_teams_view (#2883)', () =>
      expectAllowed('dev-allteams-server', developer.email, 'catalog', false));
    it('test_developer_create_server_team_view', () => expectAllowed('dev-team-server', developer.email, 'catalog', true));
    it('test_viewer_cannot_create_server', () => expectDenied('viewer-server', 'catalog'));
  });

  describe('TestRBACGatewayDelete', () => {
    it('test_admin_delete_gateway (#2891)', async () => {
      const name = `${PREFIX}-admin-del-${hex8()}`;
      const created = await admin.post('/gateways', {
        data: {
          name,
          url: mcpUrl(4),
          description: 'RBAC delete test gateway',
          tags: ['rbac', 'test'],
          transport: 'SSE',
          visibility: 'public',
        },
      });
      // The seed skips when the gateway cannot be made; here the MCP server is ours, so it must be made.
      expect(created.status()).toBeLessThan(400);
      const gatewayId = ((await created.json()) as { id: string }).id;
      expect(gatewayId).toBeTruthy();

      const page = await pageAs(ADMIN_EMAIL, { isAdmin: true });
      await waitForAdminShell(page);
      await navigateTo(page, 'gateways');
      await searchGateways(page, name);
      await page.waitForTimeout(500);
      expect(await gatewayRow(page, name).count()).toBeGreaterThan(0);

      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.accept();
      });
      const deleteButton = gatewayRow(page, name).first().locator('form[action*="/delete"] button[type="submit"]:has-text("Delete")');
      await deleteButton.scrollIntoViewIfNeeded();
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/delete') && r.request().method() === 'POST', { timeout: WAIT_MS }),
        page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: WAIT_MS }),
        deleteButton.click({ force: true }),
      ]);
      statuses['admin-delete-gateway'] = response.status();
      expect(response.status()).not.toBe(403);
      // Beyond the seed: it really went, through a native post answered 303 back to the tab.
      expect(response.status()).toBe(303);
      expect(dialogs.length).toBeGreaterThan(0);
      expect(new URL(page.url()).hash).toBe('#gateways');
      expect((await admin.get(`/gateways/${gatewayId}`)).status()).toBe(404);
    });
  });

  describe('TestRBACToolOperations', () => {
    it('test_developer_create_tool_team_view', () => expectAllowed('dev-team-tool', developer.email, 'tools', true));
    it('test_developer_create_tool_all_teams_view', () => expectAllowed('dev-allteams-tool', developer.email, 'tools', false));
    it('test_viewer_cannot_create_tool', () => expectDenied('viewer-tool', 'tools'));
  });

  describe('TestRBACResourceOperations', () => {
    it('test_developer_create_resource', () => expectAllowed('dev-team-resource', developer.email, 'resources', true));
    it('test_viewer_cannot_create_resource', () => expectDenied('viewer-resource', 'resources'));
  });

  describe('TestRBACPromptOperations', () => {
    it('test_developer_create_prompt', () => expectAllowed('dev-team-prompt', developer.email, 'prompts', true));
    it('test_viewer_cannot_create_prompt', () => expectDenied('viewer-prompt', 'prompts'));
  });

  describe('TestRBACTeamManagement', () => {
    it('test_viewer_cannot_add_team_member', async () => {
      const api = await apiAs(server.baseUrl, userToken(viewer.email, { tokenUse: 'session' }));
      try {
        const res = await api.post(`/admin/teams/${team.id}/add-member`, { data: { email: 'nobody@test.example.com', role: 'member' } });
        statuses['viewer-add-member'] = res.status();
        expect(res.status()).toBe(403);
      } finally {
        await api.dispose();
      }
    });

    it('test_team_admin_passes_rbac_for_manage_members', async () => {
      const api = await apiAs(server.baseUrl, userToken(teamAdmin.email, { teams: [team.id] }), 'text/html');
      try {
        const res = await api.get(`/admin/teams/${team.id}/members/add`);
        statuses['team-admin-members-add'] = res.status();
        expect(res.status()).not.toBe(401);
        if (res.status() === 403) expect((await res.text()).toLowerCase()).toContain('owner');
      } finally {
        await api.dispose();
      }
    });
  });
});
