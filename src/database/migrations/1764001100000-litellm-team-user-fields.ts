import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The LiteLLM team and user fields that carry data and had nowhere to live: team model aliases, tags,
 * guardrails, object permissions and per-member defaults; user model aliases and config.
 */
export class LitellmTeamUserFields1764001100000 implements MigrationInterface {
  name = 'LitellmTeamUserFields1764001100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE teams
        ADD COLUMN model_aliases jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN tags jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN guardrails jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN object_permission jsonb,
        ADD COLUMN team_member_budget double precision,
        ADD COLUMN team_member_rpm_limit integer,
        ADD COLUMN team_member_tpm_limit integer`);
    await db.query(`
      ALTER TABLE users
        ADD COLUMN aliases jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN config jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN config, DROP COLUMN aliases`);
    await db.query(`
      ALTER TABLE teams
        DROP COLUMN team_member_tpm_limit,
        DROP COLUMN team_member_rpm_limit,
        DROP COLUMN team_member_budget,
        DROP COLUMN object_permission,
        DROP COLUMN guardrails,
        DROP COLUMN tags,
        DROP COLUMN model_aliases`);
  }
}
