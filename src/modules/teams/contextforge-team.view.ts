import type { TeamInvitationEntity } from './entities/team-invitation.entity.js';
import type { TeamJoinRequestEntity } from './entities/team-join-request.entity.js';
import type { TeamEntity } from './entities/team.entity.js';
import type { MembershipRole } from './entities/team-member.entity.js';

/** What a team view needs beyond the row: its creator's email and how many active members it has. */
export interface TeamFacts {
  createdBy: string | null;
  memberCount: number;
}

/** ContextForge `TeamResponse`. LiteLLM teams without an alias have a null name. */
export function toTeamResponse(team: TeamEntity, facts: TeamFacts) {
  return {
    id: team.id,
    name: team.name,
    slug: team.slug,
    description: team.description,
    created_by: facts.createdBy,
    is_personal: team.isPersonal,
    visibility: team.visibility,
    max_members: team.maxMembers,
    member_count: facts.memberCount,
    created_at: team.createdAt.toISOString(),
    updated_at: team.updatedAt.toISOString(),
    is_active: team.isActive,
  };
}

/** One membership with emails resolved (a LiteLLM user without an email shows their user_id). */
export interface MemberViewRow {
  id: string;
  team_id: string;
  user_email: string;
  role: MembershipRole;
  joined_at: Date;
  invited_by: string | null;
  is_active: boolean;
}

/** ContextForge `TeamMemberResponse`. */
export function toTeamMemberResponse(row: MemberViewRow) {
  return {
    id: row.id,
    team_id: row.team_id,
    user_email: row.user_email,
    role: row.role,
    joined_at: new Date(row.joined_at).toISOString(),
    invited_by: row.invited_by,
    is_active: row.is_active,
  };
}

/** ContextForge `TeamInvitationResponse`; the raw token only in the answer to the invite itself. */
export function toInvitationResponse(
  invitation: TeamInvitationEntity,
  context: { teamName: string | null; invitedBy: string | null; token: string | null },
  now: Date = new Date(),
) {
  return {
    id: invitation.id,
    team_id: invitation.teamId,
    team_name: context.teamName,
    email: invitation.email,
    role: invitation.role,
    invited_by: context.invitedBy,
    invited_at: invitation.invitedAt.toISOString(),
    expires_at: invitation.expiresAt.toISOString(),
    token: context.token,
    is_active: invitation.isActive,
    is_expired: invitation.expiresAt.getTime() <= now.getTime(),
  };
}

/** ContextForge `TeamJoinRequestResponse`. */
export function toJoinRequestResponse(request: TeamJoinRequestEntity, context: { teamName: string | null; userEmail: string | null }) {
  return {
    id: request.id,
    team_id: request.teamId,
    team_name: context.teamName,
    user_email: context.userEmail,
    message: request.message,
    status: request.status,
    requested_at: request.requestedAt.toISOString(),
    expires_at: request.expiresAt.toISOString(),
  };
}

/** ContextForge `TeamDiscoveryResponse`: a public team the caller may ask to join. */
export function toTeamDiscoveryResponse(team: ReturnType<typeof toTeamResponse>) {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    member_count: team.member_count,
    created_at: team.created_at,
    is_joinable: true,
  };
}
