import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { AUDIT_RECORDER, type AuditRecorder, auditActorOf } from '../../common/audit/audit-recorder.js';
import { isUniqueViolation } from '../../common/database/pg-errors.js';
import { badRequest, conflict, forbidden, notFound } from '../../common/errors/domain-error.js';
import type { DecisionContext } from './access-snapshot.js';
import type { AssignRoleRequest } from './dto/assign-role.request.js';
import type { RevokeRoleQuery } from './dto/revoke-role.query.js';
import type { UserRolesQuery } from './dto/user-roles.query.js';
import { RoleEntity, type RoleScope } from './entities/role.entity.js';
import { type AssignmentRow, type AssignmentView, toAssignmentView } from './rbac-views.js';
import { findSubject } from './rbac-subjects.js';
import { SubjectDirectory, type SubjectUser } from './subject-directory.js';
import { effectivePermissionsOf } from './role-lineage.js';
import { callerName, lineageOf } from './roles-admin.service.js';
import type { AuthorizedTarget } from './authorized-target.js';
import { RolesService } from './roles.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// `user_email` is filled in from the user the route is about (users are the users module's table).
const ASSIGNMENT_SELECT = `
  SELECT a.id, a.role_id, r.name AS role_name, a.scope, a.scope_id,
         a.granted_by, a.granted_at, a.expires_at, a.is_active, a.revoked_at
    FROM role_assignments a
    JOIN roles r ON r.id = a.role_id`;

type StoredAssignment = Omit<AssignmentRow, 'user_email'>;

/** The email, or the LiteLLM user_id of users without one. */
const labelOf = (user: { email: string | null; userId: string }): string => user.email ?? user.userId;

/**
 * Role assignments through the API (`/rbac/users/{email}/roles`), as opposed to the automatic ones
 * `RoleAssignmentsService` keeps in step with users and memberships.
 *
 * Who may grant or revoke (ContextForge: `admin.user_management`; ours: also `teams.manage_members` in the team
 * for team-scoped roles). The routes carry `teams.manage_members` in the team named by `scope_id`, which the
 * guard can check before anything runs and platform admins pass through `*`; this service then adds what a fixed
 * route decision cannot express:
 * - a global or personal assignment (both count everywhere) needs `admin.user_management` globally;
 * - never more than the granter holds: every effective permission of the role must be granted to the caller in
 *   the assignment's scope (the team, or globally). The same holds for revoking, so a team's member manager
 *   cannot strip roles they could not have given.
 * A role held globally only through a custom `admin.user_management` role therefore also needs
 * `teams.manage_members` to pass the route; every built-in role holding the former holds `*`.
 */
@Injectable()
export class RoleGrantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: SubjectDirectory,
    private readonly roles: RolesService,
    @Inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async grant(principal: Principal, email: string, input: AssignRoleRequest, target: AuthorizedTarget): Promise<AssignmentView> {
    const user = await findSubject(this.directory, email);
    const role = await this.findRole(input.role_id);
    if (!role.isActive) throw badRequest(`Role '${role.name}' is inactive`, 'role_id');
    if (input.scope !== role.scope) {
      throw badRequest(`Scope '${input.scope}' does not match the role's scope '${role.scope}'`, 'scope');
    }
    // The team the guard authorized (the declared `scope_id`), never a second reading of the request.
    const scopeId = await this.scopeIdFor(user, input.scope, target.teamId);
    const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw badRequest('expires_at must be in the future', 'expires_at');

    await this.assertMayManage(principal, role, input.scope, scopeId, 'grant');

    const existing = await this.activeAssignments(user.id, role.id, input.scope, scopeId);
    if (existing.length > 0) throw conflict(`User already has role '${role.name}' in this scope`);
    let id: string;
    try {
      const rows: { id: string }[] = await this.dataSource.query(
        `INSERT INTO role_assignments (user_id, role_id, scope, scope_id, granted_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [user.id, role.id, input.scope, scopeId, callerName(principal), expiresAt],
      );
      id = rows[0].id;
    } catch (error) {
      // Two grants racing: the partial unique index on active assignments keeps one.
      if (isUniqueViolation(error)) throw conflict(`User already has role '${role.name}' in this scope`);
      throw error;
    }
    this.audit.record({
      type: 'role_granted',
      outcome: 'success',
      actor: auditActorOf(principal),
      target: { type: 'role_assignment', id, name: labelOf(user) },
      details: { role: role.name, role_id: role.id, scope: input.scope, scope_id: scopeId, expires_at: expiresAt?.toISOString() ?? null },
    });
    const [row]: StoredAssignment[] = await this.dataSource.query(`${ASSIGNMENT_SELECT} WHERE a.id = $1`, [id]);
    return toAssignmentView({ ...row, user_email: labelOf(user) });
  }

  /** `GET /rbac/users/{email}/roles`: the user themself, or a user manager / security auditor. */
  async list(principal: Principal, email: string, query: UserRolesQuery): Promise<AssignmentView[]> {
    // The guard let the caller ask about this user (themself, or an inspector).
    const user = await findSubject(this.directory, email);
    return this.assignmentsOf(user, { scope: query.scope, activeOnly: query.active_only !== false });
  }

  /** The caller's own active, unexpired assignments. */
  async mine(principal: Principal): Promise<AssignmentView[]> {
    if (!principal.user) return [];
    return this.assignmentsOf(principal.user, { activeOnly: true });
  }

  /**
   * Soft revoke (`is_active = false`, `revoked_at`): history stays, and the next request is decided without it.
   * `{role}` is a role id or, ours, its name; `scope`/`scope_id` narrow which assignment(s) go.
   */
  async revoke(
    principal: Principal,
    email: string,
    roleRef: string,
    query: RevokeRoleQuery,
  ): Promise<{ message: string; revoked: number }> {
    const user = await findSubject(this.directory, email);
    const role = await this.findRole(roleRef);
    const matches = await this.activeAssignments(user.id, role.id, query.scope, query.scope_id);
    if (matches.length === 0) throw notFound('Role assignment');
    for (const assignment of matches) await this.assertMayManage(principal, role, assignment.scope, assignment.scope_id, 'revoke');
    await this.dataSource.query(
      `UPDATE role_assignments SET is_active = false, revoked_at = now() WHERE id = ANY($1::uuid[]) AND is_active`,
      [matches.map((a) => a.id)],
    );
    for (const assignment of matches) {
      this.audit.record({
        type: 'role_revoked',
        outcome: 'success',
        actor: auditActorOf(principal),
        target: { type: 'role_assignment', id: assignment.id, name: labelOf(user) },
        details: { role: role.name, role_id: role.id, scope: assignment.scope, scope_id: assignment.scope_id },
      });
    }
    return { message: 'Role revoked successfully', revoked: matches.length };
  }

  private async assignmentsOf(
    user: { id: string; email: string | null; userId: string },
    options: { scope?: RoleScope; activeOnly: boolean },
  ): Promise<AssignmentView[]> {
    const rows: StoredAssignment[] = await this.dataSource.query(
      `${ASSIGNMENT_SELECT}
        WHERE a.user_id = $1
          AND ($2::text IS NULL OR a.scope = $2)
          AND (NOT $3 OR (a.is_active AND (a.expires_at IS NULL OR a.expires_at > now())))
        ORDER BY a.is_active DESC, a.granted_at, r.name`,
      [user.id, options.scope ?? null, options.activeOnly],
    );
    return rows.map((row) => toAssignmentView({ ...row, user_email: labelOf(user) }));
  }

  private activeAssignments(userId: string, roleId: string, scope?: RoleScope, scopeId?: string | null): Promise<StoredAssignment[]> {
    return this.dataSource.query(
      `${ASSIGNMENT_SELECT}
        WHERE a.user_id = $1 AND a.role_id = $2 AND a.is_active
          AND ($3::text IS NULL OR a.scope = $3)
          AND ($4::text IS NULL OR a.scope_id = $4)`,
      [userId, roleId, scope ?? null, scopeId ?? null],
    );
  }

  private async findRole(ref: string): Promise<RoleEntity> {
    const repo = this.dataSource.getRepository(RoleEntity);
    const role = UUID.test(ref) ? await repo.findOneBy({ id: ref }) : await repo.findOneBy({ name: ref });
    if (!role) throw notFound('Role');
    return role;
  }

  /** The scope id an assignment will carry, checked against what the scope needs. */
  private async scopeIdFor(user: SubjectUser, scope: RoleScope, scopeId: string | null): Promise<string | null> {
    switch (scope) {
      case 'global':
        if (scopeId) throw badRequest('Global assignments take no scope_id', 'scope_id');
        return null;
      case 'personal': {
        // A personal assignment lives on the user's personal team (the schema wants a scope id for it).
        const personalTeamId = await this.directory.teams.personalTeamOf(user.id);
        if (!personalTeamId) throw badRequest('The user has no personal team', 'scope_id');
        if (scopeId && scopeId !== personalTeamId)
          throw badRequest("scope_id of a personal assignment must be the user's personal team", 'scope_id');
        return personalTeamId;
      }
      case 'team': {
        if (!scopeId) throw badRequest('scope_id (the team id) is required for team-scoped roles', 'scope_id');
        const team = await this.directory.teams.find(scopeId);
        if (!team || !team.isActive) throw notFound('Team');
        // ContextForge assigns team roles to non-members too. The engine counts a team role only while its holder
        // is a member of the team (and their token may act there): until they join, it is stored and dormant.
        // A personal team never has other members, so a role there for anyone else could never count.
        if (team.isPersonal && (await this.directory.teams.personalTeamOf(user.id)) !== scopeId) {
          throw badRequest('A personal team has no other members: a team role there would never count for this user', 'scope_id');
        }
        return scopeId;
      }
    }
  }

  /** Authority to grant or revoke `role` in this scope, and no escalation (see the class comment). */
  private async assertMayManage(
    principal: Principal,
    role: RoleEntity,
    scope: RoleScope,
    scopeId: string | null,
    action: 'grant' | 'revoke',
  ): Promise<void> {
    const route = `/rbac/users/{email}/roles`;
    const global: DecisionContext = { kind: 'global' };
    const context: DecisionContext = scope === 'team' && scopeId ? { kind: 'team', teamId: scopeId } : global;
    if (context.kind === 'team') {
      const manager = await this.roles.decide(principal, 'admin.user_management', global);
      if (!manager.granted) await this.roles.require(principal, 'teams.manage_members', context, { route });
    } else {
      await this.roles.require(principal, 'admin.user_management', global, { route });
    }
    const all = await this.dataSource.getRepository(RoleEntity).find();
    for (const permission of effectivePermissionsOf(role.id, lineageOf(all))) {
      if (!(await this.roles.decide(principal, permission, context)).granted) {
        throw forbidden(`Cannot ${action} a role with permissions you do not hold in that scope`);
      }
    }
  }
}
