import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiCredentials } from './api-credentials.decorator.js';

/**
 * Every route states who may call it; the guards refuse routes that state nothing (deny by default).
 * `permission` decisions are added by `@RequirePermission` in the RBAC module.
 */
export const ROUTE_DECISION = 'portcullis:route-decision';

/** Where a route's scope value lives. Exactly one place per field: the guard refuses a second, different copy. */
export type ScopeSource = 'path' | 'query' | 'body';

export interface ScopeField {
  in: ScopeSource;
  name: string;
  /** A list of references (`keys: [...]`) rather than one string. */
  many?: boolean;
  /** With `many`: the list holds objects and each one's `item` field is the reference (`keys: [{key}, ...]`). */
  item?: string;
}

export type ScopeSpec =
  /**
   * Only global grants count (platform-wide operations). `ownNewTeam`: the route creates a team the caller will own
   * (ContextForge's `POST /teams`), a fact the engine's team-creation rule needs.
   */
  | { kind: 'global'; ownNewTeam?: true }
  /** The caller's own personal team (their own keys, their own listings). */
  | { kind: 'personal' }
  /**
   * The team named by one field. Without it: `any` of the caller's teams (listings); the caller's `personal`
   * team, which is then the team the handler acts in (LiteLLM key creates); or `personal-and-any`, ContextForge's
   * creates (#2900): allowed in one of the caller's non-personal teams, and the row lives in the personal team,
   * so both are decided.
   */
  | {
      kind: 'team';
      field: ScopeField;
      whenAbsent: 'any' | 'personal' | 'personal-and-any';
      /**
       * When the team itself is what is acted on: `visible` applies the team visibility rule (hidden teams do not
       * exist for the caller), `members` also keeps a public team's roster to its members, `joinable` lets only
       * public teams be joined without an invitation.
       */
      audience?: TeamAudience;
    }
  /**
   * The resource(s) named by the declared field(s), found by a registered resolver; decided in their teams (or
   * organizations). `whenAbsent: 'global'`: when no field is given, the decision is global (only global grants).
   */
  | { kind: 'resource'; resolver: string; fields: ScopeField[]; whenAbsent?: 'global' };

export type TeamAudience = 'visible' | 'members' | 'joinable';

export type RouteDecision =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  /** `permission` in the scope; `alternatives` are other permissions any one of which also suffices. */
  | { kind: 'permission'; permission: string; alternatives?: string[]; scope: ScopeSpec };

/** Anyone, without credentials (health, login, docs): documented without a security entry. */
export const Public = () => SetMetadata(ROUTE_DECISION, { kind: 'public' } satisfies RouteDecision);

/** Any authenticated caller; the service decides the rest (e.g. "my own profile"). Documented with its credentials. */
export const Authenticated = () =>
  applyDecorators(SetMetadata(ROUTE_DECISION, { kind: 'authenticated' } satisfies RouteDecision), ApiCredentials());
