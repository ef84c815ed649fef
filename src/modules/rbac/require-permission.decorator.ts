import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { ROUTE_DECISION, type RouteDecision, type ScopeSpec } from '../../auth/route-decision.js';
import type { Permission } from './permission.js';

export const scopes = {
  global: (): ScopeSpec => ({ kind: 'global' }),
  personal: (): ScopeSpec => ({ kind: 'personal' }),
  /** `team_id` (or another field) from path, query or body; without it, any team. */
  request: (field = 'team_id'): ScopeSpec => ({ kind: 'request', field }),
  requestOrPersonal: (field = 'team_id'): ScopeSpec => ({ kind: 'request-or-personal', field }),
  resource: (resolver: string): ScopeSpec => ({ kind: 'resource', resolver }),
};

/**
 * The route needs `permission` in the scope `scope` says (default: the request's `team_id`, else any team).
 * The permission is also written into the OpenAPI operation as `x-required-permission`.
 */
export function RequirePermission(permission: Permission, scope: ScopeSpec = scopes.request()) {
  const decision: RouteDecision = { kind: 'permission', permission, scope };
  return applyDecorators(
    SetMetadata(ROUTE_DECISION, decision),
    ApiBearerAuth(),
    ApiExtension('x-required-permission', { permission, scope: scope.kind }),
  );
}
