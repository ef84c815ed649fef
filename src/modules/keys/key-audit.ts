import type { Principal } from '../../auth/principal.js';
import { type AuditEventInput, type AuditEventType, auditActorOf } from '../../common/audit/audit-recorder.js';
import type { ApiKeyEntity } from './entities/api-key.entity.js';

/**
 * An audit event about one key: its id, alias and team, never its hash or the raw key. Without a principal the
 * recorder takes the request's caller.
 */
export function keyAuditEvent(type: AuditEventType, principal: Principal | null, key: ApiKeyEntity): AuditEventInput {
  return {
    type,
    outcome: 'success',
    actor: principal ? auditActorOf(principal) : undefined,
    target: { type: 'key', id: key.id, name: key.keyAlias ?? key.keyName },
    details: { team_id: key.teamId, owner_id: key.userId },
  };
}

/** An audit event about one API token: its id, name, team and scope, never the token or its hash. */
export function tokenAuditEvent(type: AuditEventType, principal: Principal, token: ApiKeyEntity, reason?: string): AuditEventInput {
  return {
    type,
    outcome: 'success',
    actor: auditActorOf(principal),
    target: { type: 'token', id: token.id, name: token.name },
    reason,
    details: { team_id: token.teamId, owner_id: token.userId, server_id: token.serverId, permissions: token.scopePermissions },
  };
}
