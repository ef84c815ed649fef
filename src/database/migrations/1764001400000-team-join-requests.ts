import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ContextForge team join requests: a user asks to join a public team, an owner approves (membership) or rejects,
 * the requester may cancel. Owned by the teams module; rows go with their team or requester.
 */
export class TeamJoinRequests1764001400000 implements MigrationInterface {
  name = 'TeamJoinRequests1764001400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE team_join_requests (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        team_id text NOT NULL,
        user_id uuid NOT NULL,
        message text,
        status text NOT NULL DEFAULT 'pending',
        requested_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        reviewed_at timestamptz,
        reviewed_by uuid,
        CONSTRAINT pk_team_join_requests PRIMARY KEY (id),
        CONSTRAINT fk_team_join_requests_team FOREIGN KEY (team_id) REFERENCES teams(id) ON DELETE CASCADE,
        CONSTRAINT fk_team_join_requests_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT fk_team_join_requests_reviewed_by FOREIGN KEY (reviewed_by) REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT ck_team_join_requests_status CHECK (status IN ('pending','approved','rejected','cancelled','expired')),
        CONSTRAINT ck_team_join_requests_expiry CHECK (expires_at > requested_at)
      )`);
    // At most one open request per user and team: a second one is a 409, even under concurrency.
    await db.query(`CREATE UNIQUE INDEX uq_team_join_requests_pending ON team_join_requests (team_id, user_id) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX ix_team_join_requests_user ON team_join_requests (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS team_join_requests`);
  }
}
