import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A LiteLLM organization: the top of its hierarchy (organization → teams → keys), and a scope of the engine. */
@Entity('organizations')
export class OrganizationEntity {
  /** Text, like LiteLLM's `organization_id` (clients may choose it); a uuid by default (see TeamEntity.id). */
  @PrimaryColumn({ type: 'text', default: () => '(gen_random_uuid())', primaryKeyConstraintName: 'pk_organizations' })
  id: string;

  @Column({ name: 'organization_alias', type: 'text' })
  alias: string;

  /** The models its teams may use; empty = no bound. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  models: string[];

  /** The most any of its teams may be given. */
  @Column({ name: 'max_budget', type: 'double precision', nullable: true })
  maxBudget: number | null;

  @Column({ name: 'budget_duration', type: 'text', nullable: true })
  budgetDuration: string | null;

  @Column({ name: 'tpm_limit', type: 'integer', nullable: true })
  tpmLimit: number | null;

  @Column({ name: 'rpm_limit', type: 'integer', nullable: true })
  rpmLimit: number | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata: Record<string, unknown>;

  @Column({ type: 'double precision', default: 0 })
  spend: number;

  /** The LiteLLM `user_id` of whoever created it (`default_user_id` for the master key), as LiteLLM records it. */
  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
