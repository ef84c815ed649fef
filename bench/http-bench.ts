/**
 * Requests per second and latency of the real application over loopback, per kind of access decision:
 * (a) a public route, (b) a virtual key authenticated but no permission decision, (c) a permission decision on
 * a resource (a member reading a team key), (d) the same as the master key, (e) a ContextForge user JWT on a
 * permission-guarded route. All on one server, one after the other; any non-2xx answer fails the bench.
 *
 * Run alone: `npx tsc -p bench/tsconfig.json && node dist-bench/bench/http-bench.js` (or `npm run bench` for
 * everything). Set BENCH_DATABASE_URL=postgres://… to run the app on a scratch database of that server instead of
 * in-memory PGlite. Results: bench/results/http.json.
 */
import autocannon from 'autocannon';
import { MASTER_KEY } from '../test/support/test-app.js';
import { startBenchApp } from './bench-app.js';
import { seedCallers, type BenchCallers } from './http-seed.js';
import { isEntryPoint, writeResult } from './results.js';

const CONNECTIONS = 20;
const DURATION_S = 5;
const WARMUP_S = 1;
/** Load comes from a worker thread: on the same event loop as the server it would steal the server's time. */
const LOAD_WORKERS = 1;

interface Scenario {
  id: 'a' | 'b' | 'c' | 'd' | 'e';
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** The path as reported (no secrets in the results). */
  shownPath: string;
  auth: string;
  token: string | null;
}

export interface ScenarioResult {
  name: string;
  request: string;
  auth: string;
  requests_per_sec: number;
  latency_ms: { mean: number; p50: number; p99: number };
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface HttpBenchResult {
  database: 'pglite_embedded' | 'postgres';
  connections: number;
  duration_s: number;
  warmup_s: number;
  scenarios: Record<Scenario['id'], ScenarioResult>;
  /** Throughput relative to the public route (a): how much each kind of access check costs. */
  ratios: { 'b/a': number; 'c/a': number; 'd/a': number; 'e/a': number };
  measured_at: string;
}

function scenarios(c: BenchCallers): Scenario[] {
  const info = `/key/info?key=${encodeURIComponent(c.teamKey)}`;
  return [
    { id: 'a', name: 'public', method: 'GET', path: '/health/liveliness', shownPath: '/health/liveliness', auth: 'none', token: null },
    {
      id: 'b',
      name: 'authenticated only',
      method: 'POST',
      path: '/key/health',
      shownPath: '/key/health',
      auth: 'member key',
      token: c.memberKey,
    },
    {
      id: 'c',
      name: 'guarded, resource',
      method: 'GET',
      path: info,
      shownPath: '/key/info?key=<team key>',
      auth: 'member key',
      token: c.memberKey,
    },
    {
      id: 'd',
      name: 'guarded, master key',
      method: 'GET',
      path: info,
      shownPath: '/key/info?key=<team key>',
      auth: 'master key',
      token: MASTER_KEY,
    },
    { id: 'e', name: 'guarded, user JWT', method: 'GET', path: '/teams', shownPath: '/teams', auth: 'user JWT', token: c.memberJwt },
  ];
}

const headersOf = (s: Scenario): Record<string, string> => (s.token ? { authorization: `Bearer ${s.token}` } : {});

/** One request first, so a wrong seed or route fails with the answer's body instead of 100k anonymous 4xx. */
async function preflight(baseUrl: string, s: Scenario): Promise<void> {
  const res = await fetch(`${baseUrl}${s.path}`, { method: s.method, headers: headersOf(s) });
  const body = await res.text();
  if (res.status < 200 || res.status > 299) throw new Error(`(${s.id}) ${s.method} ${s.shownPath}: ${res.status} ${body}`);
}

async function measure(baseUrl: string, s: Scenario): Promise<ScenarioResult> {
  const r = await autocannon({
    url: `${baseUrl}${s.path}`,
    method: s.method,
    headers: headersOf(s),
    connections: CONNECTIONS,
    duration: DURATION_S,
    warmup: { connections: CONNECTIONS, duration: WARMUP_S },
    workers: LOAD_WORKERS,
    title: s.id,
  });
  const round = (v: number) => Math.round(v * 100) / 100;
  const result: ScenarioResult = {
    name: s.name,
    request: `${s.method} ${s.shownPath}`,
    auth: s.auth,
    requests_per_sec: round(r.requests.average),
    latency_ms: { mean: round(r.latency.average), p50: r.latency.p50, p99: r.latency.p99 },
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r.requests.total === 0) {
    throw new Error(
      `(${s.id}) ${result.request}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests.total} ` +
        `(status codes ${JSON.stringify(r.statusCodeStats)})`,
    );
  }
  return result;
}

export async function runHttpBench(log: (line: string) => void = console.log): Promise<HttpBenchResult> {
  const app = await startBenchApp();
  try {
    const callers = await seedCallers(app.baseUrl);
    const list = scenarios(callers);
    for (const s of list) await preflight(app.baseUrl, s);
    const results = {} as Record<Scenario['id'], ScenarioResult>;
    for (const s of list) {
      log(`http (${s.id}) ${s.method} ${s.shownPath} as ${s.auth}: ${WARMUP_S}s warmup + ${DURATION_S}s…`);
      results[s.id] = await measure(app.baseUrl, s);
    }
    const ratio = (id: Scenario['id']) => Math.round((results[id].requests_per_sec / results.a.requests_per_sec) * 1000) / 1000;
    return {
      database: app.database,
      connections: CONNECTIONS,
      duration_s: DURATION_S,
      warmup_s: WARMUP_S,
      scenarios: results,
      ratios: { 'b/a': ratio('b'), 'c/a': ratio('c'), 'd/a': ratio('d'), 'e/a': ratio('e') },
      measured_at: new Date().toISOString(),
    };
  } finally {
    await app.close();
  }
}

if (isEntryPoint(import.meta.url)) {
  try {
    const result = await runHttpBench();
    console.log(JSON.stringify(result, null, 2));
    console.log(`written to ${writeResult('http.json', result)}`);
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  }
}
