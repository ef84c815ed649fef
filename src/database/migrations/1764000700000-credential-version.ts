import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session tokens end when the credentials they were issued under change (password change or reset, deactivation,
 * email change). Two columns, because two kinds of token reach us:
 *
 * - `credential_version`: our own tokens carry the user's id (`uid`) and this number (`cv`); a token is refused
 *   as soon as the row's number differs. A counter rather than a timestamp: exact, no clock involved, and two
 *   changes can never produce the same value. `integer` is plenty (one bump per credential change).
 * - `credentials_changed_at`: tokens minted with our secret by ContextForge's own helper (`sub` = email, nothing
 *   else; seed 004 does this) carry no version, only a whole-second `iat`. They are accepted only when `iat` is at
 *   or after the first whole second after this instant, i.e. when they provably postdate the last change. NULL
 *   means "unchanged since the account was created": then the account's creation second is the bound, so a
 *   helper token minted for an earlier account with the same email is refused too.
 *
 * Existing rows get the migration time: every token that predates this deploy carries no version, and nothing says
 * whether it predates a password change, so each such session ends once (tokens live JWT_EXPIRES_IN anyway).
 */
export class CredentialVersion1764000700000 implements MigrationInterface {
  name = 'CredentialVersion1764000700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN credential_version integer NOT NULL DEFAULT 1`);
    await db.query(`ALTER TABLE users ADD COLUMN credentials_changed_at timestamptz`);
    await db.query(`UPDATE users SET credentials_changed_at = now()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN IF EXISTS credentials_changed_at`);
    await db.query(`ALTER TABLE users DROP COLUMN IF EXISTS credential_version`);
  }
}
