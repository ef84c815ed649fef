import { Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/principal.js';
import { notFound } from '../../common/errors/domain-error.js';
import { type DecisionContext, type DenialReason, OWN_NEW_TEAM } from './access-snapshot.js';
import type { PermissionCheckRequest } from './dto/permission-check.request.js';
import { ALL_PERMISSIONS, isKnownPermission, WILDCARD } from './permission.js';
import { toGrantView } from './rbac-views.js';
import { findSubject, principalOf } from './rbac-subjects.js';
import { RolesService } from './roles.service.js';
import { SubjectDirectory } from './subject-directory.js';

type CheckReason = DenialReason | 'UNKNOWN_PERMISSION' | 'USER_INACTIVE';

const REASON_TEXT: Record<CheckReason, string> = {
  NOT_TEAM_MEMBER: 'The user is not an active member of this team, so no team role of theirs counts here',
  TEAM_MEMBER_PERMISSION: "The team's member permissions do not include this, and no role of the user grants it",
  ADMIN_ONLY: 'Only global roles count here, and none of the user holds it',
  MISSING_PERMISSION: 'No active, unexpired role assignment of the user grants this in this context',
  UNKNOWN_PERMISSION: 'Not a permission of the catalogue (see GET /rbac/permissions/available)',
  USER_INACTIVE: 'The user is inactive and cannot authenticate',
  NOT_VISIBLE: 'The resource is not visible to the user',
  READ_ONLY: "The user's role (a viewer role) only reads",
  KEY_TYPE: "The key's key_type does not allow this",
  NOT_JOINABLE: 'The team takes members by invitation only',
  KEY_ROUTES: "The key's allowed_routes do not include this route",
  TEAM_CREATION_DISABLED: 'Users may not create teams here (ALLOW_TEAM_CREATION=false), and no role of the user grants it',
  TOKEN_PERMISSIONS: "The API token's permission scope does not include this",
  TOKEN_SERVER: 'The API token is limited to another server',
  TOKEN_IP: 'The API token may not be used from this address',
  TOKEN_TIME: 'The API token may not be used at this time',
  TOKEN_MANAGEMENT: 'API tokens cannot manage tokens: that needs an interactive session',
};

/**
 * "May this user do X here, and why?" for operators. The target user is evaluated exactly as if they called
 * with an un-narrowed token of their own: same snapshot loader, same evaluator, so the answer cannot drift from
 * what the guard decides.
 */
@Injectable()
export class PermissionChecksService {
  constructor(
    private readonly directory: SubjectDirectory,
    private readonly roles: RolesService,
  ) {}

  async check(principal: Principal, input: PermissionCheckRequest) {
    // The guard let the caller ask about this user (themself, or an inspector).
    const user = await findSubject(this.directory, input.user_email);
    const teamId = input.team_id ?? null;
    if (teamId) await this.assertTeamExists(teamId);
    // Without a team, "may they create a team?" is ContextForge's question about a team of their own (`POST /teams`),
    // decided globally with that fact, exactly as the route decides it.
    const createsTeam = input.permission === 'teams.create' && !teamId;
    const context: DecisionContext = teamId ? { kind: 'team', teamId } : createsTeam ? { kind: 'global' } : { kind: 'any' };
    const base = {
      user_email: user.email ?? user.userId,
      permission: input.permission,
      team_id: teamId,
      context: context.kind,
      checked_at: new Date().toISOString(),
      checked_by: principal.user?.email ?? principal.user?.userId ?? 'master_key',
    };
    const refuse = (reason: CheckReason) => ({
      granted: false,
      ...base,
      granted_by: [],
      membership: null,
      reason,
      explanation: REASON_TEXT[reason],
    });
    if (!isKnownPermission(input.permission)) return refuse('UNKNOWN_PERMISSION');
    if (!user.isActive) return refuse('USER_INACTIVE');
    const decision = await this.roles.decide(principalOf(user), input.permission, context, createsTeam ? OWN_NEW_TEAM : undefined);
    if (!decision.granted) return { ...refuse(decision.reason ?? 'MISSING_PERMISSION'), membership: decision.membership };
    return {
      granted: true,
      ...base,
      granted_by: decision.grantedBy.map(toGrantView),
      membership: decision.membership,
      reason: null,
      explanation: null,
    };
  }

  /**
   * `GET /rbac/permissions/user/{email}`: ContextForge answers a flat list for one context (the team, or any
   * team); `by_team` (ours) breaks it down into global, any-team and per-team sets.
   */
  async userPermissions(principal: Principal, email: string, query: { team_id?: string; by_team?: boolean }) {
    const user = await findSubject(this.directory, email);
    const subject = principalOf(user);
    if (!query.by_team) {
      if (query.team_id) await this.assertTeamExists(query.team_id);
      if (!user.isActive) return [];
      return this.effective(subject, query.team_id ? { kind: 'team', teamId: query.team_id } : { kind: 'any' });
    }
    const snapshot = await this.roles.snapshot(subject);
    const teamIds = [...snapshot.memberships.keys()];
    const nameOf = teamIds.length ? await this.directory.teams.namesOf(teamIds) : new Map<string, string | null>();
    const teams = [];
    for (const membership of snapshot.memberships.values()) {
      teams.push({
        team_id: membership.teamId,
        team_name: nameOf.get(membership.teamId) ?? null,
        is_personal: membership.isPersonal,
        membership_role: membership.role,
        permissions: user.isActive ? await this.effective(subject, { kind: 'team', teamId: membership.teamId }) : [],
      });
    }
    return {
      user_email: user.email ?? user.userId,
      is_active: user.isActive,
      global: user.isActive ? await this.effective(subject, { kind: 'global' }) : [],
      any_team: user.isActive ? await this.effective(subject, { kind: 'any' }) : [],
      teams: teams.sort((a, b) => Number(b.is_personal) - Number(a.is_personal) || (a.team_name ?? '').localeCompare(b.team_name ?? '')),
    };
  }

  /** `GET /rbac/my/permissions`: the caller as they are now, token narrowing included. */
  myPermissions(principal: Principal, teamId?: string): Promise<string[]> {
    return this.effective(principal, teamId ? { kind: 'team', teamId } : { kind: 'any' });
  }

  /** ContextForge `PermissionListResponse`. */
  available() {
    const byResource: Record<string, string[]> = {};
    for (const permission of ALL_PERMISSIONS) {
      const resource = permission.split(/[.:]/)[0];
      (byResource[resource] ??= []).push(permission);
    }
    return { all_permissions: [...ALL_PERMISSIONS], permissions_by_resource: byResource, total_count: ALL_PERMISSIONS.length };
  }

  /**
   * Every catalogue permission the engine grants in this context: `['*']` when everything is granted. Asked
   * permission by permission so that roles, member routes and admin status all count exactly as in a decision.
   */
  private async effective(principal: Principal, context: DecisionContext): Promise<string[]> {
    if ((await this.roles.decide(principal, WILDCARD, context)).granted) return [WILDCARD];
    const granted: string[] = [];
    for (const permission of ALL_PERMISSIONS) {
      if ((await this.roles.decide(principal, permission, context)).granted) granted.push(permission);
    }
    return granted.sort();
  }

  private async assertTeamExists(teamId: string): Promise<void> {
    if (!(await this.directory.teams.find(teamId))) throw notFound('Team');
  }
}
