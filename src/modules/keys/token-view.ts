import type { ApiKeyEntity } from './entities/api-key.entity.js';
import type { UsageCounts } from './usage-recorder.js';

/** ContextForge `TokenResponse`: never the token or its hash (only the create answer carries the raw token). */
export function toTokenView(token: ApiKeyEntity, userEmail: string | null, unflushed?: UsageCounts) {
  const lastUsed = latest(token.lastUsedAt, unflushed?.lastUsedAt ?? null);
  return {
    id: token.id,
    name: token.name ?? '',
    description: token.description,
    user_email: userEmail ?? '',
    team_id: token.teamId,
    server_id: token.serverId,
    resource_scopes: token.scopePermissions ?? [],
    ip_restrictions: token.ipRestrictions ?? [],
    time_restrictions: token.timeRestrictions ?? {},
    usage_limits: token.usageLimits ?? {},
    created_at: token.createdAt.toISOString(),
    expires_at: token.expiresAt ? token.expiresAt.toISOString() : null,
    last_used: lastUsed ? lastUsed.toISOString() : null,
    is_active: token.revokedAt === null,
    is_revoked: token.revokedAt !== null,
    revoked_at: token.revokedAt ? token.revokedAt.toISOString() : null,
    revoked_by: token.revokedBy,
    revocation_reason: token.revocationReason,
    tags: token.tags ?? [],
  };
}

export type TokenView = ReturnType<typeof toTokenView>;

/**
 * ContextForge `TokenUsageStatsResponse`, from the stored counters plus what is counted and not written yet.
 * `blocked_requests` are the 403s; `top_endpoints` are route templates with their counts, most used first.
 */
export function toUsageView(token: ApiKeyEntity, unflushed: UsageCounts, days: number) {
  const total = Number(token.usageCount) + unflushed.requests;
  const successful = Number(token.usageSuccessCount) + unflushed.successful;
  const endpoints = new Map<string, number>(Object.entries(token.usageEndpoints ?? {}).map(([k, v]) => [k, Number(v)]));
  for (const [endpoint, n] of unflushed.endpoints) endpoints.set(endpoint, (endpoints.get(endpoint) ?? 0) + n);
  const responseMs = token.usageResponseMsTotal + unflushed.responseMsTotal;
  return {
    period_days: days,
    total_requests: total,
    successful_requests: successful,
    blocked_requests: Number(token.usageBlockedCount) + unflushed.blocked,
    success_rate: total > 0 ? successful / total : 0,
    average_response_time_ms: total > 0 ? Math.round((responseMs / total) * 100) / 100 : 0,
    top_endpoints: [...endpoints]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([endpoint, count]) => [endpoint, count] as [string, number]),
  };
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
