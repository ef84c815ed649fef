/**
 * How long a revocation made through one instance (A) keeps working on another (B) on the same database. Each
 * trial makes a credential work on B first (B has seen and accepted it, so any cache of B holds it), revokes it
 * through A, then asks B with it, one request after the other, until B refuses. Measured: from the moment A's
 * answer (after its commit) arrived to the moment B's first refusal arrived. Kinds, in turn:
 * - key delete: a fresh virtual key, `POST /key/delete` on A, B's `POST /key/health` until 401;
 * - key block: a fresh virtual key, `POST /key/block` on A, the same check;
 * - role revoke: `team_admin` granted in the bench team, `DELETE /rbac/users/{email}/roles/{role}` on A, B's
 *   `GET /teams/{team}/invitations` (teams.manage_members) with the user's session JWT until 403;
 * - password change: a fresh session JWT, `POST /auth/email/change-password` on A with it, B's
 *   `GET /auth/email/me` with it until 401.
 */
import { BENCH_PASSWORD, admin, call, createUser, login, roleIds } from './http-seed.js';
import { BENCH_MASTER_KEY } from './processes.js';

export type RevocationKind = 'key_delete' | 'key_block' | 'role_revoke' | 'password_change';
const KINDS: RevocationKind[] = ['key_delete', 'key_block', 'role_revoke', 'password_change'];

export interface RevocationTrial {
  kind: RevocationKind;
  latency_ms: number;
  /** B's answers before the refusal (0: the first request after A's answer was refused). */
  accepted_after_commit: number;
  refused: boolean;
}

export interface LatencyStats {
  trials: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Trials where B still accepted the credential at least once after A had answered. */
  stale_answers: number;
  not_refused: number;
}

export interface RevocationResult {
  instances: 'two' | 'one';
  trials: number;
  /** Poll timeout per trial: a trial that is never refused counts as this long. */
  timeout_ms: number;
  overall: LatencyStats;
  by_kind: Record<RevocationKind, LatencyStats>;
}

const TIMEOUT_MS = 5_000;

function statsOf(trials: RevocationTrial[]): LatencyStats {
  const sorted = trials.map((t) => t.latency_ms).sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0);
  const r = (v: number) => Math.round(v * 100) / 100;
  return {
    trials: trials.length,
    p50_ms: r(at(0.5)),
    p99_ms: r(at(0.99)),
    max_ms: r(sorted.at(-1) ?? 0),
    stale_answers: trials.filter((t) => t.accepted_after_commit > 0).length,
    not_refused: trials.filter((t) => !t.refused).length,
  };
}

/** Asks until `accepted` answers true (a grant or a new credential reaches B), then twice more to warm B. */
async function untilAccepted(ask: () => Promise<number>, accepted: (status: number) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const status = await ask();
    if (accepted(status)) break;
    if (Date.now() > deadline) throw new Error(`revocation: ${what} not accepted by instance B (last ${status})`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await ask();
  await ask();
}

async function pollUntilRefused(
  ask: () => Promise<number>,
  refused: (status: number) => boolean,
  t0: number,
): Promise<Omit<RevocationTrial, 'kind'>> {
  let accepted = 0;
  for (;;) {
    const status = await ask();
    const now = performance.now();
    if (refused(status)) return { latency_ms: now - t0, accepted_after_commit: accepted, refused: true };
    accepted++;
    if (now - t0 > TIMEOUT_MS) return { latency_ms: TIMEOUT_MS, accepted_after_commit: accepted, refused: false };
  }
}

const statusOf = async (baseUrl: string, method: string, path: string, token: string): Promise<number> => {
  const res = await fetch(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
};

/** A's answer must be a success: a failed revocation is a broken bench, not a latency. Answers when it arrived. */
async function onA(baseUrl: string, method: string, path: string, body: unknown, token: string = BENCH_MASTER_KEY): Promise<number> {
  const answer = await call(baseUrl, method, path, { token, body });
  const arrived = performance.now();
  if (answer.status < 200 || answer.status > 299)
    throw new Error(`revocation ${method} ${path} on A: ${answer.status} ${JSON.stringify(answer.body)}`);
  return arrived;
}

export async function runRevocation(
  a: string,
  b: string,
  teamId: string,
  trials: number,
  log: (line: string) => void,
): Promise<RevocationResult> {
  const roles = await roleIds(a);
  await createUser(a, 'bench-revoke-keys@example.com');
  const roleUserEmail = 'bench-revoke-role@example.com';
  await createUser(a, roleUserEmail, { teamId, password: BENCH_PASSWORD });
  const roleUserJwt = await login(a, roleUserEmail, BENCH_PASSWORD);
  const pwUserEmail = 'bench-revoke-password@example.com';
  await createUser(a, pwUserEmail, { password: BENCH_PASSWORD });
  let password = BENCH_PASSWORD;

  const results: RevocationTrial[] = [];
  const is2xx = (s: number) => s >= 200 && s < 300;
  for (let i = 0; i < trials; i++) {
    const kind = KINDS[i % KINDS.length];
    let outcome: Omit<RevocationTrial, 'kind'>;
    if (kind === 'key_delete' || kind === 'key_block') {
      const { key } = await admin<{ key: string }>(a, 'POST', '/key/generate', { user_id: 'bench-revoke-keys@example.com' });
      const ask = () => statusOf(b, 'POST', '/key/health', key);
      await untilAccepted(ask, is2xx, 'a new key');
      const t0 = kind === 'key_delete' ? await onA(a, 'POST', '/key/delete', { keys: [key] }) : await onA(a, 'POST', '/key/block', { key });
      outcome = await pollUntilRefused(ask, (s) => s === 401 || s === 403, t0);
    } else if (kind === 'role_revoke') {
      await admin(a, 'POST', `/rbac/users/${encodeURIComponent(roleUserEmail)}/roles`, {
        role_id: roles.team_admin,
        scope: 'team',
        scope_id: teamId,
      });
      const ask = () => statusOf(b, 'GET', `/teams/${teamId}/invitations`, roleUserJwt);
      await untilAccepted(ask, is2xx, 'a team_admin grant');
      const t0 = await onA(
        a,
        'DELETE',
        `/rbac/users/${encodeURIComponent(roleUserEmail)}/roles/${roles.team_admin}?scope=team&scope_id=${encodeURIComponent(teamId)}`,
        undefined,
      );
      outcome = await pollUntilRefused(ask, (s) => s === 403 || s === 404, t0);
    } else {
      const jwt = await login(a, pwUserEmail, password);
      const ask = () => statusOf(b, 'GET', '/auth/email/me', jwt);
      await untilAccepted(ask, is2xx, 'a session token');
      const next = `Bench-Passw0rd-${i}!`;
      const t0 = await onA(a, 'POST', '/auth/email/change-password', { old_password: password, new_password: next }, jwt);
      password = next;
      outcome = await pollUntilRefused(ask, (s) => s === 401, t0);
    }
    results.push({ kind, ...outcome });
    if ((i + 1) % 20 === 0) log(`  revocation: ${i + 1}/${trials} trials`);
  }
  const byKind = Object.fromEntries(KINDS.map((k) => [k, statsOf(results.filter((t) => t.kind === k))])) as Record<
    RevocationKind,
    LatencyStats
  >;
  return { instances: a === b ? 'one' : 'two', trials, timeout_ms: TIMEOUT_MS, overall: statsOf(results), by_kind: byKind };
}
