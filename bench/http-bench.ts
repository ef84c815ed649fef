/**
 * Requests per second and latency over loopback, one scenario after the other, each by autocannon in a worker
 * thread (load generated on the bench's event loop would compete with the background writer). The servers are
 * other processes: the production build (`node dist/main.js`) and a bare Fastify baseline.
 */
import autocannon from 'autocannon';
import type { BenchCallers } from './http-seed.js';

export type ScenarioId = 'bare_fastify' | 'unguarded' | 'auth_only' | 'forward_auth' | 'key_info' | 'teams' | 'tools';

export interface Scenario {
  id: ScenarioId;
  label: string;
  method: 'GET' | 'POST';
  /** Path and query as sent (may carry a key). */
  path: string;
  /** As reported: no secrets. */
  shownPath: string;
  auth: string;
  headers: Record<string, string>;
  server: 'bare' | 'app';
}

export interface ScenarioResult {
  id: ScenarioId;
  label: string;
  request: string;
  auth: string;
  /** measured | skipped (route absent) | failed (refused or errors: the numbers are not the route's). */
  status: 'measured' | 'skipped' | 'failed';
  note?: string;
  requests_per_sec: number;
  latency_ms: { mean: number; p50: number; p90: number; p99: number; max: number };
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** process.hrtime in µs (CLOCK_MONOTONIC, the clock V8's profiles use) while measured (after warmup). */
  window_us: [number, number];
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function scenarios(c: BenchCallers): Scenario[] {
  return [
    { id: 'bare_fastify', label: 'bare Fastify', method: 'GET', path: '/', shownPath: '/', auth: 'none', headers: {}, server: 'bare' },
    {
      id: 'unguarded',
      label: 'unguarded',
      method: 'GET',
      path: '/health/liveliness',
      shownPath: '/health/liveliness',
      auth: 'none',
      headers: {},
      server: 'app',
    },
    {
      id: 'auth_only',
      label: 'authentication only',
      method: 'POST',
      path: '/key/health',
      shownPath: '/key/health',
      auth: 'member key',
      headers: bearer(c.memberKey),
      server: 'app',
    },
    {
      id: 'forward_auth',
      label: 'forward-auth',
      method: 'GET',
      path: '/auth/forward',
      shownPath: '/auth/forward (POST /v1/chat/completions, model gpt-4o)',
      auth: 'member key',
      headers: {
        ...bearer(c.memberKey),
        'x-forwarded-method': 'POST',
        'x-forwarded-uri': '/v1/chat/completions',
        'x-original-uri': '/v1/chat/completions',
        // The model the original request names (its body is not forwarded); the member key allows every model.
        'x-portcullis-model': 'gpt-4o',
      },
      server: 'app',
    },
    {
      id: 'key_info',
      label: 'resource read /key/info (own key)',
      method: 'GET',
      path: `/key/info?key=${encodeURIComponent(c.memberKey)}`,
      shownPath: '/key/info?key=<own key>',
      auth: 'member key',
      headers: bearer(c.memberKey),
      server: 'app',
    },
    {
      id: 'teams',
      label: 'resource read GET /teams',
      method: 'GET',
      path: '/teams',
      shownPath: '/teams',
      auth: 'developer JWT',
      headers: bearer(c.developerJwt),
      server: 'app',
    },
    {
      id: 'tools',
      label: 'resource read GET /tools',
      method: 'GET',
      path: '/tools',
      shownPath: '/tools',
      auth: 'developer JWT',
      headers: bearer(c.developerJwt),
      server: 'app',
    },
  ];
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const round = (v: number) => Math.round(v * 100) / 100;

function emptyResult(s: Scenario, status: ScenarioResult['status'], note: string): ScenarioResult {
  return {
    id: s.id,
    label: s.label,
    request: `${s.method} ${s.shownPath}`,
    auth: s.auth,
    status,
    note,
    requests_per_sec: 0,
    latency_ms: { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 },
    requests: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    window_us: [0, 0],
  };
}

/**
 * One request first: a route that answers 404 is not there (yet: forward-auth lands separately) and is skipped;
 * any other refusal marks the scenario failed with the answer, instead of measuring 100k refusals.
 */
export async function preflight(baseUrl: string, s: Scenario): Promise<ScenarioResult | null> {
  const res = await fetch(`${baseUrl}${s.path}`, { method: s.method, headers: s.headers });
  const body = await res.text();
  if (res.status >= 200 && res.status <= 299) return null;
  if (res.status === 404 || res.status === 405) return emptyResult(s, 'skipped', `not available (${res.status})`);
  return emptyResult(s, 'failed', `refused: ${res.status} ${body.slice(0, 200)}`);
}

export interface MeasureOptions {
  connections: number;
  durationS: number;
  warmupS: number;
}

export async function measure(baseUrl: string, s: Scenario, o: MeasureOptions): Promise<ScenarioResult> {
  const skipped = await preflight(baseUrl, s);
  if (skipped) return skipped;
  if (o.warmupS > 0) {
    await autocannon({
      url: `${baseUrl}${s.path}`,
      method: s.method,
      headers: s.headers,
      connections: o.connections,
      duration: o.warmupS,
      workers: 1,
    });
  }
  const start = nowUs();
  const r = await autocannon({
    url: `${baseUrl}${s.path}`,
    method: s.method,
    headers: s.headers,
    connections: o.connections,
    duration: o.durationS,
    workers: 1,
    title: s.id,
  });
  const end = nowUs();
  const result: ScenarioResult = {
    id: s.id,
    label: s.label,
    request: `${s.method} ${s.shownPath}`,
    auth: s.auth,
    status: 'measured',
    requests_per_sec: round(r.requests.average),
    latency_ms: { mean: round(r.latency.average), p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    window_us: [start, end],
  };
  if (r.requests.total === 0) {
    result.status = 'failed';
    result.note = `no request completed in ${o.durationS}s`;
  } else if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) {
    result.status = 'failed';
    result.note = `${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests.total} (status codes ${JSON.stringify(
      r.statusCodeStats,
    )})`;
  }
  return result;
}
