import type { MemberRow } from '../teams/team-member.row.js';
import { effectiveMemberRoutes } from '../rbac/litellm-member-routes.js';
import type { TeamEntity } from '../teams/entities/team.entity.js';
import type { MembershipRole } from '../teams/entities/team-member.entity.js';

/** Membership roles in LiteLLM's words. */
export const toLitellmRole = (role: MembershipRole): 'admin' | 'user' => (role === 'owner' ? 'admin' : 'user');

/** A team as LiteLLM clients see it. */
export function toLitellmTeam(team: TeamEntity, members: MemberRow[]) {
  return {
    team_id: team.id,
    team_alias: team.name,
    organization_id: team.organizationId,
    admins: members.filter((m) => m.role === 'owner').map((m) => m.user_id),
    members: members.map((m) => m.user_id),
    members_with_roles: members.map((m) => ({ user_id: m.user_id, user_email: m.user_email, role: toLitellmRole(m.role) })),
    team_member_permissions: [...effectiveMemberRoutes(team.memberPermissions)],
    metadata: team.metadata,
    model_aliases: team.modelAliases,
    tags: team.tags,
    guardrails: team.guardrails,
    object_permission: team.objectPermission,
    team_member_budget: team.teamMemberBudget,
    team_member_rpm_limit: team.teamMemberRpmLimit,
    team_member_tpm_limit: team.teamMemberTpmLimit,
    models: team.models,
    max_budget: team.maxBudget,
    budget_duration: team.budgetDuration,
    tpm_limit: team.tpmLimit,
    rpm_limit: team.rpmLimit,
    spend: team.spend,
    blocked: team.blocked,
    max_parallel_requests: null,
    created_at: team.createdAt.toISOString(),
    updated_at: team.updatedAt.toISOString(),
  };
}

export function toLitellmMembership(teamId: string, member: MemberRow) {
  return {
    team_id: teamId,
    user_id: member.user_id,
    user_email: member.user_email,
    role: toLitellmRole(member.role),
    spend: member.spend,
    max_budget_in_team: member.max_budget_in_team,
  };
}
