import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MembershipRole } from '../teams/entities/team-member.entity.js';
import { MEMBERSHIP_ROLE_TO_TEAM_ROLE, SystemRole } from './system-roles.js';

/**
 * The automatic assignments that follow identity and membership changes. Every method takes the caller's
 * EntityManager so the assignment commits (or rolls back) with the change that caused it.
 */
@Injectable()
export class RoleAssignmentsService {
  /** A new user: platform_viewer (or platform_admin) globally, team_admin on their personal team. */
  async grantNewUserRoles(manager: EntityManager, userId: string, personalTeamId: string, isAdmin: boolean): Promise<void> {
    await this.grantByName(manager, userId, isAdmin ? SystemRole.PLATFORM_ADMIN : SystemRole.PLATFORM_VIEWER, 'global', null, 'system');
    await this.grantByName(manager, userId, SystemRole.TEAM_ADMIN, 'team', personalTeamId, 'system');
  }

  /** Turning `is_admin` on or off swaps platform_viewer and platform_admin. */
  async syncAdminRole(manager: EntityManager, userId: string, isAdmin: boolean, grantedBy: string | null): Promise<void> {
    const [grant, revoke] = isAdmin
      ? [SystemRole.PLATFORM_ADMIN, SystemRole.PLATFORM_VIEWER]
      : [SystemRole.PLATFORM_VIEWER, SystemRole.PLATFORM_ADMIN];
    await this.revokeByName(manager, userId, revoke, 'global', null);
    await this.grantByName(manager, userId, grant, 'global', null, grantedBy);
  }

  /** LiteLLM's proxy_admin_viewer is the global platform_auditor role. */
  async syncAuditorRole(manager: EntityManager, userId: string, isAuditor: boolean, grantedBy: string | null): Promise<void> {
    if (isAuditor) await this.grantByName(manager, userId, SystemRole.PLATFORM_AUDITOR, 'global', null, grantedBy);
    else await this.revokeByName(manager, userId, SystemRole.PLATFORM_AUDITOR, 'global', null);
  }

  /** Joining a team, or changing one's role in it: the membership's team role replaces the other one. */
  async syncMembershipRole(
    manager: EntityManager,
    userId: string,
    teamId: string,
    role: MembershipRole,
    grantedBy: string | null,
  ): Promise<void> {
    const other: MembershipRole = role === 'owner' ? 'member' : 'owner';
    await this.revokeByName(manager, userId, MEMBERSHIP_ROLE_TO_TEAM_ROLE[other], 'team', teamId);
    await this.grantByName(manager, userId, MEMBERSHIP_ROLE_TO_TEAM_ROLE[role], 'team', teamId, grantedBy);
  }

  /** Leaving a team revokes every role held in it. */
  async revokeAllInTeam(manager: EntityManager, userId: string, teamId: string): Promise<void> {
    await manager.query(
      `UPDATE role_assignments SET is_active = false, revoked_at = now()
        WHERE user_id = $1 AND scope = 'team' AND scope_id = $2 AND is_active`,
      [userId, teamId],
    );
  }

  async grantByName(
    manager: EntityManager,
    userId: string,
    roleName: string,
    scope: 'global' | 'team' | 'personal',
    scopeId: string | null,
    grantedBy: string | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO role_assignments (user_id, role_id, scope, scope_id, granted_by)
       SELECT $1, r.id, $3, $4, $5 FROM roles r WHERE r.name = $2
       ON CONFLICT (user_id, role_id, scope, coalesce(scope_id, '')) WHERE is_active DO NOTHING`,
      [userId, roleName, scope, scopeId, grantedBy],
    );
  }

  private async revokeByName(
    manager: EntityManager,
    userId: string,
    roleName: string,
    scope: string,
    scopeId: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE role_assignments a SET is_active = false, revoked_at = now()
         FROM roles r
        WHERE r.id = a.role_id AND r.name = $2 AND a.user_id = $1 AND a.scope = $3
          AND coalesce(a.scope_id, '') = coalesce($4, '') AND a.is_active`,
      [userId, roleName, scope, scopeId],
    );
  }
}
