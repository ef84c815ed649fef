import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed-login back-off (users module, src/modules/users/login-backoff.ts): one streak per (account, client address)
 * and one per account (client_ip ''), keyed by the lowercased email so unknown emails back off like known ones.
 * It replaces the lock in users.failed_login_attempts / locked_until, which any stranger could set; those columns
 * are no longer read or written.
 */
export class LoginBackoff1764001800000 implements MigrationInterface {
  name = 'LoginBackoff1764001800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE login_backoff (
        account text NOT NULL,
        client_ip text NOT NULL,
        failures integer NOT NULL,
        last_failed_at timestamptz NOT NULL,
        blocked_until timestamptz,
        CONSTRAINT pk_login_backoff PRIMARY KEY (account, client_ip)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE login_backoff`);
  }
}
