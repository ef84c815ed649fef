import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ApiCredentials } from '../../auth/api-credentials.decorator.js';
import { ROUTE_DECISION, type RouteDecision, type ScopeField, type ScopeSpec, type TeamAudience } from '../../auth/route-decision.js';
import type { Permission } from './permission.js';

const path = (name: string): ScopeField => ({ in: 'path', name });
const query = (name: string): ScopeField => ({ in: 'query', name });
const body = (name: string, many = false): ScopeField => ({ in: 'body', name, many });
/** `keys: [{key: ...}, ...]`: a list of objects, each naming its target in `item`. */
const bodyItems = (name: string, item: string): ScopeField => ({ in: 'body', name, many: true, item });

/** Where a route's scope comes from: one declared field, never "wherever the request happens to say". */
export const from = { path, query, body, bodyItems };

export const scopes = {
  global: (): ScopeSpec => ({ kind: 'global' }),
  /** Creating a team the caller will own (decided globally; the engine knows who may create teams of their own). */
  ownNewTeam: (): ScopeSpec => ({ kind: 'global', ownNewTeam: true }),
  personal: (): ScopeSpec => ({ kind: 'personal' }),
  /** The team the field names; without it any of the caller's teams (for listings). */
  team: (field: ScopeField, audience?: TeamAudience): ScopeSpec => ({ kind: 'team', field, whenAbsent: 'any', audience }),
  /** The team the field names; without it the caller's personal team, where the handler then acts. */
  teamOrPersonal: (field: ScopeField, audience?: TeamAudience): ScopeSpec => ({ kind: 'team', field, whenAbsent: 'personal', audience }),
  /** ContextForge creates: the team the field names; without it any non-personal team AND the personal team. */
  teamOrPersonalAndAny: (field: ScopeField): ScopeSpec => ({ kind: 'team', field, whenAbsent: 'personal-and-any' }),
  resource: (resolver: string, ...fields: ScopeField[]): ScopeSpec => ({ kind: 'resource', resolver, fields }),
  /** The resource the field names (decided where it lives); without it a global decision (`/team/new`'s organization). */
  resourceOrGlobal: (resolver: string, field: ScopeField): ScopeSpec => ({
    kind: 'resource',
    resolver,
    fields: [field],
    whenAbsent: 'global',
  }),
};

/** How a scope reads in the route table and in OpenAPI: `team(body.team_id, else personal)`. */
export function describeScope(scope: ScopeSpec): string {
  const field = (f: ScopeField) => `${f.in}.${f.name}${f.many ? '[]' : ''}${f.item ? `.${f.item}` : ''}`;
  switch (scope.kind) {
    case 'global':
      return scope.ownNewTeam ? 'global, own new team' : 'global';
    case 'personal':
      return scope.kind;
    case 'team':
      return `team(${field(scope.field)}, else ${scope.whenAbsent}${scope.audience ? `, ${scope.audience}` : ''})`;
    case 'resource':
      return `${scope.resolver}(${scope.fields.map(field).join(', ')}${scope.whenAbsent ? `, else ${scope.whenAbsent}` : ''})`;
  }
}

/**
 * The route needs `permission` in the scope `scope` says. The permission is also written into the OpenAPI
 * operation as `x-required-permission`.
 */
export function RequirePermission(permission: Permission, scope: ScopeSpec) {
  return RequireAnyPermission([permission], scope);
}

/** The route needs any one of `permissions` in the scope (the first is the one a refusal names). */
export function RequireAnyPermission([permission, ...alternatives]: readonly [Permission, ...Permission[]], scope: ScopeSpec) {
  const decision: RouteDecision = { kind: 'permission', permission, ...(alternatives.length ? { alternatives } : {}), scope };
  return applyDecorators(
    SetMetadata(ROUTE_DECISION, decision),
    ApiCredentials(),
    ApiExtension('x-required-permission', {
      permission,
      ...(alternatives.length ? { alternatives } : {}),
      scope: describeScope(scope),
    }),
  );
}
