import type { ProfileSummary } from './cpu-profile.js';
import type { EvaluatorBenchResult } from './evaluator-bench.js';
import type { ScenarioId, ScenarioResult } from './http-bench.js';
import type { RevocationResult } from './revocation.js';
import type { WriterStats } from './writer.js';

/** Left-aligned first column, right-aligned numbers: readable in a terminal and in a CI log. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export type Verdict = 'PASS' | 'FAIL' | 'n/a';

/** One line of the targets table: a target of issue 12, what was measured, and whether it holds. */
export interface TargetRow {
  target: string;
  measured: string;
  goal: string;
  result: Verdict;
  note?: string;
}

export interface TargetInputs {
  scenarios: Partial<Record<ScenarioId, ScenarioResult>>;
  withWriter: Partial<Record<ScenarioId, ScenarioResult>>;
  writer: WriterStats | null;
  revocation: RevocationResult | null;
  revocationNote?: string;
}

const fmt = (v: number, digits = 3) => v.toFixed(digits);
const usable = (r: ScenarioResult | undefined): r is ScenarioResult => r !== undefined && r.status === 'measured';

function ratioRow(target: string, of: ScenarioResult | undefined, to: ScenarioResult | undefined, goal: number): TargetRow {
  if (!usable(of) || !usable(to)) {
    const why = [of, to].find((r) => r && r.status !== 'measured');
    return {
      target,
      measured: '-',
      goal: `≥ ${goal.toFixed(2)}`,
      result: 'n/a',
      note: why ? `${why.id}: ${why.status} (${why.note})` : 'not run',
    };
  }
  const ratio = of.requests_per_sec / to.requests_per_sec;
  return {
    target,
    measured: `${fmt(ratio)} (${Math.round(of.requests_per_sec)} / ${Math.round(to.requests_per_sec)} req/s)`,
    goal: `≥ ${goal.toFixed(2)}`,
    result: ratio >= goal ? 'PASS' : 'FAIL',
  };
}

export const GUARDED: ScenarioId[] = ['auth_only', 'forward_auth', 'key_info', 'teams', 'tools'];
export const APP_SCENARIOS: ScenarioId[] = ['unguarded', ...GUARDED];

/** Every target of issue 12 with its measured value and verdict; unmet targets are reported, never dropped. */
export function targetRows(input: TargetInputs): TargetRow[] {
  const s = input.scenarios;
  const rows: TargetRow[] = [
    ratioRow('unguarded / bare Fastify', s.unguarded, s.bare_fastify, 0.7),
    ratioRow('auth-only (POST /key/health) / unguarded', s.auth_only, s.unguarded, 0.8),
    ratioRow('forward-auth (/auth/forward) / unguarded', s.forward_auth, s.unguarded, 0.8),
    ratioRow('GET /key/info (own key) / unguarded', s.key_info, s.unguarded, 0.5),
    ratioRow('developer JWT GET /teams / unguarded', s.teams, s.unguarded, 0.5),
    ratioRow('developer JWT GET /tools / unguarded', s.tools, s.unguarded, 0.5),
  ];
  for (const id of APP_SCENARIOS) {
    const r: ScenarioResult | undefined = s[id];
    if (r === undefined || r.status !== 'measured') {
      rows.push({ target: `p99 ${id}`, measured: '-', goal: '≤ 10 ms', result: 'n/a', note: r ? `${r.status} (${r.note})` : 'not run' });
      continue;
    }
    rows.push({
      target: `p99 ${id}`,
      measured: `${r.latency_ms.p99} ms`,
      goal: '≤ 10 ms',
      result: r.latency_ms.p99 <= 10 ? 'PASS' : 'FAIL',
    });
  }
  for (const id of GUARDED) {
    const target = `with writer: ${id} / without`;
    if (!(id in input.withWriter)) continue;
    rows.push(ratioRow(target, input.withWriter[id], s[id], 0.6));
  }
  if (input.writer) {
    const w = input.writer;
    rows.push({
      target: 'background writer rate (memberships)',
      measured: `${w.achieved_writes_per_s} writes/s (${w.failed} failed, ${w.skipped} skipped)`,
      goal: `${w.target_writes_per_s} writes/s`,
      result: w.achieved_writes_per_s >= w.target_writes_per_s * 0.9 && w.failed === 0 ? 'PASS' : 'FAIL',
      note: 'the writer scenarios only count when this holds',
    });
  }
  const rev = input.revocation;
  if (rev) {
    const o = rev.overall;
    rows.push({
      target: `revocation refused on ${rev.instances === 'two' ? 'instance B' : 'the same instance'} (p99, ${o.trials} trials)`,
      measured: `p50 ${o.p50_ms} ms, p99 ${o.p99_ms} ms, max ${o.max_ms} ms`,
      goal: '≤ 100 ms',
      result: o.not_refused === 0 && o.p99_ms <= 100 ? 'PASS' : 'FAIL',
      note: rev.instances === 'one' ? 'one instance only (embedded database): not the cross-instance target' : undefined,
    });
    for (const [kind, k] of Object.entries(rev.by_kind)) {
      rows.push({
        target: `  revocation: ${kind}`,
        measured: `p50 ${k.p50_ms} ms, p99 ${k.p99_ms} ms (${k.stale_answers} trials with stale answers)`,
        goal: '≤ 100 ms',
        result: k.not_refused === 0 && k.p99_ms <= 100 ? 'PASS' : 'FAIL',
      });
    }
  } else {
    rows.push({
      target: 'revocation p99 on a second instance',
      measured: '-',
      goal: '≤ 100 ms',
      result: 'n/a',
      note: input.revocationNote ?? 'not run',
    });
  }
  return rows;
}

export function targetsTable(rows: TargetRow[]): string {
  return table(
    ['target (issue 12)', 'measured', 'goal', 'result', 'note'],
    rows.map((r) => [r.target, r.measured, r.goal, r.result, r.note ?? '']),
  );
}

export function scenariosTable(title: string, results: ScenarioResult[]): string {
  return table(
    [title, 'req/s', 'mean ms', 'p50', 'p90', 'p99', 'max', 'non-2xx', 'status'],
    results.map((s) => [
      `${s.id}: ${s.request} as ${s.auth}`,
      Math.round(s.requests_per_sec),
      // autocannon's percentiles are whole milliseconds; the mean shows what a "0" p50 hides.
      s.latency_ms.mean.toFixed(2),
      s.latency_ms.p50,
      s.latency_ms.p90,
      s.latency_ms.p99,
      s.latency_ms.max,
      s.non2xx,
      s.status === 'measured' ? 'ok' : `${s.status}: ${s.note ?? ''}`.slice(0, 80),
    ]),
  );
}

export function evaluatorTable(evaluator: EvaluatorBenchResult): string {
  return table(
    ['evaluator micro-bench (in process)', 'median µs', 'p95 µs', 'samples'],
    [
      ['evaluate only (snapshot in hand)', evaluator.cached.median_us, evaluator.cached.p95_us, evaluator.cached.samples],
      ...Object.entries(evaluator.cache_hit).map(([db, s]) => [`loader cache hit + evaluate (${db})`, s.median_us, s.p95_us, s.samples]),
      ...Object.entries(evaluator.uncached).map(([db, s]) => [`uncached load + evaluate (${db})`, s.median_us, s.p95_us, s.samples]),
    ],
  );
}

export function profileTable(scenario: string, p: ProfileSummary): string {
  return `${table(
    [`top self time, ${scenario} (${p.windowed ? 'its window' : 'whole run'}, ${p.sampled_ms} ms sampled)`, 'self ms', '%'],
    p.top.map((f) => [`${f.function}  ${f.location}`, f.self_ms, f.self_pct]),
  )}\n(${p.file})`;
}
