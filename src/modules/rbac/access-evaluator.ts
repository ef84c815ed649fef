import type {
  AccessSnapshot,
  AssignmentGrant,
  Decision,
  DecisionContext,
  Grant,
  ResourceFacts,
} from './access-snapshot.js';
import { isMemberRoutePermission, permissionsOfMemberRoutes } from './litellm-member-routes.js';
import { WILDCARD } from './permission.js';

/**
 * The decision, and nothing else: no I/O, no clock of its own. Given who the caller is (a snapshot of their
 * assignments and memberships), what they ask for, where, and about which resource, it says yes or no and why.
 */
export function evaluate(
  snapshot: AccessSnapshot,
  permission: string,
  context: DecisionContext,
  resource: ResourceFacts = {},
  now: Date = new Date(),
): Decision {
  const membership = context.kind === 'team' ? (snapshot.memberships.get(context.teamId)?.role ?? null) : null;
  if (snapshot.isPlatformAdmin) {
    return { granted: true, grantedBy: [{ source: 'platform_admin' }], membership };
  }
  const grantedBy: Grant[] = [
    ...roleGrants(snapshot, permission, context, now),
    ...memberRouteGrants(snapshot, permission, context),
    ...resourceGrants(snapshot, permission, resource),
    ...teamKeyGrants(snapshot, permission, context),
  ];
  if (grantedBy.length > 0) return { granted: true, grantedBy, membership };
  return { granted: false, grantedBy, membership, reason: denialReason(snapshot, permission, context, resource) };
}

function roleGrants(snapshot: AccessSnapshot, permission: string, context: DecisionContext, now: Date): Grant[] {
  return snapshot.assignments
    .filter((a) => (a.expiresAt === null || a.expiresAt > now) && assignmentApplies(snapshot, a, context))
    .filter((a) => a.permissions.has(permission) || a.permissions.has(WILDCARD))
    .map((a) => ({ source: 'role', assignmentId: a.assignmentId, roleName: a.roleName, scope: a.scope, scopeId: a.scopeId }));
}

function assignmentApplies(snapshot: AccessSnapshot, assignment: AssignmentGrant, context: DecisionContext): boolean {
  if (assignment.scope === 'global' || assignment.scope === 'personal') return true;
  const teamId = assignment.scopeId;
  // A team role counts only while the user is still in the team and the token may act there.
  if (teamId === null || !actsInTeam(snapshot, teamId)) return false;
  switch (context.kind) {
    case 'global':
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

function resourceGrants(snapshot: AccessSnapshot, permission: string, resource: ResourceFacts): Grant[] {
  const grants: Grant[] = [];
  if (
    snapshot.userId !== null &&
    resource.ownerUserId === snapshot.userId &&
    (resource.ownerPermissions ?? []).includes(permission)
  ) {
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
  if (snapshot.keyTeamId === null || context.kind !== 'team' || context.teamId !== snapshot.keyTeamId) return [];
  return TEAM_KEY_PERMISSIONS.has(permission) ? [{ source: 'team_key', teamId: snapshot.keyTeamId }] : [];
}

function denialReason(snapshot: AccessSnapshot, permission: string, context: DecisionContext, resource: ResourceFacts): Decision['reason'] {
  // Someone else's owned resource (a user record, a personal key) is not an admin-only route: a plain denial.
  if (context.kind === 'global') return resource.ownerPermissions === undefined ? 'ADMIN_ONLY' : 'MISSING_PERMISSION';
  if (context.kind === 'any') return 'MISSING_PERMISSION';
  const membership = actsInTeam(snapshot, context.teamId) ? snapshot.memberships.get(context.teamId) : undefined;
  if (!membership) return 'NOT_TEAM_MEMBER';
  if (membership.role === 'member' && isMemberRoutePermission(permission)) return 'TEAM_MEMBER_PERMISSION';
  return 'MISSING_PERMISSION';
}
