import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { MembershipRole } from './team-member.entity.js';

/** An invitation of an email into a team; the raw token is shown once, only its SHA-256 is stored. */
@Entity('team_invitations')
export class TeamInvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'team_id', type: 'text' })
  teamId: string;

  /** Lower-cased. Only the user with this email may accept. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  role: MembershipRole;

  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy: string | null;

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
