import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The data-carrying fields of LiteLLM's key requests (aliases, per-model budgets and limits, routes, ...). */
export class LitellmKeyFields1764001000000 implements MigrationInterface {
  name = 'LitellmKeyFields1764001000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE api_keys
        ADD COLUMN aliases jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN config jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN soft_budget double precision,
        ADD COLUMN model_max_budget jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN model_rpm_limit jsonb,
        ADD COLUMN model_tpm_limit jsonb,
        ADD COLUMN guardrails jsonb,
        ADD COLUMN allowed_routes jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN allowed_cache_controls jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN enforced_params jsonb,
        ADD COLUMN object_permission jsonb,
        ADD COLUMN organization_id text,
        ADD COLUMN budget_id text`);
    await db.query(`CREATE INDEX ix_api_keys_organization ON api_keys (organization_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_api_keys_organization`);
    await db.query(`
      ALTER TABLE api_keys
        DROP COLUMN aliases, DROP COLUMN config, DROP COLUMN soft_budget, DROP COLUMN model_max_budget,
        DROP COLUMN model_rpm_limit, DROP COLUMN model_tpm_limit, DROP COLUMN guardrails, DROP COLUMN allowed_routes,
        DROP COLUMN allowed_cache_controls, DROP COLUMN enforced_params, DROP COLUMN object_permission,
        DROP COLUMN organization_id, DROP COLUMN budget_id`);
  }
}
