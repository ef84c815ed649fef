import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity.js';
import { TeamEntity } from './team.entity.js';

/** ContextForge membership roles; LiteLLM's `admin` is `owner`, its `user` is `member`. */
export const MEMBERSHIP_ROLES = ['owner', 'member'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

@Entity('team_members')
@Unique('uq_team_members_team_user', ['teamId', 'userId'])
@Check('ck_team_members_role', "role IN ('owner','member')")
@Index('ix_team_members_user', ['userId'])
export class TeamMemberEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_team_members' })
  id: string;

  @Column({ name: 'team_id', type: 'text' })
  teamId: string;

  /** Schema only (the foreign key of `team_id`): never loaded, read and write `teamId`. */
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_team_members_team' })
  team?: Relation<TeamEntity>;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** Schema only (the foreign key of `user_id`): never loaded, read and write `userId`. */
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_team_members_user' })
  user?: Relation<UserEntity>;

  @Column({ type: 'text' })
  role: MembershipRole;

  @Column({ name: 'joined_at', type: 'timestamptz', default: () => 'now()' })
  joinedAt: Date;

  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy: string | null;

  /** Schema only (the foreign key of `invited_by`): never loaded, read and write `invitedBy`. */
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invited_by', foreignKeyConstraintName: 'fk_team_members_invited_by' })
  inviter?: Relation<UserEntity> | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @Column({ name: 'max_budget_in_team', type: 'double precision', nullable: true })
  maxBudgetInTeam: number | null;

  @Column({ type: 'double precision', default: 0 })
  spend: number;
}
