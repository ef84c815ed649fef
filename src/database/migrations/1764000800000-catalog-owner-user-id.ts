import type { MigrationInterface, QueryRunner } from 'typeorm';

const OWNED_TABLES = ['gateways', 'servers', 'tools', 'resources', 'prompts'] as const;

/**
 * Gateway and catalog rows were owned by an email string: a deleted user's rows passed to whoever registered the
 * same email next. Ownership is now the user's id, with a foreign key (a deleted owner leaves the row to its
 * team). `owner_email` stays, as the display value ContextForge returns.
 */
export class CatalogOwnerUserId1764000800000 implements MigrationInterface {
  name = 'CatalogOwnerUserId1764000800000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of OWNED_TABLES) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN owner_user_id uuid`);
      await db.query(`UPDATE ${table} x SET owner_user_id = u.id FROM users u WHERE u.email = x.owner_email`);
      await db.query(
        `ALTER TABLE ${table} ADD CONSTRAINT fk_${table}_owner FOREIGN KEY (owner_user_id) REFERENCES users(id) ON DELETE SET NULL`,
      );
      await db.query(`CREATE INDEX ix_${table}_owner ON ${table} (owner_user_id)`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of OWNED_TABLES) {
      await db.query(`DROP INDEX ix_${table}_owner`);
      await db.query(`ALTER TABLE ${table} DROP CONSTRAINT fk_${table}_owner`);
      await db.query(`ALTER TABLE ${table} DROP COLUMN owner_user_id`);
    }
  }
}
