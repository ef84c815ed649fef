import type { UserEntity } from '../users/entities/user.entity.js';

/** A user as LiteLLM clients see it (no password hash, no internal id). */
export function toLitellmUser(user: UserEntity, teams: string[]) {
  return {
    user_id: user.userId,
    user_email: user.email,
    user_alias: user.userAlias,
    user_role: user.userRole,
    teams,
    max_budget: user.maxBudget,
    budget_duration: user.budgetDuration,
    spend: user.spend,
    models: user.models,
    tpm_limit: user.tpmLimit,
    rpm_limit: user.rpmLimit,
    metadata: user.metadata,
    aliases: user.aliases,
    config: user.config,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}
