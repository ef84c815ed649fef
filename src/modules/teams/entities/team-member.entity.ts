import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** ContextForge membership roles; LiteLLM's `admin` is `owner`, its `user` is `member`. */
export const MEMBERSHIP_ROLES = ['owner', 'member'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

@Entity('team_members')
export class TeamMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'team_id', type: 'text' })
  teamId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  role: MembershipRole;

  @Column({ name: 'joined_at', type: 'timestamptz', default: () => 'now()' })
  joinedAt: Date;

  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy: string | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @Column({ name: 'max_budget_in_team', type: 'double precision', nullable: true })
  maxBudgetInTeam: number | null;

  @Column({ type: 'double precision', default: 0 })
  spend: number;
}
