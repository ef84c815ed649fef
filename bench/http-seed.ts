import { BENCH_MASTER_KEY } from './processes.js';

/** An answer read whole: status and parsed JSON (or the text). */
export interface Answer {
  status: number;
  body: unknown;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

/** As the master key; anything but 2xx stops the bench with the answer. */
export async function admin<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await call(baseUrl, method, path, { token: BENCH_MASTER_KEY, body });
  if (answer.status < 200 || answer.status > 299)
    throw new Error(`seed ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

export const BENCH_PASSWORD = 'Bench-Passw0rd!';

/** A user as LiteLLM's /user/new makes it (personal virtual key), with a password so it can log in. */
export async function createUser(
  baseUrl: string,
  email: string,
  options: { teamId?: string; password?: string } = {},
): Promise<{ email: string; key: string }> {
  const created = await admin<{ key: string | null }>(baseUrl, 'POST', '/user/new', {
    user_id: email,
    user_email: email,
    ...(options.teamId ? { team_id: options.teamId } : {}),
  });
  if (!created.key) throw new Error(`seed /user/new ${email}: no personal key in the answer`);
  if (options.password) {
    await admin(baseUrl, 'PATCH', `/auth/email/admin/users/${encodeURIComponent(email)}`, { password: options.password });
  }
  return { email, key: created.key };
}

/** A session token from ContextForge's login (ours: carries the user's credential version). */
export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const answer = await call(baseUrl, 'POST', '/auth/email/login', { body: { email, password } });
  const token = (answer.body as { access_token?: string }).access_token;
  if (answer.status !== 200 || !token) throw new Error(`login ${email}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return token;
}

export async function roleIds(baseUrl: string): Promise<Record<string, string>> {
  const roles = await admin<{ id: string; name: string }[] | { roles: { id: string; name: string }[] }>(baseUrl, 'GET', '/rbac/roles');
  const list = Array.isArray(roles) ? roles : roles.roles;
  return Object.fromEntries(list.map((r) => [r.name, r.id]));
}

/** The callers the HTTP scenarios use, created through the API as an administrator would. */
export interface BenchCallers {
  teamId: string;
  /** The member's own virtual key (from /user/new): auth-only, forward-auth and /key/info on itself. */
  memberKey: string;
  /** A session JWT of the same member, who holds `developer` in the team (and `viewer` from the membership). */
  developerJwt: string;
  /** Users the background writer adds to and removes from the team. */
  churnUserIds: string[];
  /** The team tools created through the API (listed by GET /tools). */
  teamTools: number;
}

export async function seedCallers(baseUrl: string, churnUsers = 20): Promise<BenchCallers> {
  const team = await admin<{ team_id: string }>(baseUrl, 'POST', '/team/new', { team_alias: 'bench-team' });
  const email = 'bench-member@example.com';
  const member = await createUser(baseUrl, email, { teamId: team.team_id, password: BENCH_PASSWORD });
  const roles = await roleIds(baseUrl);
  await admin(baseUrl, 'POST', `/rbac/users/${encodeURIComponent(email)}/roles`, {
    role_id: roles.developer,
    scope: 'team',
    scope_id: team.team_id,
  });
  const developerJwt = await login(baseUrl, email, BENCH_PASSWORD);
  let teamTools = 0;
  for (let i = 1; i <= 5; i++) {
    const answer = await call(baseUrl, 'POST', '/tools', {
      token: developerJwt,
      body: {
        tool: { name: `bench-team-tool-${i}`, url: `https://tools.example.com/bench/${i}`, integration_type: 'REST', request_type: 'POST' },
        team_id: team.team_id,
        visibility: 'team',
      },
    });
    if (answer.status >= 200 && answer.status < 300) teamTools++;
    else if (i === 1)
      console.warn(`seed: POST /tools answered ${answer.status} ${JSON.stringify(answer.body)}; GET /tools lists the seeded tools only`);
  }
  const churnUserIds: string[] = [];
  for (let i = 1; i <= churnUsers; i++) {
    const id = `bench-churn-${i}@example.com`;
    await admin(baseUrl, 'POST', '/user/new', { user_id: id, user_email: id });
    churnUserIds.push(id);
  }
  return { teamId: team.team_id, memberKey: member.key, developerJwt, churnUserIds, teamTools };
}
