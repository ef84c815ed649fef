import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const TEAM_VISIBILITIES = ['private', 'public'] as const;
export type TeamVisibility = (typeof TEAM_VISIBILITIES)[number];

/** One table for LiteLLM teams and ContextForge teams (personal teams included). */
@Entity('teams')
export class TeamEntity {
  /** Text, not uuid: LiteLLM clients may choose their own `team_id`. */
  @PrimaryColumn({ type: 'text', default: () => 'gen_random_uuid()::text' })
  id: string;

  /** ContextForge `name`, LiteLLM `team_alias`. */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'is_personal', type: 'boolean', default: false })
  isPersonal: boolean;

  @Column({ type: 'text', default: 'private' })
  visibility: TeamVisibility;

  @Column({ name: 'max_members', type: 'integer', nullable: true })
  maxMembers: number | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'boolean', default: false })
  blocked: boolean;

  /** LiteLLM `team_member_permissions`: the key routes members with role `user` may call on team keys. */
  @Column({ name: 'member_permissions', type: 'jsonb', default: () => "'[]'" })
  memberPermissions: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  models: string[];

  @Column({ name: 'max_budget', type: 'double precision', nullable: true })
  maxBudget: number | null;

  @Column({ type: 'double precision', default: 0 })
  spend: number;

  @Column({ name: 'budget_duration', type: 'text', nullable: true })
  budgetDuration: string | null;

  @Column({ name: 'tpm_limit', type: 'integer', nullable: true })
  tpmLimit: number | null;

  @Column({ name: 'rpm_limit', type: 'integer', nullable: true })
  rpmLimit: number | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
