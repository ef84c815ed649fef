import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity.js';
import type { MembershipRole } from './team-member.entity.js';
import { TeamEntity } from './team.entity.js';

/** An invitation of an email into a team; the raw token is shown once, only its SHA-256 is stored. */
@Entity('team_invitations')
@Unique('uq_team_invitations_token_hash', ['tokenHash'])
@Check('ck_team_invitations_role', "role IN ('owner','member')")
@Check('ck_team_invitations_email_lower', 'email = lower(email)')
@Check('ck_team_invitations_expiry', 'expires_at > invited_at')
// At most one open invitation per email and team: a second invite is a 409, even under concurrency.
@Index('uq_team_invitations_active', ['teamId', 'email'], { unique: true, where: 'is_active' })
export class TeamInvitationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_team_invitations' })
  id: string;

  @Column({ name: 'team_id', type: 'text' })
  teamId: string;

  /** Schema only (the foreign key of `team_id`): never loaded, read and write `teamId`. */
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_team_invitations_team' })
  team?: Relation<TeamEntity>;

  /** Lower-cased. Only the user with this email may accept. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', default: 'member' })
  role: MembershipRole;

  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy: string | null;

  /** Schema only (the foreign key of `invited_by`): never loaded, read and write `invitedBy`. */
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invited_by', foreignKeyConstraintName: 'fk_team_invitations_invited_by' })
  inviter?: Relation<UserEntity> | null;

  @Column({ name: 'invited_at', type: 'timestamptz', default: () => 'now()' })
  invitedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'token_hash', type: 'text', select: false })
  tokenHash: string;

  /** False once accepted or revoked: tokens are single use. */
  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;
}
