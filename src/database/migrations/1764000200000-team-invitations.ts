import type { MigrationInterface, QueryRunner } from 'typeorm';

/** ContextForge team invitations: single-use tokens (stored as SHA-256 only) inviting an email into a team. */
export class TeamInvitations1764000200000 implements MigrationInterface {
  name = 'TeamInvitations1764000200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE team_invitations (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        team_id text NOT NULL,
        email text NOT NULL,
        role text NOT NULL DEFAULT 'member',
        invited_by uuid,
        invited_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        token_hash text NOT NULL,
        is_active boolean NOT NULL DEFAULT true,
        accepted_at timestamptz,
        CONSTRAINT pk_team_invitations PRIMARY KEY (id),
        CONSTRAINT uq_team_invitations_token_hash UNIQUE (token_hash),
        CONSTRAINT fk_team_invitations_team FOREIGN KEY (team_id) REFERENCES teams(id) ON DELETE CASCADE,
        CONSTRAINT fk_team_invitations_invited_by FOREIGN KEY (invited_by) REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT ck_team_invitations_role CHECK (role IN ('owner','member')),
        CONSTRAINT ck_team_invitations_email_lower CHECK (email = lower(email)),
        CONSTRAINT ck_team_invitations_expiry CHECK (expires_at > invited_at)
      )`);
    // At most one open invitation per email and team: a second invite is a 409, even under concurrency.
    await db.query(`CREATE UNIQUE INDEX uq_team_invitations_active ON team_invitations (team_id, email) WHERE is_active`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS team_invitations`);
  }
}
