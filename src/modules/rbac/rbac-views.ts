import type { Grant } from './access-snapshot.js';
import type { RoleEntity, RoleScope } from './entities/role.entity.js';

/** A role as ContextForge clients see it (`RoleResponse`), with its effective permissions resolved. */
export function toRoleView(role: RoleEntity, effectivePermissions: readonly string[]) {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    scope: role.scope,
    permissions: role.permissions,
    effective_permissions: [...effectivePermissions],
    inherits_from: role.inheritsFrom,
    created_by: role.createdBy,
    is_system_role: role.isSystemRole,
    is_active: role.isActive,
    created_at: role.createdAt.toISOString(),
    updated_at: role.updatedAt.toISOString(),
  };
}

export type RoleView = ReturnType<typeof toRoleView>;

/** One row of `role_assignments` joined with its user and role, as the queries below select it. */
export interface AssignmentRow {
  id: string;
  /** The user's email, or their LiteLLM user_id when they have none (users created through `/user/new`). */
  user_email: string;
  role_id: string;
  role_name: string;
  scope: RoleScope;
  scope_id: string | null;
  granted_by: string | null;
  granted_at: Date;
  expires_at: Date | null;
  is_active: boolean;
  revoked_at: Date | null;
}

/** ContextForge's `UserRoleResponse`, plus `revoked_at` for history listings. */
export function toAssignmentView(row: AssignmentRow) {
  return {
    id: row.id,
    user_email: row.user_email,
    role_id: row.role_id,
    role_name: row.role_name,
    scope: row.scope,
    scope_id: row.scope_id,
    granted_by: row.granted_by,
    granted_at: new Date(row.granted_at).toISOString(),
    expires_at: row.expires_at ? new Date(row.expires_at).toISOString() : null,
    is_active: row.is_active,
    revoked_at: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

export type AssignmentView = ReturnType<typeof toAssignmentView>;

/** The engine's grants in the API's snake_case: the "explain" of a decision. */
export function toGrantView(grant: Grant) {
  switch (grant.source) {
    case 'role':
      return {
        source: grant.source,
        assignment_id: grant.assignmentId,
        role_name: grant.roleName,
        scope: grant.scope,
        scope_id: grant.scopeId,
      };
    case 'team_member_permissions':
      return { source: grant.source, team_id: grant.teamId };
    default:
      return { source: grant.source };
  }
}
