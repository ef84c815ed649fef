import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An invitation carries its inviter's right to add members. When the inviter is deleted it goes with them,
 * rather than turning into an inviter-less invitation (which only the master key issues).
 */
export class InvitationsEndWithInviter1764000900000 implements MigrationInterface {
  name = 'InvitationsEndWithInviter1764000900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE team_invitations DROP CONSTRAINT fk_team_invitations_invited_by`);
    await db.query(
      `ALTER TABLE team_invitations ADD CONSTRAINT fk_team_invitations_invited_by FOREIGN KEY (invited_by) REFERENCES users(id) ON DELETE CASCADE`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE team_invitations DROP CONSTRAINT fk_team_invitations_invited_by`);
    await db.query(
      `ALTER TABLE team_invitations ADD CONSTRAINT fk_team_invitations_invited_by FOREIGN KEY (invited_by) REFERENCES users(id) ON DELETE SET NULL`,
    );
  }
}
