import {
  Check,
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

/** LiteLLM virtual keys and ContextForge API tokens (see CredentialKind). */
export const CREDENTIAL_KINDS = ['virtual_key', 'api_token'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** ContextForge's time window of a token: UTC business hours (9 to 17) and/or weekdays only. */
export interface TimeRestrictions {
  business_hours_only?: boolean;
  weekdays_only?: boolean;
}

/**
 * A stored credential: a LiteLLM virtual key or a ContextForge API token (`kind`). Only the SHA-256 of the raw
 * secret is stored; both kinds are found, expired and revoked the same way (PrincipalLoader, CredentialStore).
 */
@Entity('api_keys')
@Check('ck_api_keys_kind', "kind IN ('virtual_key','api_token')")
@Check('ck_api_keys_api_token_name', "kind <> 'api_token' OR name IS NOT NULL")
@Index('uq_api_keys_api_token_team_name', ['userId', 'teamId', 'name'], {
  unique: true,
  where: "kind = 'api_token' AND revoked_at IS NULL AND team_id IS NOT NULL",
})
@Index('uq_api_keys_api_token_personal_name', ['userId', 'name'], {
  unique: true,
  where: "kind = 'api_token' AND revoked_at IS NULL AND team_id IS NULL",
})
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

  @Column({ type: 'text', default: 'virtual_key' })
  kind: CredentialKind;

  /** API tokens: their name (unique among the owner's active tokens of one team). */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** API tokens: the one virtual server the token may call (null: no server restriction). */
  @Column({ name: 'server_id', type: 'text', nullable: true })
  serverId: string | null;

  /** API tokens: the permission subset (null: no narrowing; the creator's current rights decide). */
  @Column({ name: 'scope_permissions', type: 'jsonb', nullable: true })
  scopePermissions: string[] | null;

  /** API tokens: addresses / CIDRs the token may be used from (null or empty: anywhere). */
  @Column({ name: 'ip_restrictions', type: 'jsonb', nullable: true })
  ipRestrictions: string[] | null;

  @Column({ name: 'time_restrictions', type: 'jsonb', nullable: true })
  timeRestrictions: TimeRestrictions | null;

  /** API tokens: ContextForge's usage_limits, stored and returned (ContextForge does not enforce them either). */
  @Column({ name: 'usage_limits', type: 'jsonb', nullable: true })
  usageLimits: Record<string, unknown> | null;

  /** Requests made with the credential, flushed in batches by UsageRecorder (bigint: read as a string). */
  @Column({ name: 'usage_count', type: 'bigint', default: 0 })
  usageCount: string;

  @Column({ name: 'usage_success_count', type: 'bigint', default: 0 })
  usageSuccessCount: string;

  /** Requests refused with 403 (scope, IP, time or server restriction, or the engine). */
  @Column({ name: 'usage_blocked_count', type: 'bigint', default: 0 })
  usageBlockedCount: string;

  @Column({ name: 'usage_response_ms_total', type: 'double precision', default: 0 })
  usageResponseMsTotal: number;

  /** Route template → request count. */
  @Column({ name: 'usage_endpoints', type: 'jsonb', default: () => "'{}'" })
  usageEndpoints: Record<string, number>;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy: string | null;

  @Column({ name: 'revocation_reason', type: 'text', nullable: true })
  revocationReason: string | null;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
