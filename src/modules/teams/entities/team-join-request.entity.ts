import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity.js';
import { TeamEntity } from './team.entity.js';

/**
 * ContextForge's join request statuses: `pending` until an owner approves or rejects it, the requester cancels it,
 * or it passes `expires_at` (then `expired`, recorded when someone next touches it).
 */
export const JOIN_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'expired'] as const;
export type JoinRequestStatus = (typeof JOIN_REQUEST_STATUSES)[number];

/** A user's request to join a public team (ContextForge `EmailTeamJoinRequest`); answered ones stay as history. */
@Entity('team_join_requests')
@Check('ck_team_join_requests_status', "status IN ('pending','approved','rejected','cancelled','expired')")
@Check('ck_team_join_requests_expiry', 'expires_at > requested_at')
// At most one open request per user and team: a second one is a 409, even under concurrency.
@Index('uq_team_join_requests_pending', ['teamId', 'userId'], { unique: true, where: "status = 'pending'" })
@Index('ix_team_join_requests_user', ['userId'])
export class TeamJoinRequestEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_team_join_requests' })
  id: string;

  @Column({ name: 'team_id', type: 'text' })
  teamId: string;

  /** Schema only (the foreign key of `team_id`): never loaded, read and write `teamId`. */
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_team_join_requests_team' })
  team?: Relation<TeamEntity>;

  /** The requester. */
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** Schema only (the foreign key of `user_id`): never loaded, read and write `userId`. */
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_team_join_requests_user' })
  user?: Relation<UserEntity>;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ type: 'text', default: 'pending' })
  status: JoinRequestStatus;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** When it was approved, rejected or cancelled. */
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  /** Who approved, rejected or cancelled it (the requester, for a cancel). */
  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy: string | null;

  /** Schema only (the foreign key of `reviewed_by`): never loaded, read and write `reviewedBy`. */
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reviewed_by', foreignKeyConstraintName: 'fk_team_join_requests_reviewed_by' })
  reviewer?: Relation<UserEntity> | null;
}
