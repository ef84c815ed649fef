import type { ApiKeyEntity } from './entities/api-key.entity.js';

/** A key as LiteLLM clients see it: never the raw key (only generate/regenerate add it), never internal ids. */
export function toKeyView(key: ApiKeyEntity, ownerUserId: string | null) {
  return {
    token: key.tokenHash,
    token_id: key.tokenHash,
    key_name: key.keyName,
    key_alias: key.keyAlias,
    spend: key.spend,
    max_budget: key.maxBudget,
    budget_duration: key.budgetDuration,
    expires: key.expiresAt ? key.expiresAt.toISOString() : null,
    models: key.models,
    soft_budget: key.softBudget,
    model_max_budget: key.modelMaxBudget,
    model_rpm_limit: key.modelRpmLimit,
    model_tpm_limit: key.modelTpmLimit,
    aliases: key.aliases,
    config: key.config,
    user_id: ownerUserId,
    team_id: key.teamId,
    max_parallel_requests: key.maxParallelRequests,
    tpm_limit: key.tpmLimit,
    rpm_limit: key.rpmLimit,
    metadata: key.metadata,
    permissions: key.permissions,
    tags: key.tags,
    key_type: key.keyType,
    blocked: key.blocked,
    guardrails: key.guardrails,
    allowed_routes: key.allowedRoutes,
    allowed_cache_controls: key.allowedCacheControls,
    enforced_params: key.enforcedParams,
    object_permission: key.objectPermission,
    organization_id: key.organizationId,
    budget_id: key.budgetId,
    created_by: key.createdBy,
    updated_by: key.updatedBy,
    created_at: key.createdAt.toISOString(),
    updated_at: key.updatedAt.toISOString(),
  };
}

export type KeyView = ReturnType<typeof toKeyView>;
