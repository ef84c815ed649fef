import type { AddressInfo } from 'node:net';
import { type APIRequestContext, type Browser, type BrowserContext, chromium, request } from 'playwright-core';
import { ADMIN_EMAIL, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/** Debian's Chromium, as CI installs it; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Exactly the flags the acceptance run gives Chromium. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The seed's viewport; screenshots use a narrower one. */
export const SEED_VIEWPORT = { width: 1920, height: 1080 };
export const SCREENSHOT_VIEWPORT = { width: 1280, height: 900 };

/** Every wait of the seed, give or take (SPEC-admin-ui: "about 15 s"). */
export const WAIT_MS = 15_000;

export const TEST_PASSWORD = 'Changeme123!';

export interface Server {
  t: TestApp;
  baseUrl: string;
}

/** The whole app on a real port: the embedded database, or a fresh Postgres one when DATABASE_URL is set. */
export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const t = await startTestApp({ env });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${port}` };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface SessionOptions {
  isAdmin?: boolean;
  teams?: string[] | null;
  tokenUse?: string;
  viewport?: { width: number; height: number };
  /** Send the token as `Authorization: Bearer` on every request too (the seed does). */
  header?: boolean;
}

/**
 * A browser context signed in as the seed's page fixture does (`_inject_jwt_cookie`): the token in the HttpOnly,
 * SameSite=Lax `jwt_token` cookie AND as `Authorization: Bearer` on every request the page makes.
 */
export async function signedInContext(browser: Browser, baseUrl: string, email: string, options: SessionOptions = {}) {
  const token = userToken(email, { isAdmin: options.isAdmin, teams: options.teams, tokenUse: options.tokenUse });
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: options.viewport ?? SEED_VIEWPORT,
    extraHTTPHeaders: options.header === false ? undefined : { Authorization: `Bearer ${token}` },
  });
  await context.clearCookies();
  await context.addCookies([{ name: 'jwt_token', value: token, url: `${baseUrl}/`, httpOnly: true, sameSite: 'Lax' }]);
  return { context, page: await context.newPage(), token };
}

/** A plain API client (the seed's `playwright.request.new_context`). */
export function apiAs(baseUrl: string, token: string, accept = 'application/json'): Promise<APIRequestContext> {
  return request.newContext({ baseURL: baseUrl, extraHTTPHeaders: { Authorization: `Bearer ${token}`, Accept: accept } });
}

export const adminToken = (): string => userToken(ADMIN_EMAIL, { isAdmin: true });

/** A name no other test in the run uses (the seed's `uuid4().hex[:8]`). */
export const hex8 = (): string => Math.random().toString(16).slice(2, 10).padEnd(8, '0');

/** The seed's `_resolve_role_id`. */
async function resolveRoleId(admin: APIRequestContext, roleName: string): Promise<string> {
  const res = await admin.get('/rbac/roles');
  if (res.status() !== 200) throw new Error(`GET /rbac/roles: ${res.status()} ${await res.text()}`);
  const role = ((await res.json()) as { id: string; name: string }[]).find((r) => r.name === roleName);
  if (!role) throw new Error(`RBAC role '${roleName}' not found`);
  return role.id;
}

/** The seed's `rbac_test_team` fixture: a private team made by the admin through `POST /teams/`. */
export async function createTeam(admin: APIRequestContext, name: string): Promise<{ id: string; name: string }> {
  const res = await admin.post('/teams/', { data: { name, description: 'RBAC E2E test team', visibility: 'private' } });
  if (![200, 201].includes(res.status())) throw new Error(`Failed to create team: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { id: string; name: string };
}

/**
 * The seed's `_create_user_and_join_team`: create the user, invite them, accept the invitation as them, then assign
 * the team-scoped role (409 = already held, fine).
 */
export async function createUserAndJoinTeam(
  baseUrl: string,
  admin: APIRequestContext,
  email: string,
  teamId: string,
  rbacRole: string,
): Promise<{ email: string; team_id: string; role: string }> {
  const created = await admin.post('/auth/email/admin/users', {
    data: {
      email,
      password: TEST_PASSWORD,
      full_name: `RBAC Test ${rbacRole}`,
      is_admin: false,
      is_active: true,
      password_change_required: false,
    },
  });
  if (created.status() !== 409 && ![200, 201].includes(created.status())) {
    throw new Error(`Failed to create user ${email}: ${created.status()} ${await created.text()}`);
  }
  const invite = await admin.post(`/teams/${teamId}/invitations`, { data: { email, role: 'member' } });
  if (invite.status() !== 409) {
    if (![200, 201].includes(invite.status())) throw new Error(`Failed to invite ${email}: ${invite.status()} ${await invite.text()}`);
    const invitation = (await invite.json()) as { token?: string };
    if (invitation.token) {
      const user = await apiAs(baseUrl, userToken(email));
      try {
        const accepted = await user.post(`/teams/invitations/${invitation.token}/accept`);
        if (![200, 201].includes(accepted.status())) throw new Error(`Failed to accept invitation for ${email}: ${accepted.status()}`);
      } finally {
        await user.dispose();
      }
    }
  }
  const roleId = await resolveRoleId(admin, rbacRole);
  const assigned = await admin.post(`/rbac/users/${email}/roles`, { data: { role_id: roleId, scope: 'team', scope_id: teamId } });
  if (assigned.status() !== 409 && ![200, 201].includes(assigned.status())) {
    throw new Error(`Failed to assign ${rbacRole} to ${email}: ${assigned.status()} ${await assigned.text()}`);
  }
  return { email, team_id: teamId, role: rbacRole };
}

/** The seed's fixture cleanup: revoke the role, leave the team, delete the user (best effort, as the seed). */
export async function removeUser(admin: APIRequestContext, email: string, teamId: string, role: string): Promise<void> {
  await admin.delete(`/rbac/users/${email}/roles/${role}?scope=team&scope_id=${teamId}`).catch(() => undefined);
  await admin.delete(`/teams/${teamId}/members/${email}`).catch(() => undefined);
  await admin.delete(`/auth/email/admin/users/${email}`).catch(() => undefined);
}

export async function closeAll(...contexts: (BrowserContext | undefined)[]): Promise<void> {
  for (const context of contexts) await context?.close().catch(() => undefined);
}
