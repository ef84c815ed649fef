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
