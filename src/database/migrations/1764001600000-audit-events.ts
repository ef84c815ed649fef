import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log (audit module): who did what to which target, with what outcome, from where. No foreign keys on
 * purpose: the history of a user or key outlives the row it names. `details` never holds secrets.
 */
export class AuditEvents1764001600000 implements MigrationInterface {
  name = 'AuditEvents1764001600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_events (
        id bigserial NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        event_type text NOT NULL,
        outcome text NOT NULL,
        actor_kind text NOT NULL,
        actor_user_id uuid,
        actor_email text,
        actor_key_id uuid,
        target_type text,
        target_id text,
        target_name text,
        reason text,
        ip_address text,
        user_agent text,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT pk_audit_events PRIMARY KEY (id),
        CONSTRAINT ck_audit_events_outcome CHECK (outcome IN ('success','failure','denied'))
      )`);
    await db.query(`CREATE INDEX ix_audit_events_occurred_at ON audit_events (occurred_at)`);
    // A user's own auth events (`/auth/email/events`): the account they are about.
    await db.query(`CREATE INDEX ix_audit_events_target ON audit_events (target_type, target_id)`);
    await db.query(`CREATE INDEX ix_audit_events_actor_user ON audit_events (actor_user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_events`);
  }
}
