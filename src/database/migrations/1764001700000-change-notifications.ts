import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-entity change notifications for the in-process caches (src/common/cache): every committed change to a row
 * a cache is built from is announced on the `portcullis_changes` channel as `<table>:<id>[:<ref>]`, where `ref` is
 * the user (memberships, assignments, organization memberships) or the organization (teams) the row belongs to.
 * `pg_notify` is transactional: listeners hear it at commit, in commit order, and never for a rollback. An UPDATE
 * notifies for the old and the new row (identical payloads in one transaction are delivered once), so a row that
 * moves (a team changing organization) reaches both sides.
 *
 * No secrets: a key is named by its id, never its hash. Updates that touch only bookkeeping (usage counters, last
 * use or login, failed login attempts, updated_at) change nothing cached and are not announced.
 *
 * The access epoch (1764000600000) stays: it is what an instance whose listener is down falls back to.
 */
export class ChangeNotifications1764001700000 implements MigrationInterface {
  name = 'ChangeNotifications1764001700000';

  async up(db: QueryRunner): Promise<void> {
    // Arguments: the id column, the ref column ('' for none), and the comma-separated columns an UPDATE may
    // change without being announced.
    await db.query(`
      CREATE FUNCTION notify_portcullis_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ignored text[] := CASE WHEN TG_ARGV[2] = '' THEN '{}'::text[] ELSE string_to_array(TG_ARGV[2], ',') END;
        old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
        r jsonb;
      BEGIN
        IF TG_OP = 'UPDATE' AND (old_row - ignored) = (new_row - ignored) THEN
          RETURN NULL;
        END IF;
        FOREACH r IN ARRAY array_remove(ARRAY[old_row, new_row], NULL) LOOP
          PERFORM pg_notify('portcullis_changes', TG_TABLE_NAME || ':' || coalesce(r ->> TG_ARGV[0], '')
            || CASE WHEN TG_ARGV[1] = '' THEN '' ELSE ':' || coalesce(r ->> TG_ARGV[1], '') END);
        END LOOP;
        RETURN NULL;
      END
      $$`);
    for (const [table, idColumn, refColumn, ignored] of NOTIFYING_TABLES) {
      await db.query(`
        CREATE TRIGGER trg_${table}_notify_change AFTER INSERT OR UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION notify_portcullis_change('${idColumn}', '${refColumn}', '${ignored.join(',')}')`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table] of NOTIFYING_TABLES) await db.query(`DROP TRIGGER IF EXISTS trg_${table}_notify_change ON ${table}`);
    await db.query(`DROP FUNCTION IF EXISTS notify_portcullis_change()`);
  }
}

/** table, id column, ref column ('' = none), columns whose updates are not announced. */
const NOTIFYING_TABLES: [table: string, idColumn: string, refColumn: string, ignored: string[]][] = [
  [
    'api_keys',
    'id',
    '',
    [
      'usage_count',
      'usage_success_count',
      'usage_blocked_count',
      'usage_response_ms_total',
      'usage_endpoints',
      'last_used_at',
      'updated_at',
    ],
  ],
  ['users', 'id', '', ['last_login', 'failed_login_attempts', 'locked_until', 'updated_at']],
  ['teams', 'id', 'organization_id', ['updated_at']],
  ['team_members', 'id', 'user_id', []],
  ['role_assignments', 'id', 'user_id', []],
  ['roles', 'id', '', []],
  ['organizations', 'id', '', ['updated_at']],
  ['organization_members', 'organization_id', 'user_id', []],
];
