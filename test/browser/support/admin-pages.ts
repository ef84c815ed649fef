import type { Locator, Page } from 'playwright-core';
import { WAIT_MS } from './browser-world.js';

/**
 * The page objects seed 004 imports from ContextForge's Playwright suite (GatewaysPage, ServersPage, ToolsPage,
 * ResourcesPage, PromptsPage), reduced to what its RBAC tests call, with the selectors of SPEC-admin-ui.md.
 */
export type CatalogTab = 'catalog' | 'gateways' | 'tools' | 'resources' | 'prompts';

const TAB_LINK: Record<CatalogTab, string> = {
  catalog: '[data-testid="servers-tab"]',
  gateways: '[data-testid="gateways-tab"]',
  tools: '[data-testid="tools-tab"]',
  resources: '#tab-resources',
  prompts: '#tab-prompts',
};

const TABLE_BODY: Record<CatalogTab, string> = {
  catalog: '#servers-table-body',
  gateways: '#gateways-table-body',
  tools: '#tools-table-body',
  resources: '#resources-table-body',
  prompts: '#prompts-table-body',
};

/** The URL path each create form posts to. */
export const POST_PATH: Record<CatalogTab, string> = {
  catalog: '/admin/servers',
  gateways: '/admin/gateways',
  tools: '/admin/tools',
  resources: '/admin/resources',
  prompts: '/admin/prompts',
};

const isTimeout = (error: unknown): boolean => error instanceof Error && error.name === 'TimeoutError';

/** `_wait_for_admin_shell`: load `/admin[?team_id=…]`, wait for the servers tab, then for the page's globals. */
export async function waitForAdminShell(page: Page, teamId?: string): Promise<void> {
  await page.goto(teamId ? `/admin?team_id=${teamId}` : '/admin');
  await page.waitForLoadState('domcontentloaded');
  try {
    await page.waitForSelector('[data-testid="servers-tab"]', { state: 'visible', timeout: WAIT_MS });
  } catch (error) {
    if ((await page.content()).includes('Internal Server Error'))
      throw new Error('Admin page failed to load: Internal Server Error (500)', { cause: error });
    throw error;
  }
  // Strings, not functions: they run in the page, and this project compiles without the DOM library.
  await page
    .waitForFunction("typeof window.showTab === 'function' && typeof window.htmx !== 'undefined'", undefined, { timeout: WAIT_MS })
    .catch((error: unknown) => {
      if (!isTimeout(error)) throw error;
    });
}

/** `navigate_to_<x>_tab` + `wait_for_<x>_table_loaded`: click the tab, see the panel, wait for the tbody (reload once). */
export async function openTab(page: Page, tab: CatalogTab): Promise<void> {
  await page.click(TAB_LINK[tab]);
  await page.waitForSelector(`#${tab}-panel:not(.hidden)`, { state: 'visible', timeout: WAIT_MS });
  try {
    await page.waitForSelector(TABLE_BODY[tab], { state: 'attached', timeout: WAIT_MS });
  } catch (error) {
    if (!isTimeout(error)) throw error;
    await page.reload();
    await page.waitForSelector(TABLE_BODY[tab], { state: 'attached', timeout: WAIT_MS });
  }
}

/** `_navigate_to_<x>(page, team_id)`: with a team, load the team view on that tab's hash first. */
export async function navigateTo(page: Page, tab: CatalogTab, teamId?: string): Promise<void> {
  if (teamId) {
    await page.goto(`/admin?team_id=${teamId}#${tab}`);
    await page.waitForLoadState('domcontentloaded');
    await page.waitForSelector('[data-testid="servers-tab"]', { state: 'visible', timeout: WAIT_MS }).catch((error: unknown) => {
      if (!isTimeout(error)) throw error;
    });
  }
  await openTab(page, tab);
}

/** The fields each `_submit_<x>_form_and_get_status` fills, and the button it clicks. */
export async function fillForm(page: Page, tab: CatalogTab, name: string, gatewayUrl?: string): Promise<Locator> {
  switch (tab) {
    case 'gateways': {
      const form = page.locator('#add-gateway-form');
      await page.fill('#mcp-server-name', name);
      await page.fill('#mcp-server-url', gatewayUrl ?? '');
      await form.locator('[name="description"]').fill('RBAC test gateway');
      await form.locator('[name="tags"]').fill('rbac,test');
      await form.locator('select[name="transport"]').selectOption('SSE');
      return form.locator('button[type="submit"]:has-text("Add Gateway")');
    }
    case 'catalog': {
      const form = page.locator('#add-server-form');
      await form.locator('[name="name"]').fill(name);
      await form.locator('[name="description"]').fill('RBAC test server');
      return form.getByRole('button', { name: 'Add Server' });
    }
    case 'tools': {
      const form = page.locator('#add-tool-form');
      await form.locator('[name="name"]').fill(name);
      await form.locator('[name="url"]').fill('https://example.com/api/tool');
      await form.locator('[name="description"]').fill('RBAC test tool');
      await form.locator('select[name="integrationType"]').selectOption('REST');
      return form.locator('button[type="submit"]');
    }
    case 'resources': {
      const form = page.locator('#add-resource-form');
      await form.locator('[name="uri"]').fill(`file:///rbac-test/${name}`);
      await form.locator('[name="name"]').fill(name);
      await form.locator('[name="mimeType"]').fill('text/plain');
      await form.locator('[name="description"]').fill('RBAC test resource');
      return form.locator('button[type="submit"]');
    }
    case 'prompts': {
      // The template and arguments come pre-filled: the seed fills only these two.
      const form = page.locator('#add-prompt-form');
      await form.locator('[name="name"]').fill(name);
      await form.locator('[name="description"]').fill('RBAC test prompt');
      return form.locator('button[type="submit"]');
    }
  }
}

/**
 * Fill, click, and return the status of the first POST whose URL contains the form's path; 401 when the page ended
 * on the login page instead, 0 when nothing answered (as the seed counts).
 */
export async function submitFormAndGetStatus(page: Page, tab: CatalogTab, name: string, gatewayUrl?: string): Promise<number> {
  const button = await fillForm(page, tab, name, gatewayUrl);
  const path = POST_PATH[tab];
  try {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(path) && r.request().method() === 'POST', {
        timeout: tab === 'gateways' ? 2 * WAIT_MS : WAIT_MS,
      }),
      button.click({ timeout: WAIT_MS }),
    ]);
    return response.status();
  } catch (error) {
    if (!isTimeout(error)) throw error;
    return page.url().includes('/admin/login') ? 401 : 0;
  }
}

/** GatewaysPage.search_gateways: type the name, fire input and keyup, give the table a second. */
export async function searchGateways(page: Page, name: string): Promise<void> {
  const input = page.locator('#gateways-search-input');
  await input.fill(name);
  await input.dispatchEvent('input');
  await input.dispatchEvent('keyup');
  await page.waitForTimeout(1000);
}

export const gatewayRow = (page: Page, name: string): Locator => page.locator('#gateways-table-body tr').filter({ hasText: name });
