/**
 * What instance A's own `/metrics` says after the bench: the raw exposition is kept beside the JSON result, and a
 * summary (requests and latency per route, decisions by outcome, cache hit ratios, the pool) goes into the report.
 */

export interface MetricsSummary {
  requests_by_route: { method: string; route: string; status: string; count: number }[];
  mean_latency_ms_by_route: Record<string, number>;
  decisions: Record<string, number>;
  cache_hit_ratio: Record<string, number>;
  pool: Record<string, number>;
  change_feed_healthy: number | null;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format, the subset prom-client writes: `name{a="b",c="d"} value`. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

export function summarizeMetrics(text: string): MetricsSummary {
  const samples = parseExposition(text);
  const named = (name: string) => samples.filter((s) => s.name === name);
  const requests = named('http_requests_total')
    .map((s) => ({ method: s.labels.method, route: s.labels.route, status: s.labels.status, count: s.value }))
    .sort((x, y) => y.count - x.count);
  const sums = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const s of named('http_request_duration_seconds_sum')) {
    const key = `${s.labels.method} ${s.labels.route}`;
    sums.set(key, (sums.get(key) ?? 0) + s.value);
  }
  for (const s of named('http_request_duration_seconds_count')) {
    const key = `${s.labels.method} ${s.labels.route}`;
    counts.set(key, (counts.get(key) ?? 0) + s.value);
  }
  const meanLatency: Record<string, number> = {};
  for (const [key, sum] of sums) {
    const count = counts.get(key) ?? 0;
    if (count > 0) meanLatency[key] = Math.round((sum / count) * 1000 * 100) / 100;
  }
  const decisions: Record<string, number> = {};
  for (const s of named('portcullis_access_decisions_total')) decisions[s.labels.outcome] = (decisions[s.labels.outcome] ?? 0) + s.value;
  const ratio: Record<string, number> = {};
  for (const s of named('portcullis_cache_hit_ratio')) ratio[s.labels.cache] = Math.round(s.value * 1000) / 1000;
  const pool: Record<string, number> = {};
  for (const s of samples.filter((x) => x.name.startsWith('portcullis_db_pool_')))
    pool[s.name.replace('portcullis_db_pool_', '')] = s.value;
  const feed = named('portcullis_change_feed_healthy')[0];
  return {
    requests_by_route: requests.slice(0, 12),
    mean_latency_ms_by_route: meanLatency,
    decisions,
    cache_hit_ratio: ratio,
    pool,
    change_feed_healthy: feed ? feed.value : null,
  };
}

/** A few lines for the console. */
export function metricsTable(summary: MetricsSummary): string {
  const lines = ['instance A /metrics after the run'];
  for (const r of summary.requests_by_route.slice(0, 8)) {
    const mean = summary.mean_latency_ms_by_route[`${r.method} ${r.route}`];
    lines.push(`  ${String(r.count).padStart(8)}  ${r.method} ${r.route} ${r.status}${mean === undefined ? '' : `  (mean ${mean} ms)`}`);
  }
  lines.push(`  decisions: ${JSON.stringify(summary.decisions)}`);
  lines.push(`  cache hit ratio: ${JSON.stringify(summary.cache_hit_ratio)}`);
  lines.push(`  pool: ${JSON.stringify(summary.pool)}; change feed healthy: ${summary.change_feed_healthy}`);
  return lines.join('\n');
}
