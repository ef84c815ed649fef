import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cluster-wide version of everything the permission engine reads about a user (memberships, team member
 * permissions, roles, role assignments). Every committed change to those rows bumps it, in the same transaction,
 * so an instance that sees the new value also sees the new rows: caches compare it on every request and are
 * invalidated on every instance without any message bus.
 *
 * The bump runs in a deferred constraint trigger, i.e. at commit: the single counter row is locked last and only
 * for the commit itself, so it cannot take part in a deadlock with the rows the transaction locked before.
 */
export class AccessEpoch1764000600000 implements MigrationInterface {
  name = 'AccessEpoch1764000600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE access_epoch (
        id smallint NOT NULL DEFAULT 1,
        value bigint NOT NULL DEFAULT 0,
        CONSTRAINT pk_access_epoch PRIMARY KEY (id),
        CONSTRAINT ck_access_epoch_single_row CHECK (id = 1)
      )`);
    await db.query(`INSERT INTO access_epoch (id, value) VALUES (1, 0)`);
    await db.query(`
      CREATE FUNCTION bump_access_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE access_epoch SET value = value + 1 WHERE id = 1;
        RETURN NULL;
      END
      $$`);
    for (const [table, events] of ACCESS_TABLES) {
      await db.query(`
        CREATE CONSTRAINT TRIGGER trg_${table}_access_epoch AFTER ${events} ON ${table}
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_epoch()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const [table] of ACCESS_TABLES) await db.query(`DROP TRIGGER IF EXISTS trg_${table}_access_epoch ON ${table}`);
    await db.query(`DROP FUNCTION IF EXISTS bump_access_epoch()`);
    await db.query(`DROP TABLE IF EXISTS access_epoch`);
  }
}

/** The rows the engine's snapshot is made of (access-snapshot.loader.ts), and the changes that matter. */
const ACCESS_TABLES: [table: string, events: string][] = [
  ['team_members', 'INSERT OR UPDATE OR DELETE'],
  ['role_assignments', 'INSERT OR UPDATE OR DELETE'],
  ['roles', 'INSERT OR UPDATE OR DELETE'],
  ['teams', 'INSERT OR DELETE OR UPDATE OF member_permissions, is_active, is_personal'],
];
