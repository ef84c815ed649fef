import type { MembershipRole } from '../teams/entities/team-member.entity.js';
import type { RoleScope } from './entities/role.entity.js';

/** One active role assignment with its effective permissions (own ∪ inherited), as the evaluator sees it. */
export interface AssignmentGrant {
  assignmentId: string;
  roleId: string;
  roleName: string;
  scope: RoleScope;
  scopeId: string | null;
  expiresAt: Date | null;
  permissions: ReadonlySet<string>;
}

export interface MembershipGrant {
  teamId: string;
  role: MembershipRole;
  isPersonal: boolean;
  /** The team's LiteLLM member routes, defaults applied. */
  memberRoutes: readonly string[];
}

/** LiteLLM's organization roles (`organization_members.user_role`). */
export type OrganizationRole = 'org_admin' | 'internal_user' | 'internal_user_viewer';

/**
 * Everything the engine needs to know about a caller, loaded once per request. The database is the authority:
 * admin status and memberships come from rows, never from token claims.
 */
export interface AccessSnapshot {
  /** Internal user id; null for the master key. */
  userId: string | null;
  /** The LiteLLM-facing id, for messages. */
  callerId: string | null;
  isPlatformAdmin: boolean;
  personalTeamId: string | null;
  memberships: ReadonlyMap<string, MembershipGrant>;
  assignments: readonly AssignmentGrant[];
  /** Teams a narrowed token (or a team key) may act in; null = all of the user's teams, [] = none. */
  tokenTeams: readonly string[] | null;
  /**
   * A user token scoped by its `teams` claim (token-team-claims): the user's platform-wide reach (admin bypass,
   * every team's rows) is set aside; their global roles' permissions still count.
   */
  narrowedToken: boolean;
  /** The virtual key the caller authenticated with, if any. */
  keyId: string | null;
  /** The team that key is bound to (a team key acts inside it, even without an owner user). */
  keyTeamId: string | null;
  /** LiteLLM's `key_type` of that key: `llm_api` keys manage nothing, `read_only` keys only read. */
  keyType: string | null;
  /** LiteLLM's `allowed_routes` of that key (empty: every route its rights allow). */
  keyAllowedRoutes: readonly string[];
  /** The ContextForge API token the caller authenticated with, if any: its scope only ever narrows. */
  apiToken: ApiTokenScope | null;
  /** LiteLLM's viewer roles (`proxy_admin_viewer`, `internal_user_viewer`): they read and change nothing. */
  readOnlyRole: boolean;
  /** The caller's role in each organization they belong to. */
  organizations: ReadonlyMap<string, OrganizationRole>;
  /** The organization of every team in those organizations (the only teams where organization roles count). */
  organizationTeams: ReadonlyMap<string, string>;
  /**
   * Platform policy, from the operator's `ALLOW_TEAM_CREATION`: whether a user may create a team of their own
   * without a role granting `teams.create` (ContextForge lets every signed-in user, unless switched off).
   */
  usersMayCreateTeams: boolean;
}

/** What an API token is limited to (see migrations/*-api-tokens). */
export interface ApiTokenScope {
  /** The one virtual server it may call: only `/servers/{serverId}[/...]` (null: no server restriction). */
  serverId: string | null;
  /** Its permission subset (null: no narrowing). */
  permissions: ReadonlySet<string> | null;
  /** Addresses / CIDRs the request must come from (empty: anywhere). */
  ipRestrictions: readonly string[];
  /** ContextForge's time window, in UTC (empty: always). */
  timeRestrictions: { business_hours_only?: boolean; weekdays_only?: boolean };
}

/** The request itself, for what is decided on where and when it comes from (API token restrictions). */
export interface RequestFacts {
  /** The client address as the server sees it (X-Forwarded-For only when the proxy is trusted). */
  clientIp: string | null;
  /** The concrete path called, without the query string. */
  path: string;
}

/** Where a permission is asked for. */
export type DecisionContext =
  | { kind: 'global' } // only global grants count: platform-wide, admin-style operations
  | { kind: 'team'; teamId: string }
  | { kind: 'any' } // any of the caller's teams except the personal one (ContextForge #2900)
  | { kind: 'organization'; organizationId: string }; // a LiteLLM organization: its roles and global grants count

/** What the engine may know about the specific resource a request acts on. */
export interface ResourceFacts {
  ownerUserId?: string | null;
  /** What the owner may do to it without any role. */
  ownerPermissions?: readonly string[];
  /** For a virtual key: its id (a key may always read itself). */
  keyId?: string | null;
  /**
   * Who may see it at all: `public` everyone; `team` the members of its team (and platform readers); `private`
   * its owner only. Undefined: no visibility rule (the permission alone decides).
   */
  visibility?: 'public' | 'team' | 'private';
  /** Only its owner and platform admins may see it at all (API tokens); others get "not found". */
  ownerOnly?: boolean;
  /** Only the members of the resource's team (and platform readers) may use it, even when it is public. */
  membersOnly?: boolean;
  /** For joining a team: false when it takes members by invitation only (private and personal teams). */
  joinable?: boolean;
  /** For an organization (or what lives in one): its id. The decision is then made in the organization. */
  organizationId?: string | null;
  /**
   * For creating a team: the new team will belong to the caller, who becomes its owner, outside any organization
   * (ContextForge's `POST /teams`). LiteLLM's `/team/new` does not say this: there only roles decide.
   */
  createsOwnTeam?: boolean;
}

/** What a route creating a team of the caller's own tells the engine about it. */
export const OWN_NEW_TEAM: ResourceFacts = Object.freeze({ createsOwnTeam: true });

export type Grant =
  | { source: 'platform_admin' }
  | { source: 'role'; assignmentId: string; roleName: string; scope: RoleScope; scopeId: string | null }
  | { source: 'team_member_permissions'; teamId: string }
  | { source: 'resource_owner' }
  | { source: 'own_key' }
  | { source: 'team_key'; teamId: string }
  | { source: 'organization_role'; organizationId: string; role: OrganizationRole }
  | { source: 'platform_reader' }
  /** A signed-in user creating a team of their own, which the platform allows (`ALLOW_TEAM_CREATION`). */
  | { source: 'team_creation' };

export type DenialReason =
  | 'NOT_TEAM_MEMBER'
  | 'TEAM_MEMBER_PERMISSION'
  | 'ADMIN_ONLY'
  | 'MISSING_PERMISSION'
  /** The resource is not visible to the caller: ContextForge answers 404, as if it did not exist. */
  | 'NOT_VISIBLE'
  /** A viewer role asked to change something. */
  | 'READ_ONLY'
  /** The virtual key's `key_type` does not allow this. */
  | 'KEY_TYPE'
  /** The team takes members by invitation only. */
  | 'NOT_JOINABLE'
  /** The virtual key's `allowed_routes` do not include the route. */
  | 'KEY_ROUTES'
  /** Users may not create teams on this platform (`ALLOW_TEAM_CREATION=false`), and no role of the caller grants it. */
  | 'TEAM_CREATION_DISABLED'
  /** The API token's permission subset does not include the permission. */
  | 'TOKEN_PERMISSIONS'
  /** The API token is limited to another virtual server. */
  | 'TOKEN_SERVER'
  /** The request comes from an address the API token does not allow. */
  | 'TOKEN_IP'
  /** The API token may not be used at this time. */
  | 'TOKEN_TIME'
  /** API tokens cannot manage tokens (ContextForge: token management needs an interactive session). */
  | 'TOKEN_MANAGEMENT';

export interface Decision {
  granted: boolean;
  /** Every grant that allowed it (empty when denied): the "explain" of a decision. */
  grantedBy: Grant[];
  /** The caller's membership in the context team, when the context is a team. */
  membership: MembershipRole | null;
  reason?: DenialReason;
}
