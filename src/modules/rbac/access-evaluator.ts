import type {
  AccessSnapshot,
  ApiTokenScope,
  AssignmentGrant,
  Decision,
  DecisionContext,
  DenialReason,
  Grant,
  OrganizationRole,
  RequestFacts,
  ResourceFacts,
} from './access-snapshot.js';
import type { ForwardedRequest, UsageLimitDenial, UsageLimits } from './forwarded-request.js';
import { ipAllowed } from './ip-ranges.js';
import { isMemberRoutePermission, permissionsOfMemberRoutes } from './litellm-member-routes.js';
import { isRouteGroup, routeEntryMatches } from './litellm-routes.js';
import { isReadPermission, WILDCARD } from './permission.js';

/**
 * The decision, and nothing else: no I/O, no clock of its own. Given who the caller is (a snapshot of their
 * assignments and memberships), what they ask for, where, and about which resource, it says yes or no and why.
 * Every "may X do Y to Z" rule lives here: key types, visibility, viewer roles, owners, team keys, member routes.
 */
export function evaluate(
  snapshot: AccessSnapshot,
  permission: string,
  context: DecisionContext,
  resource: ResourceFacts = {},
  now: Date = new Date(),
  /** The route template the request calls (`/key/info`), when the question comes from a request. */
  route?: string,
): Decision {
  // A key's type narrows whoever holds it, platform admins included (LiteLLM: an llm_api key manages nothing).
  if (!keyTypeAllows(snapshot.keyType, permission)) return denied(snapshot, context, 'KEY_TYPE');
  if (route !== undefined && !keyRoutesAllow(snapshot.keyAllowedRoutes, route, permission)) return denied(snapshot, context, 'KEY_ROUTES');
  return decideRights(snapshot, permission, context, resource, now);
}

function denied(snapshot: AccessSnapshot, context: DecisionContext, reason: DenialReason): Decision {
  const membership = context.kind === 'team' ? (snapshot.memberships.get(context.teamId)?.role ?? null) : null;
  return { granted: false, grantedBy: [], membership, reason };
}

/** What the caller's rights say, once the credential's own route restrictions let the request through. */
function decideRights(
  snapshot: AccessSnapshot,
  permission: string,
  context: DecisionContext,
  resource: ResourceFacts,
  now: Date,
): Decision {
  const membership = context.kind === 'team' ? (snapshot.memberships.get(context.teamId)?.role ?? null) : null;
  const deny = (reason: DenialReason): Decision => denied(snapshot, context, reason);
  // An API token only ever narrows its creator, platform admins included: its rights are theirs ∩ its subset.
  // Tokens are managed from interactive sessions only (ContextForge): no stored credential mints or changes tokens,
  // so neither a token nor a virtual key can outlive or widen itself through a new one.
  if ((snapshot.apiToken || snapshot.keyId !== null) && isTokenManagement(permission)) return deny('TOKEN_MANAGEMENT');
  if (snapshot.apiToken && !tokenPermissionsAllow(snapshot.apiToken, permission)) return deny('TOKEN_PERMISSIONS');
  if (!canSee(snapshot, context, resource, now)) return deny('NOT_VISIBLE');
  if (resource.membersOnly && !isInsider(snapshot, context, now)) return deny('NOT_TEAM_MEMBER');
  // Whoever asks, admins included: a private team is joined by invitation.
  if (resource.joinable === false) return deny('NOT_JOINABLE');
  if (snapshot.isPlatformAdmin) {
    return { granted: true, grantedBy: [{ source: 'platform_admin' }], membership };
  }
  if (snapshot.readOnlyRole && !isReadPermission(permission)) return deny('READ_ONLY');
  const grantedBy: Grant[] = [
    ...roleGrants(snapshot, permission, context, now),
    ...memberRouteGrants(snapshot, permission, context),
    ...resourceGrants(snapshot, permission, context, resource),
    ...teamKeyGrants(snapshot, permission, context),
    ...organizationGrants(snapshot, permission, context, now),
    ...teamCreationGrants(snapshot, permission, context, resource),
  ];
  if (grantedBy.length > 0) return { granted: true, grantedBy, membership };
  return { granted: false, grantedBy, membership, reason: denialReason(snapshot, permission, context, resource) };
}

/**
 * Whether the caller holds `permission` in `context` right now: what they may delegate (an API token's permission
 * subset must be held by its creator where the token acts, when it is issued; at use it is intersected again).
 */
export function holdsPermission(snapshot: AccessSnapshot, permission: string, context: DecisionContext, now: Date = new Date()): boolean {
  return evaluate(snapshot, permission, context, {}, now).granted;
}

/**
 * Whether an API token may be issued to act in this team: its creator is a member acting there (ContextForge: only
 * active members mint a team's tokens, admins included; the token would hold nothing there otherwise).
 */
export function mayIssueTokenIn(snapshot: AccessSnapshot, teamId: string): boolean {
  return actsInTeam(snapshot, teamId);
}

/** Who lists all of a team's API tokens: its owners (ContextForge), and platform admins. */
export function seesTeamTokens(snapshot: AccessSnapshot, teamId: string): boolean {
  return snapshot.isPlatformAdmin || (actsInTeam(snapshot, teamId) && snapshot.memberships.get(teamId)?.role === 'owner');
}

/**
 * What an API token allows of the request itself, whatever the route decides (also on authenticated-only routes):
 * the client address within its IP restrictions, `now` within its time window, and, for a server-scoped token,
 * only that server's routes (ContextForge's token scoping: `/servers/{id}[/...]`, general endpoints, nothing else).
 * Null: allowed. Callers without an API token are not restricted here.
 */
export function requestRestriction(snapshot: AccessSnapshot, request: RequestFacts, now: Date = new Date()): DenialReason | null {
  const token = snapshot.apiToken;
  if (!token) return null;
  if (!ipAllowed(request.clientIp, token.ipRestrictions)) return 'TOKEN_IP';
  if (!withinTimeWindow(token.timeRestrictions, now)) return 'TOKEN_TIME';
  if (token.serverId !== null && !serverPathAllowed(request.path, token.serverId)) return 'TOKEN_SERVER';
  return null;
}

/** ContextForge: business hours are 9:00 to 17:00 UTC; weekdays Monday to Friday (UTC). */
function withinTimeWindow(window: ApiTokenScope['timeRestrictions'], now: Date): boolean {
  if (window.business_hours_only === true && !(now.getUTCHours() >= 9 && now.getUTCHours() < 17)) return false;
  const day = now.getUTCDay();
  if (window.weekdays_only === true && (day === 0 || day === 6)) return false;
  return true;
}

/**
 * Paths that name no server and that a server-scoped token may still call (ContextForge's general endpoints), and
 * the forward-auth endpoint, which applies these restrictions to the forwarded path itself (`forwardedRestriction`).
 */
const GENERAL_PATHS = ['/health', '/metrics', '/openapi.json', '/docs', '/redoc', '/auth/forward'];

function serverPathAllowed(path: string, serverId: string): boolean {
  const named = /^\/servers\/([^/]+)(?:\/|$)/.exec(path);
  if (named) return safeDecode(named[1]) === serverId;
  if (path === '/') return true;
  return GENERAL_PATHS.some((general) => path === general || path.startsWith(`${general}/`));
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** `tokens.*` routes: ContextForge lets only interactive sessions manage tokens (no token minting tokens). */
function isTokenManagement(permission: string): boolean {
  return permission.startsWith('tokens.');
}

/** The subset holds the permission itself, `*`, or its family's wildcard (`tools.*`). Null: no narrowing. */
function tokenPermissionsAllow(token: ApiTokenScope, permission: string): boolean {
  if (token.permissions === null) return true;
  const family = permission.includes('.') ? `${permission.split('.')[0]}.*` : null;
  return token.permissions.has(permission) || token.permissions.has(WILDCARD) || (family !== null && token.permissions.has(family));
}

/**
 * Whether the caller may see the resource at all. Public rows: everyone. Their own rows: the owner while they
 * still act in the row's team (what came from a membership ends with it). Team rows: the team's members, the
 * team's own key, and platform readers (admins, auditors). Private rows: the owner only, admins included.
 */
export function canSee(snapshot: AccessSnapshot, context: DecisionContext, resource: ResourceFacts, now: Date = new Date()): boolean {
  // API tokens: their owner, and platform admins (who oversee every token); nobody else knows they exist.
  if (resource.ownerOnly) return isOwner(snapshot, resource) || snapshot.isPlatformAdmin;
  const visibility = resource.visibility;
  if (visibility === undefined || visibility === 'public') return true;
  const teamId = context.kind === 'team' ? context.teamId : null;
  // A public-only token sees public rows and nothing else, whoever holds it.
  if (snapshot.tokenTeams !== null && snapshot.tokenTeams.length === 0) return false;
  if (isOwner(snapshot, resource) && (teamId === null || actsInTeam(snapshot, teamId))) return true;
  if (visibility === 'private') return false;
  if (seesAllShared(snapshot, now)) return true;
  return teamId !== null && (actsInTeam(snapshot, teamId) || isOwnTeamKey(snapshot, teamId) || adminsTeamsOrganization(snapshot, teamId));
}

/** A member of the context team (acting there), the team's own key, or a platform reader. */
function isInsider(snapshot: AccessSnapshot, context: DecisionContext, now: Date): boolean {
  if (seesAllShared(snapshot, now)) return true;
  return (
    context.kind === 'team' &&
    (actsInTeam(snapshot, context.teamId) || isOwnTeamKey(snapshot, context.teamId) || adminsTeamsOrganization(snapshot, context.teamId))
  );
}

/** Platform admins and auditors (global `audit:read`, e.g. LiteLLM's proxy_admin_viewer) see every team's rows. */
export function seesAllShared(snapshot: AccessSnapshot, now: Date = new Date()): boolean {
  if (snapshot.isPlatformAdmin) return true;
  return !snapshot.narrowedToken && roleGrants(snapshot, 'audit:read', { kind: 'global' }, now).length > 0;
}

/** The teams whose `team` rows the caller sees: their memberships, narrowed by the token. */
export function visibleTeamIds(snapshot: AccessSnapshot): string[] {
  return [...snapshot.memberships.keys()].filter((teamId) => actsInTeam(snapshot, teamId));
}

/**
 * The teams whose keys the caller manages, for LiteLLM's `/key/list`: `keys.update` there through a role (team
 * admins), not merely through the team's member routes, which let a plain member touch their own keys only.
 */
export function keyManagedTeams(snapshot: AccessSnapshot, now: Date = new Date()): string[] {
  return visibleTeamIds(snapshot).filter((teamId) => {
    const decision = evaluate(snapshot, 'keys.update', { kind: 'team', teamId }, {}, now);
    return decision.granted && decision.grantedBy.some((grant) => grant.source !== 'team_member_permissions');
  });
}

/** Route templates compared as shapes: `/key/:key/regenerate` and LiteLLM's `/key/{key_id}/regenerate` are one route. */
const routeShape = (route: string): string => route.replace(/\{[^}]+\}|:[^/]+/g, '*').replace(/\/+$/, '');

/**
 * LiteLLM's `allowed_routes` of a key: exact routes, `prefix*` patterns, or its route groups. Portcullis serves
 * management routes only, so `management_routes` allows them all, `info_routes` the reading ones, and
 * `llm_api_routes` none. An empty list restricts nothing.
 */
function keyRoutesAllow(allowed: readonly string[], route: string, permission: string): boolean {
  if (allowed.length === 0) return true;
  const called = routeShape(route);
  return allowed.some((entry) => {
    if (entry === 'management_routes') return true;
    if (entry === 'info_routes') return isReadPermission(permission);
    if (entry.endsWith('*')) return called.startsWith(entry.slice(0, -1).replace(/\{[^}]+\}|:[^/]+/g, '*'));
    return routeShape(entry) === called;
  });
}

/** LiteLLM key types: `llm_api` keys call model routes only (none here), `read_only` keys only read. */
function keyTypeAllows(keyType: string | null, permission: string): boolean {
  if (keyType === 'llm_api') return false;
  if (keyType === 'read_only') return isReadPermission(permission);
  return true;
}

function isOwner(snapshot: AccessSnapshot, resource: ResourceFacts): boolean {
  return snapshot.userId !== null && resource.ownerUserId === snapshot.userId;
}

function roleGrants(snapshot: AccessSnapshot, permission: string, context: DecisionContext, now: Date): Grant[] {
  return snapshot.assignments
    .filter((a) => (a.expiresAt === null || a.expiresAt > now) && assignmentApplies(snapshot, a, context))
    .filter((a) => a.permissions.has(permission) || a.permissions.has(WILDCARD))
    .map((a) => ({ source: 'role', assignmentId: a.assignmentId, roleName: a.roleName, scope: a.scope, scopeId: a.scopeId }));
}

function assignmentApplies(snapshot: AccessSnapshot, assignment: AssignmentGrant, context: DecisionContext): boolean {
  if (assignment.scope === 'global') return true;
  // A personal role is about the holder's own space: it counts in their personal team and nowhere else.
  if (assignment.scope === 'personal') {
    return context.kind === 'team' && snapshot.personalTeamId !== null && context.teamId === snapshot.personalTeamId;
  }
  const teamId = assignment.scopeId;
  // A team role counts only while the user is still in the team and the token may act there.
  if (teamId === null || !actsInTeam(snapshot, teamId)) return false;
  switch (context.kind) {
    case 'global':
    case 'organization':
      return false;
    case 'team':
      return teamId === context.teamId;
    case 'any':
      return teamId !== snapshot.personalTeamId;
  }
}

function actsInTeam(snapshot: AccessSnapshot, teamId: string): boolean {
  if (!snapshot.memberships.has(teamId)) return false;
  return snapshot.tokenTeams === null || snapshot.tokenTeams.includes(teamId);
}

/**
 * The caller authenticated with a key of this team. A key with an owner stands for that owner's membership: once
 * they leave the team, the key no longer acts there. A service key without an owner stands for the team itself.
 */
function isOwnTeamKey(snapshot: AccessSnapshot, teamId: string): boolean {
  if (snapshot.keyTeamId === null || snapshot.keyTeamId !== teamId) return false;
  return snapshot.userId === null || snapshot.memberships.has(teamId);
}

/** LiteLLM: a team's plain members hold the permissions of the key routes the team allows them. */
function memberRouteGrants(snapshot: AccessSnapshot, permission: string, context: DecisionContext): Grant[] {
  const teamIds =
    context.kind === 'team'
      ? [context.teamId]
      : context.kind === 'any'
        ? [...snapshot.memberships.values()].filter((m) => !m.isPersonal).map((m) => m.teamId)
        : [];
  return teamIds
    .filter((teamId) => actsInTeam(snapshot, teamId))
    .filter((teamId) => permissionsOfMemberRoutes(snapshot.memberships.get(teamId)!.memberRoutes).has(permission as never))
    .map((teamId) => ({ source: 'team_member_permissions', teamId }));
}

function resourceGrants(snapshot: AccessSnapshot, permission: string, context: DecisionContext, resource: ResourceFacts): Grant[] {
  const grants: Grant[] = [];
  // The owner's standing in a team row ends with their membership: the row stays with the team.
  const ownerStillActs = context.kind !== 'team' || actsInTeam(snapshot, context.teamId);
  if (isOwner(snapshot, resource) && ownerStillActs && (resource.ownerPermissions ?? []).includes(permission)) {
    grants.push({ source: 'resource_owner' });
  }
  if (snapshot.keyId !== null && resource.keyId === snapshot.keyId && permission === 'keys.read') {
    grants.push({ source: 'own_key' });
  }
  return grants;
}

/** What a team key may do in its own team whoever owns it (LiteLLM: a service's team key reads its team). */
const TEAM_KEY_PERMISSIONS: ReadonlySet<string> = new Set(['teams.read']);

function teamKeyGrants(snapshot: AccessSnapshot, permission: string, context: DecisionContext): Grant[] {
  if (context.kind !== 'team' || !isOwnTeamKey(snapshot, context.teamId)) return [];
  return TEAM_KEY_PERMISSIONS.has(permission) ? [{ source: 'team_key', teamId: context.teamId }] : [];
}

/**
 * LiteLLM organization roles. In the organization itself: `org_admin` reads and updates it, manages its members
 * and creates teams in it; `internal_user` and `internal_user_viewer` read it. In the organization's teams: its
 * admins manage them and their members (whether or not they are members). Nothing outside the organization.
 */
const ORGANIZATION_ROLE_PERMISSIONS: Readonly<Record<OrganizationRole, ReadonlySet<string>>> = {
  org_admin: new Set(['organizations.read', 'organizations.update', 'organizations.manage_members', 'teams.create']),
  internal_user: new Set(['organizations.read']),
  internal_user_viewer: new Set(['organizations.read']),
};
const ORG_ADMIN_TEAM_PERMISSIONS: ReadonlySet<string> = new Set(['teams.read', 'teams.update', 'teams.manage_members']);

function organizationGrants(snapshot: AccessSnapshot, permission: string, context: DecisionContext, now: Date): Grant[] {
  if (context.kind === 'organization') {
    // Platform readers (auditors, proxy_admin_viewer) read every organization, as they read every team.
    if (permission === 'organizations.read' && seesAllShared(snapshot, now)) return [{ source: 'platform_reader' }];
    const role = snapshot.organizations.get(context.organizationId);
    // A token narrowed to some teams acts in those teams only, not in their organization.
    if (!role || snapshot.tokenTeams !== null || !ORGANIZATION_ROLE_PERMISSIONS[role].has(permission)) return [];
    return [{ source: 'organization_role', organizationId: context.organizationId, role }];
  }
  if (context.kind !== 'team' || !ORG_ADMIN_TEAM_PERMISSIONS.has(permission) || !adminsTeamsOrganization(snapshot, context.teamId)) {
    return [];
  }
  return [{ source: 'organization_role', organizationId: snapshot.organizationTeams.get(context.teamId)!, role: 'org_admin' }];
}

/** The caller is `org_admin` of the team's organization (and their token may act in the team). */
function adminsTeamsOrganization(snapshot: AccessSnapshot, teamId: string): boolean {
  const organizationId = snapshot.organizationTeams.get(teamId);
  if (organizationId === undefined || snapshot.organizations.get(organizationId) !== 'org_admin') return false;
  return snapshot.tokenTeams === null || snapshot.tokenTeams.includes(teamId);
}

/** The teams the caller manages as `org_admin` of their organization (listed with their own teams). */
export function organizationAdminTeamIds(snapshot: AccessSnapshot): string[] {
  return [...snapshot.organizationTeams.keys()].filter((teamId) => adminsTeamsOrganization(snapshot, teamId));
}

/** The organizations whose rows the caller reads (`/organization/list`): every one for platform readers. */
export function visibleOrganizationIds(snapshot: AccessSnapshot, now: Date = new Date()): string[] | 'all' {
  if (seesAllShared(snapshot, now)) return 'all';
  return [...snapshot.organizations.keys()].filter(
    (organizationId) => evaluate(snapshot, 'organizations.read', { kind: 'organization', organizationId }, {}, now).granted,
  );
}

/**
 * ContextForge: every signed-in user may create a team of their own (and becomes its owner), unless the operator
 * set `ALLOW_TEAM_CREATION=false`; then only roles granting `teams.create` count (platform admins hold `*`).
 * Only for the team they will own, decided outside any team or organization: LiteLLM's `/team/new` does not ask
 * this way, so it stays with roles alone. A user here is a person (a session or their own key), not a team key.
 */
function teamCreationGrants(snapshot: AccessSnapshot, permission: string, context: DecisionContext, resource: ResourceFacts): Grant[] {
  if (permission !== 'teams.create' || !resource.createsOwnTeam || context.kind !== 'global') return [];
  if (snapshot.userId === null || !snapshot.usersMayCreateTeams) return [];
  return [{ source: 'team_creation' }];
}

function denialReason(snapshot: AccessSnapshot, permission: string, context: DecisionContext, resource: ResourceFacts): Decision['reason'] {
  if (permission === 'teams.create' && resource.createsOwnTeam && snapshot.userId !== null && !snapshot.usersMayCreateTeams) {
    return 'TEAM_CREATION_DISABLED';
  }
  // Someone else's owned resource (a user record, a personal key) is not an admin-only route: a plain denial.
  if (context.kind === 'global') return resource.ownerPermissions === undefined ? 'ADMIN_ONLY' : 'MISSING_PERMISSION';
  if (context.kind === 'any' || context.kind === 'organization') return 'MISSING_PERMISSION';
  const membership = actsInTeam(snapshot, context.teamId) ? snapshot.memberships.get(context.teamId) : undefined;
  if (!membership) return 'NOT_TEAM_MEMBER';
  if (membership.role === 'member' && isMemberRoutePermission(permission)) return 'TEAM_MEMBER_PERMISSION';
  return 'MISSING_PERMISSION';
}

// ---------------------------------------------------------------------------------------------------------------
// Forward auth: a proxy asks about a client's original request to the gateway behind it (not one of our routes).

/**
 * What the credential itself allows of a forwarded request: an API token's address, time and server restrictions
 * (on the original path), and a virtual key's `key_type` and `allowed_routes` read as LiteLLM reads them for its
 * own routes: `llm_api` keys call the LLM API routes (MCP included), `management` keys the management routes,
 * `read_only` keys the info routes; `allowed_routes` names routes, `prefix*` patterns or route groups. An API
 * token limited to a permission subset calls LLM routes only with `llm.invoke` in it. Null: allowed.
 */
export function forwardedRestriction(snapshot: AccessSnapshot, request: ForwardedRequest, now: Date = new Date()): DenialReason | null {
  const restriction = requestRestriction(snapshot, { clientIp: request.clientIp, path: request.path }, now);
  if (restriction) return restriction;
  if (!forwardedKeyTypeAllows(snapshot.keyType, request)) return 'KEY_TYPE';
  if (!forwardedRoutesAllow(snapshot.keyAllowedRoutes, request)) return 'KEY_ROUTES';
  const llmCall = request.groups.has('llm_api_routes') && !request.groups.has('mcp_routes');
  if (snapshot.apiToken && llmCall && !tokenPermissionsAllow(snapshot.apiToken, 'llm.invoke')) return 'TOKEN_PERMISSIONS';
  return null;
}

/**
 * A permission asked about a resource on behalf of a forwarded request (an MCP `tools.execute` on the named tool):
 * the forwarded request's credential restrictions first, then the caller's rights exactly as on our own routes
 * (visibility, team roles, token narrowing). The key's type is judged against the forwarded route, not against the
 * permission: an `llm_api` key may call MCP tools its owner may execute.
 */
export function evaluateForwarded(
  snapshot: AccessSnapshot,
  request: ForwardedRequest,
  permission: string,
  context: DecisionContext,
  resource: ResourceFacts = {},
  now: Date = new Date(),
): Decision {
  const restriction = forwardedRestriction(snapshot, request, now);
  if (restriction) return denied(snapshot, context, restriction);
  return decideRights(snapshot, permission, context, resource, now);
}

function forwardedKeyTypeAllows(keyType: string | null, request: ForwardedRequest): boolean {
  switch (keyType) {
    case 'llm_api':
      return request.groups.has('llm_api_routes');
    case 'management':
      return request.groups.has('management_routes');
    case 'read_only':
      return request.groups.has('info_routes');
    default:
      return true;
  }
}

function forwardedRoutesAllow(allowed: readonly string[], request: ForwardedRequest): boolean {
  if (allowed.length === 0) return true;
  return allowed.some((entry) => (isRouteGroup(entry) ? request.groups.has(entry) : routeEntryMatches(entry, request.path)));
}

/** LiteLLM's names for "every model" in a model list. */
const ALL_MODELS = new Set(['*', 'all-proxy-models']);

/**
 * Whether a model list lets `model` through, as LiteLLM reads one: empty is every model, `*` and `all-proxy-models`
 * too; `provider/*` matches that provider's models; otherwise the exact name. On a key, `all-team-models` defers to
 * the team's list (checked next).
 */
export function modelListAllows(models: readonly string[], model: string, owner: 'key' | 'team' | 'org'): boolean {
  if (models.length === 0) return true;
  return models.some(
    (entry) =>
      ALL_MODELS.has(entry) ||
      entry === model ||
      (owner === 'key' && entry === 'all-team-models') ||
      (entry.endsWith('/*') && model.startsWith(entry.slice(0, -1))),
  );
}

/**
 * Whether the model and spend limits refuse a forwarded LLM request, in LiteLLM's order: the model against the
 * key's, the team's and the organization's lists (no model named: nothing to check), then budgets: the key's and
 * the team's are spent once spend reaches max_budget; a user's own budget counts for requests outside any team
 * (LiteLLM: personal keys) and is spent once spend exceeds it. Null: within limits.
 */
export function usageLimitDenial(limits: UsageLimits, model: string | null): UsageLimitDenial | null {
  const { key, team, organization, user } = limits;
  if (model !== null) {
    if (key && !modelListAllows(key.models, model, 'key')) return { kind: 'key_model', allowed: key.models, model, entity: key.label };
    if (team && !modelListAllows(team.models, model, 'team')) return { kind: 'team_model', allowed: team.models, model, entity: team.id };
    if (organization && !modelListAllows(organization.models, model, 'org')) {
      return { kind: 'org_model', allowed: organization.models, model, entity: organization.id };
    }
  }
  if (key && key.maxBudget !== null && key.spend >= key.maxBudget) {
    return { kind: 'key_budget', spend: key.spend, maxBudget: key.maxBudget, entity: key.label };
  }
  if (team && team.maxBudget !== null && team.spend >= team.maxBudget) {
    return { kind: 'team_budget', spend: team.spend, maxBudget: team.maxBudget, entity: team.id };
  }
  if (!team && user && user.maxBudget !== null && user.spend > user.maxBudget) {
    return { kind: 'user_budget', spend: user.spend, maxBudget: user.maxBudget, entity: user.id };
  }
  return null;
}
