import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password reset tokens (users module). Only the SHA-256 of a token is stored; the token itself exists only in the
 * mail. A token is spent by setting `used_at` in the same statement that checks it, so it works once; asking for a
 * new one spends the user's older ones. Tokens go with their user.
 */
export class PasswordResetTokens1764001500000 implements MigrationInterface {
  name = 'PasswordResetTokens1764001500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE password_reset_tokens (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        token_hash character(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_password_reset_tokens PRIMARY KEY (id),
        CONSTRAINT uq_password_reset_tokens_token_hash UNIQUE (token_hash),
        CONSTRAINT fk_password_reset_tokens_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_password_reset_tokens_user ON password_reset_tokens (user_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE password_reset_tokens`);
  }
}
