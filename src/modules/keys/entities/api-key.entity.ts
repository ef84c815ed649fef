import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { TeamEntity } from '../../teams/entities/team.entity.js';
import { UserEntity } from '../../users/entities/user.entity.js';

/** A LiteLLM virtual key. Only the SHA-256 of the raw key is stored. */
@Entity('api_keys')
@Unique('uq_api_keys_token_hash', ['tokenHash'])
@Unique('uq_api_keys_key_alias', ['keyAlias'])
@Index('ix_api_keys_previous_token_hash', ['previousTokenHash'], { where: 'previous_token_hash IS NOT NULL' })
@Index('ix_api_keys_user', ['userId'])
@Index('ix_api_keys_team', ['teamId'])
@Index('ix_api_keys_organization', ['organizationId'])
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_api_keys' })
  id: string;

  /** Hex SHA-256 of the raw key: LiteLLM's `token`. */
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  /** `sk-...` + the last four characters, for display. */
  @Column({ name: 'key_name', type: 'text' })
  keyName: string;

  @Column({ name: 'key_alias', type: 'text', nullable: true })
  keyAlias: string | null;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  /** Schema only (the foreign key of `user_id`): never loaded, read and write `userId`. */
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_api_keys_user' })
  user?: Relation<UserEntity> | null;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId: string | null;

  /** Schema only (the foreign key of `team_id`): never loaded, read and write `teamId`. */
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_api_keys_team' })
  team?: Relation<TeamEntity> | null;

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

  @Column({ name: 'max_parallel_requests', type: 'integer', nullable: true })
  maxParallelRequests: number | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  permissions: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  @Column({ name: 'key_type', type: 'text', nullable: true })
  keyType: string | null;

  @Column({ type: 'boolean', default: false })
  blocked: boolean;

  /** LiteLLM's model aliases: `{"my-gpt": "gpt-4o"}`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  aliases: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  config: Record<string, unknown>;

  @Column({ name: 'soft_budget', type: 'double precision', nullable: true })
  softBudget: number | null;

  /** `{model: {budget_limit, time_period}}`; each limit within max_budget ceilings for non-admins. */
  @Column({ name: 'model_max_budget', type: 'jsonb', default: () => "'{}'" })
  modelMaxBudget: Record<string, unknown>;

  @Column({ name: 'model_rpm_limit', type: 'jsonb', nullable: true })
  modelRpmLimit: Record<string, number> | null;

  @Column({ name: 'model_tpm_limit', type: 'jsonb', nullable: true })
  modelTpmLimit: Record<string, number> | null;

  @Column({ type: 'jsonb', nullable: true })
  guardrails: string[] | null;

  @Column({ name: 'allowed_routes', type: 'jsonb', default: () => "'[]'" })
  allowedRoutes: string[];

  @Column({ name: 'allowed_cache_controls', type: 'jsonb', default: () => "'[]'" })
  allowedCacheControls: string[];

  @Column({ name: 'enforced_params', type: 'jsonb', nullable: true })
  enforcedParams: string[] | null;

  @Column({ name: 'object_permission', type: 'jsonb', nullable: true })
  objectPermission: Record<string, unknown> | null;

  /** Stored as given: no foreign key, organizations belong to another module. */
  @Column({ name: 'organization_id', type: 'text', nullable: true })
  organizationId: string | null;

  @Column({ name: 'budget_id', type: 'text', nullable: true })
  budgetId: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** After a regenerate with a grace period, the old hash keeps working until `previous_token_expires_at`. */
  @Column({ name: 'previous_token_hash', type: 'text', nullable: true })
  previousTokenHash: string | null;

  @Column({ name: 'previous_token_expires_at', type: 'timestamptz', nullable: true })
  previousTokenExpiresAt: Date | null;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
