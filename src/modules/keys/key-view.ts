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
    aliases: {},
    config: {},
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
    created_by: key.createdBy,
    updated_by: key.updatedBy,
    created_at: key.createdAt.toISOString(),
    updated_at: key.updatedAt.toISOString(),
  };
}

export type KeyView = ReturnType<typeof toKeyView>;
