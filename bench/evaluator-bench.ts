/**
 * How long one permission decision takes: `evaluate()` on an already loaded snapshot ("cached"), and
 * `AccessSnapshotLoader.load` + `evaluate()` against a real database with migrations and seeded rows
 * ("uncached": what the first decision of every request costs).
 *
 * Run with everything else by `npm run bench` (bench/run.ts), or alone:
 * `npx tsc -p bench/tsconfig.json && node dist-bench/bench/evaluator-bench.js`
 * (embedded PGlite in memory; set BENCH_DATABASE_URL=postgres://… to measure a Postgres server too, on a
 * scratch database created and dropped here). Results: bench/results/evaluator.json.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { Principal } from '../src/auth/principal.js';
import { CacheRegistry } from '../src/common/cache/cache-registry.js';
import { ChangeFeed } from '../src/common/cache/change-feed.js';
import { prepareDataSourceOptions } from '../src/database/data-source-options.js';
import { runMigrations } from '../src/database/run-migrations.js';
import { evaluate } from '../src/modules/rbac/access-evaluator.js';
import type { AccessSnapshot, DecisionContext } from '../src/modules/rbac/access-snapshot.js';
import { AccessSnapshotLoader } from '../src/modules/rbac/access-snapshot.loader.js';
import { SubjectDirectory } from '../src/modules/rbac/subject-directory.js';
import { RbacTeamDirectoryProvider } from '../src/modules/teams/rbac-team-directory.js';
import { RbacOrganizationDirectoryProvider } from '../src/modules/organizations/rbac-organization-directory.js';
import { SYSTEM_ROLES } from '../src/modules/rbac/system-roles.js';
import { createTestDatabase } from '../test/support/test-database.js';
import { isEntryPoint, writeResult } from './results.js';

const TEAMS = 9; // + the personal team = 10 memberships
const OTHER_USERS = 500;
const CACHED_SAMPLES = 201;
const CACHED_BATCH = 2_000;
const UNCACHED_SAMPLES = 301;
const WARMUP = 50;

interface Stats {
  median_us: number;
  p95_us: number;
  min_us: number;
  samples: number;
}

export interface EvaluatorBenchResult {
  node: string;
  snapshot: { assignments: number; memberships: number; inheritance_depth: number; other_users: number };
  cached: Stats & { evaluations_per_sample: number };
  /** Loader served from its epoch-tagged cache + evaluate, per database. */
  cache_hit: Record<string, Stats>;
  uncached: Record<string, Stats>;
  measured_at: string;
}

function stats(microseconds: number[]): Stats {
  const sorted = [...microseconds].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { median_us: round(at(0.5)), p95_us: round(at(0.95)), min_us: round(sorted[0]), samples: sorted.length };
}

const microsSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1000;

async function openDatabase(url: string | null): Promise<{ dataSource: DataSource; close(): Promise<void> }> {
  if (!url) {
    const prepared = await prepareDataSourceOptions({ kind: 'pglite', dataDir: null });
    const dataSource = await new DataSource(prepared.options).initialize();
    await runMigrations(dataSource, { singleConnection: true });
    return {
      dataSource,
      close: async () => {
        await dataSource.destroy();
        await prepared.pglite?.close();
      },
    };
  }
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  const scratch = await createTestDatabase();
  // Assigning undefined to process.env would store the string "undefined".
  if (previous === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = previous;
  const prepared = await prepareDataSourceOptions({ kind: 'postgres', url: scratch.url });
  const dataSource = await new DataSource(prepared.options).initialize();
  await runMigrations(dataSource, { singleConnection: false });
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await scratch.drop();
    },
  };
}

/** A realistic caller: 20 active assignments (one through a 3-level inherited custom role), 10 memberships. */
async function seed(db: DataSource): Promise<Principal> {
  for (const role of SYSTEM_ROLES) {
    await db.query(
      `INSERT INTO roles (name, description, scope, permissions, is_system_role, created_by) VALUES ($1, $2, $3, $4::jsonb, true, 'system')`,
      [role.name, role.description, role.scope, JSON.stringify(role.permissions)],
    );
  }
  const roleId = async (name: string): Promise<string> => (await db.query(`SELECT id FROM roles WHERE name = $1`, [name]))[0].id;
  // A custom chain: release_manager → builder → reader (2 inheritance links).
  const [reader] = await db.query(
    `INSERT INTO roles (name, scope, permissions) VALUES ('reader', 'team', '["tools.read","prompts.read"]') RETURNING id`,
  );
  const [builder] = await db.query(
    `INSERT INTO roles (name, scope, permissions, inherits_from) VALUES ('builder', 'team', '["tools.create","tools.update"]', $1) RETURNING id`,
    [reader.id],
  );
  const [release] = await db.query(
    `INSERT INTO roles (name, scope, permissions, inherits_from) VALUES ('release_manager', 'team', '["servers.manage"]', $1) RETURNING id`,
    [builder.id],
  );

  // Background rows, so the indexes have something to do.
  await db.query(
    `INSERT INTO users (user_id, email) SELECT 'bg' || g, 'bg' || g || '@example.com' FROM generate_series(1, ${OTHER_USERS}) g`,
  );
  await db.query(`INSERT INTO role_assignments (user_id, role_id, scope) SELECT id, $1, 'global' FROM users WHERE user_id LIKE 'bg%'`, [
    await roleId('platform_viewer'),
  ]);

  const [user] = await db.query(
    `INSERT INTO users (user_id, email) VALUES ('bench@example.com', 'bench@example.com') RETURNING id, user_id, email`,
  );
  const teamIds: string[] = [];
  const [personal] = await db.query(
    `INSERT INTO teams (name, slug, is_personal, created_by) VALUES ('personal', 'bench-personal', true, $1) RETURNING id`,
    [user.id],
  );
  await db.query(`INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, 'owner')`, [personal.id, user.id]);
  for (let i = 0; i < TEAMS; i++) {
    const [team] = await db.query(`INSERT INTO teams (name, slug) VALUES ($1, $1) RETURNING id`, [`bench-team-${i}`]);
    teamIds.push(team.id);
    await db.query(`INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, $3)`, [
      team.id,
      user.id,
      i === 0 ? 'owner' : 'member',
    ]);
    // Background members in each team.
    await db.query(
      `INSERT INTO team_members (team_id, user_id, role) SELECT $1, id, 'member' FROM users WHERE user_id LIKE 'bg%' AND random() < 0.1`,
      [team.id],
    );
  }
  const assign = (role: string, scope: string, scopeId: string | null) =>
    db.query(`INSERT INTO role_assignments (user_id, role_id, scope, scope_id) VALUES ($1, $2, $3, $4)`, [user.id, role, scope, scopeId]);
  await assign(await roleId('platform_viewer'), 'global', null);
  await assign(await roleId('team_admin'), 'team', personal.id);
  for (const [i, teamId] of teamIds.entries()) {
    await assign(await roleId(i === 0 ? 'team_admin' : 'viewer'), 'team', teamId);
    await assign(i % 3 === 0 ? release.id : await roleId('developer'), 'team', teamId);
  }
  // 2 + 2 × 9 = 20 assignments; a revoked one the loader must skip.
  await db.query(`INSERT INTO role_assignments (user_id, role_id, scope, scope_id, is_active) VALUES ($1, $2, 'team', $3, false)`, [
    user.id,
    await roleId('team_admin'),
    teamIds[1],
  ]);
  return {
    kind: 'user_token',
    user: { id: user.id, userId: user.user_id, email: user.email, isAdmin: false, userRole: 'internal_user' },
    key: null,
    tokenTeams: null,
    // No epoch: the loader never serves this principal from its cache, so "uncached" stays uncached.
    accessEpoch: null,
  };
}

/** A mix of granted and denied questions in team, any-team and global contexts. */
function questions(snapshot: AccessSnapshot): [string, DecisionContext][] {
  const teams = [...snapshot.memberships.values()].filter((m) => !m.isPersonal).map((m) => m.teamId);
  return [
    ['tools.create', { kind: 'team', teamId: teams[1] }],
    ['servers.manage', { kind: 'team', teamId: teams[3] }],
    ['teams.manage_members', { kind: 'team', teamId: teams[4] }], // denied
    ['gateways.delete', { kind: 'team', teamId: 'not-a-member' }], // denied
    ['servers.create', { kind: 'any' }],
    ['admin.user_management', { kind: 'global' }], // denied
    ['tools.read', { kind: 'global' }],
    ['keys.generate', { kind: 'team', teamId: teams[0] }],
  ];
}

async function measure(db: DataSource, principal: Principal) {
  // The memberships come through the teams module's reader, as in the app (the same single statement).
  const directory = new SubjectDirectory();
  new RbacTeamDirectoryProvider(db, directory).onModuleInit();
  new RbacOrganizationDirectoryProvider(db, directory).onModuleInit();
  const loader = new AccessSnapshotLoader(db, directory, ChangeFeed.offline(), new CacheRegistry(), {
    teams: { allowTeamCreation: true },
    cache: { maxEntries: 100_000 },
  });
  const snapshot = await loader.load(principal);
  const asks = questions(snapshot);
  let sink = 0;

  for (let i = 0; i < WARMUP * 100; i++) sink += evaluate(snapshot, ...asks[i % asks.length]).granted ? 1 : 0;
  const cached: number[] = [];
  for (let s = 0; s < CACHED_SAMPLES; s++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CACHED_BATCH; i++) sink += evaluate(snapshot, ...asks[i % asks.length]).granted ? 1 : 0;
    cached.push(microsSince(start) / CACHED_BATCH);
  }

  for (let i = 0; i < WARMUP; i++) evaluate(await loader.load(principal), ...asks[i % asks.length]);
  const uncached: number[] = [];
  for (let s = 0; s < UNCACHED_SAMPLES; s++) {
    const start = process.hrtime.bigint();
    const fresh = await loader.load(principal);
    sink += evaluate(fresh, ...asks[s % asks.length]).granted ? 1 : 0;
    uncached.push(microsSince(start));
  }
  // What a request pays when nothing changed since the user's last request: the loader's epoch-tagged cache.
  const [{ epoch }] = await db.query(`SELECT value::text AS epoch FROM access_epoch`);
  const current: Principal = { ...principal, accessEpoch: epoch };
  await loader.load(current);
  const cacheHit: number[] = [];
  for (let s = 0; s < UNCACHED_SAMPLES; s++) {
    const start = process.hrtime.bigint();
    const hit = await loader.load(current);
    sink += evaluate(hit, ...asks[s % asks.length]).granted ? 1 : 0;
    cacheHit.push(microsSince(start));
  }
  if (sink < 0) console.log(sink); // keeps the work observable
  return { snapshot, cached: stats(cached), uncached: stats(uncached), cacheHit: stats(cacheHit) };
}

export async function runEvaluatorBench(): Promise<EvaluatorBenchResult> {
  const targets: [string, string | null][] = [['pglite_embedded', null]];
  if (process.env.BENCH_DATABASE_URL) targets.push(['postgres', process.env.BENCH_DATABASE_URL]);
  const uncached: Record<string, Stats> = {};
  const cacheHit: Record<string, Stats> = {};
  let cached: Stats | null = null;
  let snapshotShape: EvaluatorBenchResult['snapshot'] | null = null;
  for (const [name, url] of targets) {
    const { dataSource, close } = await openDatabase(url);
    try {
      const principal = await seed(dataSource);
      const result = await measure(dataSource, principal);
      uncached[name] = result.uncached;
      cacheHit[name] = result.cacheHit;
      cached ??= result.cached;
      snapshotShape ??= {
        assignments: result.snapshot.assignments.length,
        memberships: result.snapshot.memberships.size,
        inheritance_depth: 2,
        other_users: OTHER_USERS,
      };
    } finally {
      await close();
    }
  }
  return {
    node: process.version,
    snapshot: snapshotShape!,
    cached: { ...cached!, evaluations_per_sample: CACHED_BATCH },
    cache_hit: cacheHit,
    uncached,
    measured_at: new Date().toISOString(),
  };
}

if (isEntryPoint(import.meta.url)) {
  const result = await runEvaluatorBench();
  console.log(JSON.stringify(result, null, 2));
  console.log(`written to ${writeResult('evaluator.json', result)}`);
}
