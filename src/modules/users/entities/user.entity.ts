import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** LiteLLM user roles; `proxy_admin` is the platform admin, `proxy_admin_viewer` the global read-only one. */
export const LITELLM_USER_ROLES = ['proxy_admin', 'proxy_admin_viewer', 'internal_user', 'internal_user_viewer'] as const;
export type LitellmUserRole = (typeof LITELLM_USER_ROLES)[number];

/** One row per person (or service user), shared by the LiteLLM `/user/*` and ContextForge `/auth/email/*` APIs. */
@Entity('users')
@Unique('uq_users_user_id', ['userId'])
@Unique('uq_users_email', ['email'])
@Check('ck_users_user_role', "user_role IN ('proxy_admin','proxy_admin_viewer','internal_user','internal_user_viewer')")
@Check('ck_users_email_lower', 'email = lower(email)')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id: string;

  /** The LiteLLM `user_id`; for users created by email it is the email. */
  @Column({ name: 'user_id', type: 'text' })
  userId: string;

  /** Lower-cased; unique when present. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ name: 'password_hash', type: 'text', nullable: true, select: false })
  passwordHash: string | null;

  @Column({ name: 'full_name', type: 'text', nullable: true })
  fullName: string | null;

  @Column({ name: 'user_alias', type: 'text', nullable: true })
  userAlias: string | null;

  @Column({ name: 'user_role', type: 'text', default: 'internal_user' })
  userRole: LitellmUserRole;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @Column({ name: 'auth_provider', type: 'text', default: 'local' })
  authProvider: string;

  @Column({ name: 'email_verified', type: 'boolean', default: false })
  emailVerified: boolean;

  @Column({ name: 'password_change_required', type: 'boolean', default: false })
  passwordChangeRequired: boolean;

  @Column({ name: 'failed_login_attempts', type: 'integer', default: 0 })
  failedLoginAttempts: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /**
   * Bumped whenever the credentials change; our session tokens carry it (`cv`) and die when it moves. Only
   * `UsersService.endSessions` writes it, atomically in SQL: never through an entity save (a stale copy would
   * write an old number back).
   */
  @Column({ name: 'credential_version', type: 'integer', default: 1, insert: false, update: false })
  credentialVersion: number;

  /** When `credential_version` last moved; null = never since creation (migrations/*-credential-version). */
  @Column({ name: 'credentials_changed_at', type: 'timestamptz', nullable: true, insert: false, update: false })
  credentialsChangedAt: Date | null;

  @Column({ name: 'last_login', type: 'timestamptz', nullable: true })
  lastLogin: Date | null;

  @Column({ name: 'max_budget', type: 'double precision', nullable: true })
  maxBudget: number | null;

  @Column({ type: 'double precision', default: 0 })
  spend: number;

  @Column({ name: 'budget_duration', type: 'text', nullable: true })
  budgetDuration: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  models: string[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata: Record<string, unknown>;

  /** LiteLLM `aliases`: model aliases for the user's requests. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  aliases: Record<string, unknown>;

  /** LiteLLM `config`: free-form per-user settings the proxy hands to its router. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  config: Record<string, unknown>;

  @Column({ name: 'tpm_limit', type: 'integer', nullable: true })
  tpmLimit: number | null;

  @Column({ name: 'rpm_limit', type: 'integer', nullable: true })
  rpmLimit: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
