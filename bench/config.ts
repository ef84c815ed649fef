/**
 * Everything `npm run bench` can be told, from the environment (and `--cpu-prof` on the command line). Defaults
 * are what issue 12's targets are stated for: 20 connections, 5 s per scenario, 50 membership writes/s, 100
 * revocation trials. Shorter runs (`BENCH_DURATION_S=1`) are for checking the harness, not for the numbers.
 */
export type DatasetName = 'small' | 'large';

export interface BenchConfig {
  /** The Postgres server the targets need (a fresh database is created on it and dropped); null: PGlite smoke run. */
  postgresUrl: string | null;
  dataset: DatasetName;
  connections: number;
  durationS: number;
  warmupS: number;
  writesPerS: number;
  revocationTrials: number;
  cpuProf: boolean;
  /** Reuse dist/ as it is instead of `npm run build` first. */
  skipBuild: boolean;
  evaluator: boolean;
  /** The server's LOG_LEVEL (production default: info, which writes one access-log line per request, asynchronously). */
  logLevel: string;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got '${raw}'`);
  return value;
}

const flag = (name: string): boolean => ['1', 'true', 'yes'].includes((process.env[name] ?? '').toLowerCase());

export function loadBenchConfig(argv: string[] = process.argv.slice(2)): BenchConfig {
  const dataset = (process.env.BENCH_DATASET ?? 'small').toLowerCase();
  if (dataset !== 'small' && dataset !== 'large') throw new Error(`BENCH_DATASET must be small or large, got '${dataset}'`);
  const url = process.env.DATABASE_URL;
  const postgresUrl = url && /^postgres(ql)?:\/\//.test(url) ? url : null;
  return {
    postgresUrl,
    dataset,
    connections: Math.round(positive('BENCH_CONNECTIONS', 20)),
    durationS: positive('BENCH_DURATION_S', 5),
    warmupS: positive('BENCH_WARMUP_S', 1),
    writesPerS: positive('BENCH_WRITES_PER_S', 50),
    revocationTrials: Math.round(positive('BENCH_REVOCATION_TRIALS', 100)),
    cpuProf: flag('BENCH_CPU_PROF') || argv.includes('--cpu-prof'),
    skipBuild: flag('BENCH_SKIP_BUILD'),
    evaluator: process.env.BENCH_EVALUATOR === undefined ? true : flag('BENCH_EVALUATOR'),
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'info',
  };
}
