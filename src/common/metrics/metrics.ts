import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CacheStats } from '../cache/tagged-cache.js';

/** The pg pool's counters (also behind the embedded database: one connection, and who waits for it). */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/** What is read at scrape time rather than counted on the request path. */
export interface MetricSources {
  caches(): CacheStats[];
  /** Null while the pool does not exist (before the connection, after shutdown). */
  pool(): PoolStats | null;
  changeFeedHealthy(): boolean;
  databaseKind: 'postgres' | 'pglite';
}

export type DecisionOutcome = 'allow' | 'deny';

/** Seconds: a warm permission check answers in a millisecond or two; a gateway refresh can take seconds. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Prometheus metrics of one application, in a registry of its own (not prom-client's global one), so that
 * several applications in one process (the e2e suites) keep theirs apart. Labels are bounded: route templates,
 * methods, statuses, permission names and cache names, never an id, an email or a credential.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route' | 'status_class'>;
  private readonly decisions: Counter<'outcome' | 'permission'>;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.durations = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to sending the last byte of its answer',
      labelNames: ['method', 'route', 'status_class'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.decisions = new Counter({
      name: 'portcullis_access_decisions_total',
      help: "The permission guard's decisions on routes that need a permission or a signed-in caller (deny: 403, or the 404 of what the caller may not see)",
      labelNames: ['outcome', 'permission'],
      registers,
    });
    registerCacheMetrics(registers, sources);
    registerDatabaseMetrics(registers, sources);
  }

  /** Called once per answered request (src/common/http/request-observability.ts). */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status });
    this.durations.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds);
  }

  /** Called by the permission guard when it allows or refuses (`permission`: the route's, or `authenticated`). */
  decision(outcome: DecisionOutcome, permission: string): void {
    this.decisions.inc({ outcome, permission });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** This application's series and the process's own (shared by every application in the process). */
  scrape(): Promise<string> {
    return Registry.merge([this.registry, processRegistry()]).metrics();
  }
}

/**
 * The caches count their own hits and misses (src/common/cache/tagged-cache.ts); their totals are copied at
 * scrape time, so the request path pays nothing for the metric.
 */
function registerCacheMetrics(registers: Registry[], sources: MetricSources): void {
  const perCache = (read: (stats: CacheStats) => number) =>
    function (this: Counter<'cache'> | Gauge<'cache'>) {
      this.reset();
      for (const stats of sources.caches()) {
        const value = read(stats);
        if (this instanceof Counter) this.inc({ cache: stats.name }, value);
        else this.set({ cache: stats.name }, value);
      }
    };
  new Counter({
    name: 'portcullis_cache_hits_total',
    help: 'Warm-path cache lookups answered from the cache',
    labelNames: ['cache'],
    registers,
    collect: perCache((s) => s.hits),
  });
  new Counter({
    name: 'portcullis_cache_misses_total',
    help: 'Warm-path cache lookups that went to the database',
    labelNames: ['cache'],
    registers,
    collect: perCache((s) => s.misses),
  });
  new Counter({
    name: 'portcullis_cache_invalidations_total',
    help: 'Warm-path cache entries dropped because what they were built from changed',
    labelNames: ['cache'],
    registers,
    collect: perCache((s) => s.invalidations),
  });
  new Gauge({
    name: 'portcullis_cache_hit_ratio',
    help: 'Hits / (hits + misses) since start (0 before the first lookup); use the counters for a rate',
    labelNames: ['cache'],
    registers,
    collect: perCache((s) => (s.hits + s.misses === 0 ? 0 : s.hits / (s.hits + s.misses))),
  });
  new Gauge({
    name: 'portcullis_cache_entries',
    help: 'Entries held by each warm-path cache',
    labelNames: ['cache'],
    registers,
    collect: perCache((s) => s.entries),
  });
  new Gauge({
    name: 'portcullis_cache_max_entries',
    help: "Each warm-path cache's bound (ACCESS_CACHE_MAX_ENTRIES, split)",
    labelNames: ['cache'],
    registers,
    collect: perCache((s) => s.max),
  });
  new Gauge({
    name: 'portcullis_change_feed_healthy',
    help: '1 while the change feed that keeps the caches fresh is listening (0: caches are bypassed)',
    registers,
    collect() {
      this.set(sources.changeFeedHealthy() ? 1 : 0);
    },
  });
}

/** The connection pool, read at scrape time. The embedded database has a pool of one connection. */
function registerDatabaseMetrics(registers: Registry[], sources: MetricSources): void {
  const poolGauge = (name: string, help: string, read: (pool: PoolStats) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const pool = sources.pool();
        this.set(pool ? read(pool) : 0);
      },
    });
  poolGauge('portcullis_db_pool_connections', 'Connections open in the database pool', (p) => p.total);
  poolGauge('portcullis_db_pool_idle_connections', 'Open connections not in use', (p) => p.idle);
  poolGauge('portcullis_db_pool_waiting_requests', 'Queries waiting for a connection', (p) => p.waiting);
  poolGauge('portcullis_db_pool_max_connections', "The pool's bound (1 on the embedded database)", (p) => p.max);
  new Gauge({
    name: 'portcullis_database_info',
    help: 'The database in use: postgres, or the embedded pglite',
    labelNames: ['kind'],
    registers,
  }).set({ kind: sources.databaseKind }, 1);
}

let processMetrics: Registry | null = null;

/**
 * prom-client's process metrics (CPU, memory, event-loop lag, GC) describe the process, not an application, and
 * each collection installs observers that are never removed: collected once per process, in a registry of their
 * own, however many applications (test suites start dozens) the process runs.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}
