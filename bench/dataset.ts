import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatasetName } from './config.js';

/** A fresh database on the Postgres server of `serverUrl`, dropped (FORCE) when the bench ends. */
export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `portcullis_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface DatasetShape {
  users: number;
  teams: number;
  /** Non-personal teams each user belongs to (the first as owner, the others as member). */
  teamsPerUser: number;
  keys: number;
  publicTools: number;
  toolsPerTeam: number;
}

/**
 * `large` is issue 12's: 100,000 keys, 10,000 users, 1,000 teams and 200,000 role assignments (each user's
 * platform_viewer and personal team_admin, plus one per team membership: 10,000 × (2 + 18)).
 */
export const DATASETS: Record<DatasetName, DatasetShape> = {
  small: { users: 200, teams: 20, teamsPerUser: 3, keys: 1_000, publicTools: 20, toolsPerTeam: 2 },
  large: { users: 10_000, teams: 1_000, teamsPerUser: 18, keys: 100_000, publicTools: 20, toolsPerTeam: 2 },
};

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** A stride coprime with `teams`, so a user's `teamsPerUser` memberships land in distinct teams. */
function strideFor(teams: number): number {
  for (let s = 53; ; s++) if (gcd(s, teams) === 1) return s % teams || 1;
}

export interface SeededCounts {
  users: number;
  teams: number;
  team_members: number;
  role_assignments: number;
  api_keys: number;
  tools: number;
  seconds: number;
}

/**
 * The background population, in one transaction of set-based INSERT … SELECT (generate_series): users with their
 * personal team, owner membership and automatic roles as the application would create them; teams; memberships
 * with the role each membership carries; virtual keys stored as the application stores them (hex SHA-256 of the
 * raw `sk-bench-<n>`), half personal, half on one of their owner's teams; public and team tools.
 *
 * Triggers are skipped for the load (`session_replication_role = replica`): the per-row access-epoch trigger would
 * update one row 400,000 times in a transaction, which is quadratic. Foreign keys are then checked explicitly
 * before commit (orphans abort the load), the epoch is bumped once, and the servers start only afterwards, so no
 * cache can hold a fact this load changed.
 */
export async function seedDataset(databaseUrl: string, shape: DatasetShape): Promise<SeededCounts> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const stride = strideFor(shape.teams);
  if (shape.teamsPerUser > shape.teams) throw new Error('dataset: teamsPerUser > teams');
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(
      `CREATE TEMP TABLE bench_u ON COMMIT DROP AS
         SELECT g AS n, gen_random_uuid() AS id, gen_random_uuid()::text AS personal FROM generate_series(1, $1::int) g`,
      [shape.users],
    );
    await client.query(
      `CREATE TEMP TABLE bench_t ON COMMIT DROP AS SELECT g AS n, gen_random_uuid()::text AS id FROM generate_series(1, $1::int) g`,
      [shape.teams],
    );
    await client.query(
      `CREATE TEMP TABLE bench_m ON COMMIT DROP AS
         SELECT u.n AS un, u.id AS user_id, j, t.id AS team_id
           FROM bench_u u CROSS JOIN generate_series(0, $1::int - 1) j
           JOIN bench_t t ON t.n = ((u.n * 7 + j * $2::int) % $3::int) + 1`,
      [shape.teamsPerUser, stride, shape.teams],
    );
    await client.query(`CREATE INDEX ON bench_m (un, j)`);
    await client.query(
      `INSERT INTO users (id, user_id, email, user_role)
       SELECT id, 'bench-user-' || n || '@bench.example', 'bench-user-' || n || '@bench.example', 'internal_user' FROM bench_u`,
    );
    await client.query(
      `INSERT INTO teams (id, name, slug, description, created_by, is_personal, visibility)
       SELECT personal, 'bench-user-' || n || '@bench.example''s Team', 'personal-' || id, 'Personal team', id, true, 'private'
         FROM bench_u`,
    );
    await client.query(
      `INSERT INTO teams (id, name, slug, is_personal, visibility)
       SELECT id, 'bench-team-' || n, 'bench-team-' || n, false, CASE WHEN n % 10 = 0 THEN 'public' ELSE 'private' END FROM bench_t`,
    );
    await client.query(`INSERT INTO team_members (team_id, user_id, role) SELECT personal, id, 'owner' FROM bench_u`);
    await client.query(
      `INSERT INTO team_members (team_id, user_id, role)
       SELECT team_id, user_id, CASE WHEN j = 0 THEN 'owner' ELSE 'member' END FROM bench_m`,
    );
    await client.query(
      `INSERT INTO role_assignments (user_id, role_id, scope, scope_id, granted_by)
       SELECT u.id, r.id, 'global', NULL, 'bench' FROM bench_u u JOIN roles r ON r.name = 'platform_viewer'`,
    );
    await client.query(
      `INSERT INTO role_assignments (user_id, role_id, scope, scope_id, granted_by)
       SELECT u.id, r.id, 'team', u.personal, 'bench' FROM bench_u u JOIN roles r ON r.name = 'team_admin'`,
    );
    // The role each membership carries (owner → team_admin, member → viewer), as RoleAssignmentsService grants it.
    await client.query(
      `INSERT INTO role_assignments (user_id, role_id, scope, scope_id, granted_by)
       SELECT m.user_id, r.id, 'team', m.team_id, 'bench'
         FROM bench_m m JOIN roles r ON r.name = CASE WHEN m.j = 0 THEN 'team_admin' ELSE 'viewer' END`,
    );
    await client.query(
      `INSERT INTO api_keys (token_hash, key_name, user_id, team_id)
       SELECT encode(sha256(convert_to('sk-bench-' || k, 'UTF8')), 'hex'), 'sk-...' || right('sk-bench-' || k, 4), u.id,
              CASE WHEN k % 2 = 0 THEN m.team_id END
         FROM generate_series(1, $1::int) k
         JOIN bench_u u ON u.n = ((k - 1) % $2::int) + 1
         LEFT JOIN bench_m m ON m.un = u.n AND m.j = (k / $2::int) % $3::int`,
      [shape.keys, shape.users, shape.teamsPerUser],
    );
    await client.query(
      `INSERT INTO tools (name, original_name, visibility)
       SELECT 'bench-public-tool-' || g, 'bench-public-tool-' || g, 'public' FROM generate_series(1, $1::int) g`,
      [shape.publicTools],
    );
    await client.query(
      `INSERT INTO tools (name, original_name, visibility, team_id)
       SELECT 'bench-tool-' || g, 'bench-tool-' || g, 'team', t.id FROM bench_t t, generate_series(1, $1::int) g`,
      [shape.toolsPerTeam],
    );
    await assertNoOrphans(client);
    await client.query('UPDATE access_epoch SET value = value + 1 WHERE id = 1');
    await client.query('COMMIT');
    await client.query('ANALYZE');
    const counts = await client.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM teams) AS teams,
              (SELECT count(*) FROM team_members) AS team_members, (SELECT count(*) FROM role_assignments) AS role_assignments,
              (SELECT count(*) FROM api_keys) AS api_keys, (SELECT count(*) FROM tools) AS tools`,
    );
    const row = counts.rows[0];
    return {
      users: Number(row.users),
      teams: Number(row.teams),
      team_members: Number(row.team_members),
      role_assignments: Number(row.role_assignments),
      api_keys: Number(row.api_keys),
      tools: Number(row.tools),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** The foreign keys the load skipped (replica mode), checked in the load's transaction. */
async function assertNoOrphans(client: pg.Client): Promise<void> {
  const checks: [string, string][] = [
    [
      'teams.created_by',
      `SELECT count(*) FROM teams t LEFT JOIN users u ON u.id = t.created_by WHERE t.created_by IS NOT NULL AND u.id IS NULL`,
    ],
    ['team_members.team_id', `SELECT count(*) FROM team_members m LEFT JOIN teams t ON t.id = m.team_id WHERE t.id IS NULL`],
    ['team_members.user_id', `SELECT count(*) FROM team_members m LEFT JOIN users u ON u.id = m.user_id WHERE u.id IS NULL`],
    ['role_assignments.user_id', `SELECT count(*) FROM role_assignments a LEFT JOIN users u ON u.id = a.user_id WHERE u.id IS NULL`],
    ['role_assignments.role_id', `SELECT count(*) FROM role_assignments a LEFT JOIN roles r ON r.id = a.role_id WHERE r.id IS NULL`],
    [
      'role_assignments.scope_id',
      `SELECT count(*) FROM role_assignments a LEFT JOIN teams t ON t.id = a.scope_id WHERE a.scope_id IS NOT NULL AND t.id IS NULL`,
    ],
    [
      'api_keys.user_id',
      `SELECT count(*) FROM api_keys k LEFT JOIN users u ON u.id = k.user_id WHERE k.user_id IS NOT NULL AND u.id IS NULL`,
    ],
    [
      'api_keys.team_id',
      `SELECT count(*) FROM api_keys k LEFT JOIN teams t ON t.id = k.team_id WHERE k.team_id IS NOT NULL AND t.id IS NULL`,
    ],
    ['tools.team_id', `SELECT count(*) FROM tools x LEFT JOIN teams t ON t.id = x.team_id WHERE x.team_id IS NOT NULL AND t.id IS NULL`],
  ];
  for (const [name, sql] of checks) {
    const { rows } = await client.query<{ count: string }>(sql);
    if (Number(rows[0].count) > 0) throw new Error(`dataset: ${rows[0].count} rows break the foreign key ${name}`);
  }
}
