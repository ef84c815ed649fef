import type { EvaluatorBenchResult } from './evaluator-bench.js';
import type { HttpBenchResult } from './http-bench.js';

/** Left-aligned first column, right-aligned numbers: readable in a terminal and in a CI log. */
function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function summaryTable(evaluator: EvaluatorBenchResult, http: HttpBenchResult): string {
  const decision = table(
    ['evaluator', 'median µs', 'p95 µs', 'samples'],
    [
      ['evaluate only (snapshot in hand)', evaluator.cached.median_us, evaluator.cached.p95_us, evaluator.cached.samples],
      ...Object.entries(evaluator.cache_hit).map(([db, s]) => [
        `cached (epoch cache hit + evaluate, ${db})`,
        s.median_us,
        s.p95_us,
        s.samples,
      ]),
      ...Object.entries(evaluator.uncached).map(([db, s]) => [`uncached (load + evaluate, ${db})`, s.median_us, s.p95_us, s.samples]),
    ],
  );
  const ratioOf = (id: string) => (id === 'a' ? 1 : http.ratios[`${id}/a` as keyof HttpBenchResult['ratios']]);
  const routes = table(
    [`http (${http.database}, ${http.connections} conn, ${http.duration_s}s)`, 'req/s', 'mean ms', 'p50 ms', 'p99 ms', 'non-2xx', 'x/a'],
    Object.entries(http.scenarios).map(([id, s]) => [
      `(${id}) ${s.request} as ${s.auth}`,
      Math.round(s.requests_per_sec),
      // autocannon's percentiles are whole milliseconds; the mean shows what a "0" p50 hides.
      s.latency_ms.mean.toFixed(2),
      s.latency_ms.p50,
      s.latency_ms.p99,
      s.non2xx,
      ratioOf(id).toFixed(3),
    ]),
  );
  return `${decision}\n\n${routes}`;
}
