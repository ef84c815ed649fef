import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { OrganizationEntity } from '../../organizations/entities/organization.entity.js';
import { UserEntity } from '../../users/entities/user.entity.js';

export const TEAM_VISIBILITIES = ['private', 'public'] as const;
export type TeamVisibility = (typeof TEAM_VISIBILITIES)[number];

/** One table for LiteLLM teams and ContextForge teams (personal teams included). */
@Entity('teams')
@Unique('uq_teams_slug', ['slug'])
@Check('ck_teams_visibility', "visibility IN ('private','public')")
// One personal team per user: the anchor of the user's personal scope.
@Index('uq_teams_personal_owner', ['createdBy'], { unique: true, where: 'is_personal' })
@Index('ix_teams_organization', ['organizationId'])
export class TeamEntity {
  /**
   * Text, not uuid: LiteLLM clients may choose their own `team_id`. The migration's default is
   * `gen_random_uuid()::text`; TypeORM strips `::type` casts from the defaults it reads back, so the entity states the
   * same default without the cast (Postgres applies it anyway, uuid to text being an assignment cast).
   */
  @PrimaryColumn({ type: 'text', default: () => '(gen_random_uuid())', primaryKeyConstraintName: 'pk_teams' })
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

  /** Schema only (the foreign key of `created_by`): never loaded, read and write `createdBy`. */
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_teams_created_by' })
  creator?: Relation<UserEntity> | null;

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

  /** LiteLLM `organization_id`: the organization that bounds the team and whose admins manage it. */
  @Column({ name: 'organization_id', type: 'text', nullable: true })
  organizationId: string | null;

  /**
   * Schema only (the foreign key of `organization_id`): never loaded. RESTRICT: an organization with teams is not
   * deleted from under them (see the migration 1764001200000-organizations.ts).
   */
  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_teams_organization' })
  organization?: Relation<OrganizationEntity> | null;
  /** LiteLLM `model_aliases`: a name the team's callers use -> the model it stands for. */
  @Column({ name: 'model_aliases', type: 'jsonb', default: () => "'{}'" })
  modelAliases: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  /** LiteLLM guardrail names applied to the team's requests (stored for the gateway; Portcullis runs none). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  guardrails: string[];

  /** LiteLLM `object_permission`: MCP servers, access groups, vector stores, agents the team may use. */
  @Column({ name: 'object_permission', type: 'jsonb', nullable: true })
  objectPermission: Record<string, unknown> | null;

  /** LiteLLM defaults for every member's budget and limits inside the team. */
  @Column({ name: 'team_member_budget', type: 'double precision', nullable: true })
  teamMemberBudget: number | null;

  @Column({ name: 'team_member_rpm_limit', type: 'integer', nullable: true })
  teamMemberRpmLimit: number | null;

  @Column({ name: 'team_member_tpm_limit', type: 'integer', nullable: true })
  teamMemberTpmLimit: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
