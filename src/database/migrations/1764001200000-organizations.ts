import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * LiteLLM organizations: `organizations`, their members with LiteLLM's organization roles, and `teams.organization_id`.
 *
 * A team's organization is ON DELETE RESTRICT, not SET NULL: an organization bounds its teams (models, budget) and
 * its admins manage them, so deleting it must not silently turn its teams into unbounded, org-less teams. Deleting
 * an organization that still has teams is refused (400) until they are deleted or moved.
 *
 * Memberships and a team's organization are part of what the engine decides on, so changing them moves the access
 * epoch (see 1764000600000-access-epoch.ts), and every instance's cached snapshots with it.
 */
export class Organizations1764001200000 implements MigrationInterface {
  name = 'Organizations1764001200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organizations (
        id text NOT NULL DEFAULT gen_random_uuid()::text,
        organization_alias text NOT NULL,
        models jsonb NOT NULL DEFAULT '[]',
        max_budget double precision,
        budget_duration text,
        tpm_limit integer,
        rpm_limit integer,
        metadata jsonb NOT NULL DEFAULT '{}',
        spend double precision NOT NULL DEFAULT 0,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_organizations PRIMARY KEY (id)
      )`);
    await db.query(`
      CREATE TABLE organization_members (
        organization_id text NOT NULL,
        user_id uuid NOT NULL,
        user_role text NOT NULL,
        spend double precision NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_organization_members PRIMARY KEY (organization_id, user_id),
        CONSTRAINT fk_organization_members_organization FOREIGN KEY (organization_id) REFERENCES organizations(id) ON DELETE CASCADE,
        CONSTRAINT fk_organization_members_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT ck_organization_members_role CHECK (user_role IN ('org_admin','internal_user','internal_user_viewer'))
      )`);
    await db.query(`CREATE INDEX ix_organization_members_user ON organization_members (user_id)`);
    await db.query(`ALTER TABLE teams ADD COLUMN organization_id text`);
    await db.query(`
      ALTER TABLE teams ADD CONSTRAINT fk_teams_organization
        FOREIGN KEY (organization_id) REFERENCES organizations(id) ON DELETE RESTRICT`);
    await db.query(`CREATE INDEX ix_teams_organization ON teams (organization_id)`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER trg_organization_members_access_epoch AFTER INSERT OR UPDATE OR DELETE ON organization_members
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_epoch()`);
    // The teams trigger of 1764000600000 names its columns; a team changing organization is a change of scope too.
    await db.query(`
      CREATE CONSTRAINT TRIGGER trg_teams_organization_access_epoch AFTER UPDATE OF organization_id ON teams
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_access_epoch()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER IF EXISTS trg_teams_organization_access_epoch ON teams`);
    await db.query(`DROP INDEX IF EXISTS ix_teams_organization`);
    await db.query(`ALTER TABLE teams DROP CONSTRAINT IF EXISTS fk_teams_organization`);
    await db.query(`ALTER TABLE teams DROP COLUMN IF EXISTS organization_id`);
    await db.query(`DROP TABLE IF EXISTS organization_members`);
    await db.query(`DROP TABLE IF EXISTS organizations`);
  }
}
