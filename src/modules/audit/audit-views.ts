import type { AuditEventEntity } from './entities/audit-event.entity.js';

/** Events an auditor should look at: refusals and lockouts. */
export const REVIEW_EVENT_TYPES = ['account_locked'] as const;
export const requiresReview = (row: Pick<AuditEventEntity, 'outcome' | 'eventType'>): boolean =>
  row.outcome === 'denied' || (REVIEW_EVENT_TYPES as readonly string[]).includes(row.eventType);

/** ContextForge's `AuthEventResponse`. */
export function toAuthEvent(row: AuditEventEntity) {
  return {
    id: Number(row.id),
    timestamp: row.occurredAt.toISOString(),
    user_email: row.targetName,
    event_type: row.eventType,
    success: row.outcome === 'success',
    ip_address: row.ipAddress,
    failure_reason: row.reason,
  };
}

/** ContextForge's `AuditTrailResponse`, plus where the request came from, its outcome and details. */
export function toAuditTrail(row: AuditEventEntity) {
  return {
    id: row.id,
    timestamp: row.occurredAt.toISOString(),
    correlation_id: row.requestId,
    action: row.eventType,
    resource_type: row.targetType ?? 'system',
    resource_id: row.targetId,
    resource_name: row.targetName,
    user_id: row.actorEmail ?? row.actorUserId ?? row.actorKeyId ?? row.actorKind,
    user_email: row.actorEmail,
    success: row.outcome === 'success',
    requires_review: requiresReview(row),
    data_classification: null,
    outcome: row.outcome,
    reason: row.reason,
    actor_type: row.actorKind,
    ip_address: row.ipAddress,
    user_agent: row.userAgent,
    details: row.details,
  };
}
