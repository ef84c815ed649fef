import { SetMetadata } from '@nestjs/common';

/**
 * Every route states who may call it; the guards refuse routes that state nothing (deny by default).
 * `permission` decisions are added by `@RequirePermission` in the RBAC module.
 */
export const ROUTE_DECISION = 'portcullis:route-decision';

export type ScopeSpec =
  /** Only global grants count (platform-wide operations). */
  | { kind: 'global' }
  /** The caller's own personal team (their own keys, their own listings). */
  | { kind: 'personal' }
  /** `team_id` from the path, query or body (first found); without one, any of the caller's teams. */
  | { kind: 'request'; field: string }
  /** Like `request`, but without a team the caller's personal team. */
  | { kind: 'request-or-personal'; field: string }
  /** The team(s) of the resource(s) the request acts on, found by a registered resolver. */
  | { kind: 'resource'; resolver: string };

export type RouteDecision =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'permission'; permission: string; scope: ScopeSpec };

/** Anyone, without credentials (health, login, docs). */
export const Public = () => SetMetadata(ROUTE_DECISION, { kind: 'public' } satisfies RouteDecision);

/** Any authenticated caller; the service decides the rest (e.g. "my own profile"). */
export const Authenticated = () => SetMetadata(ROUTE_DECISION, { kind: 'authenticated' } satisfies RouteDecision);
