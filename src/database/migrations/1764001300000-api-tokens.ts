import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ContextForge API tokens live in `api_keys` beside LiteLLM virtual keys: one stored credential (sha256 of the raw
 * secret), one lookup, one expiry and one revocation path for both. `kind` tells them apart; the new columns are
 * null for virtual keys.
 *
 * - `scope_permissions`: the token's permission subset (null: no narrowing, the creator's rights as they are).
 * - `ip_restrictions` (CIDRs / addresses) and `time_restrictions` (ContextForge's `{business_hours_only,
 *   weekdays_only}`), checked against every request.
 * - usage counters, written in batches off the request path (UsageRecorder), never per request.
 * - a revoked token keeps its row (revoked_at/by/reason) so listings can show it; the lookup refuses it.
 *
 * Names are unique among a user's active tokens of one team (and among their team-less ones), as upstream.
 */
export class ApiTokens1764001300000 implements MigrationInterface {
  name = 'ApiTokens1764001300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE api_keys
        ADD COLUMN kind text NOT NULL DEFAULT 'virtual_key',
        ADD COLUMN name text,
        ADD COLUMN description text,
        ADD COLUMN server_id text,
        ADD COLUMN scope_permissions jsonb,
        ADD COLUMN ip_restrictions jsonb,
        ADD COLUMN time_restrictions jsonb,
        ADD COLUMN usage_limits jsonb,
        ADD COLUMN usage_count bigint NOT NULL DEFAULT 0,
        ADD COLUMN usage_success_count bigint NOT NULL DEFAULT 0,
        ADD COLUMN usage_blocked_count bigint NOT NULL DEFAULT 0,
        ADD COLUMN usage_response_ms_total double precision NOT NULL DEFAULT 0,
        ADD COLUMN usage_endpoints jsonb NOT NULL DEFAULT '{}',
        ADD COLUMN last_used_at timestamptz,
        ADD COLUMN revoked_at timestamptz,
        ADD COLUMN revoked_by text,
        ADD COLUMN revocation_reason text,
        ADD CONSTRAINT ck_api_keys_kind CHECK (kind IN ('virtual_key','api_token')),
        ADD CONSTRAINT ck_api_keys_api_token_name CHECK (kind <> 'api_token' OR name IS NOT NULL)`);
    await db.query(`
      CREATE UNIQUE INDEX uq_api_keys_api_token_team_name ON api_keys (user_id, team_id, name)
        WHERE kind = 'api_token' AND revoked_at IS NULL AND team_id IS NOT NULL`);
    await db.query(`
      CREATE UNIQUE INDEX uq_api_keys_api_token_personal_name ON api_keys (user_id, name)
        WHERE kind = 'api_token' AND revoked_at IS NULL AND team_id IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM api_keys WHERE kind = 'api_token'`);
    await db.query(`DROP INDEX uq_api_keys_api_token_personal_name`);
    await db.query(`DROP INDEX uq_api_keys_api_token_team_name`);
    await db.query(`
      ALTER TABLE api_keys
        DROP CONSTRAINT ck_api_keys_api_token_name,
        DROP CONSTRAINT ck_api_keys_kind,
        DROP COLUMN kind, DROP COLUMN name, DROP COLUMN description, DROP COLUMN server_id, DROP COLUMN scope_permissions,
        DROP COLUMN ip_restrictions, DROP COLUMN time_restrictions, DROP COLUMN usage_limits, DROP COLUMN usage_count,
        DROP COLUMN usage_success_count, DROP COLUMN usage_blocked_count, DROP COLUMN usage_response_ms_total,
        DROP COLUMN usage_endpoints, DROP COLUMN last_used_at, DROP COLUMN revoked_at, DROP COLUMN revoked_by,
        DROP COLUMN revocation_reason`);
  }
}
