import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authenticated } from '../../auth/route-decision.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { ContextforgeTeamsService } from './contextforge-teams.service.js';
import { AddTeamMemberRequest } from './dto/add-team-member.request.js';
import { CreateContextforgeTeamRequest } from './dto/create-contextforge-team.request.js';
import { InviteTeamMemberRequest } from './dto/invite-team-member.request.js';
import { JoinTeamRequest } from './dto/join-team.request.js';
import { TeamListQuery } from './dto/team-list.query.js';
import { TeamMembersQuery } from './dto/team-members.query.js';
import { UpdateContextforgeTeamRequest } from './dto/update-contextforge-team.request.js';
import { UpdateTeamMemberRequest } from './dto/update-team-member.request.js';
import { TEAM_INVITATION_RESOURCE } from './team-invitation-scope.resolver.js';
import { TeamInvitationsService } from './team-invitations.service.js';
import { OWN_JOIN_REQUEST_RESOURCE, TEAM_JOIN_REQUEST_RESOURCE } from './team-join-request-scope.resolver.js';
import { TeamJoinRequestsService } from './team-join-requests.service.js';

/**
 * ContextForge's `/teams` routes over the same teams and memberships as LiteLLM's `/team/*`. `/teams` and
 * `/teams/` both work (the router ignores trailing slashes).
 */
@ApiTags('ContextForge: teams')
@Controller('teams')
export class ContextforgeTeamsController {
  constructor(
    private readonly teams: ContextforgeTeamsService,
    private readonly invitations: TeamInvitationsService,
    private readonly joinRequests: TeamJoinRequestsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a team; the caller becomes its owner (201; a taken name is 409). Any signed-in user unless ALLOW_TEAM_CREATION=false',
  })
  @RequirePermission('teams.create', scopes.ownNewTeam())
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateContextforgeTeamRequest) {
    return this.teams.create(principal, body);
  }

  @Get()
  @ApiOperation({ summary: "The caller's teams (their personal team included); platform admins see every team" })
  @RequirePermission('teams.read', scopes.personal())
  list(@CurrentPrincipal() principal: Principal, @Query() query: TeamListQuery) {
    return this.teams.list(principal, query);
  }

  @Get('discover')
  @ApiOperation({ summary: 'Public teams (not personal ones) the caller is not in and may ask to join' })
  @RequirePermission('teams.read', scopes.personal())
  discover(@CurrentPrincipal() principal: Principal, @Query() query: TeamListQuery) {
    return this.teams.discover(principal, query.skip, query.limit);
  }

  @Post('invitations/:token/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an invitation (only the invited email; single use; expired is 400)' })
  @RequirePermission('teams.join', scopes.global())
  accept(@CurrentPrincipal() principal: Principal, @Param('token') token: string) {
    return this.invitations.accept(principal, token);
  }

  @Delete('invitations/:invitation_id')
  @ApiOperation({ summary: 'Revoke an open invitation' })
  @RequirePermission('teams.manage_members', scopes.resource(TEAM_INVITATION_RESOURCE, from.path('invitation_id')))
  revoke(@Authorized() target: AuthorizedTarget) {
    return this.invitations.revoke(target);
  }

  @Get(':team_id')
  @ApiOperation({ summary: 'A team (members, platform admins, anyone for public teams; others 404)' })
  @RequirePermission('teams.read', scopes.team(from.path('team_id'), 'visible'))
  get(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget) {
    return this.teams.get(target);
  }

  @Put(':team_id')
  @ApiOperation({ summary: "Change a team's name, description, visibility or size limit" })
  @RequirePermission('teams.update', scopes.team(from.path('team_id')))
  update(@Authorized() target: AuthorizedTarget, @Body() body: UpdateContextforgeTeamRequest) {
    return this.teams.update(target.teamId!, body);
  }

  @Delete(':team_id')
  @ApiOperation({ summary: 'Delete a team with its keys, memberships, roles and invitations (not personal teams)' })
  @RequirePermission('teams.delete', scopes.team(from.path('team_id')))
  delete(@Authorized() target: AuthorizedTarget) {
    return this.teams.delete(target.teamId!);
  }

  @Get(':team_id/members')
  @ApiOperation({ summary: "A team's members (members and platform admins)" })
  @RequirePermission('teams.read', scopes.team(from.path('team_id'), 'members'))
  async members(@Authorized() target: AuthorizedTarget, @Query() query: TeamMembersQuery) {
    const members = await this.teams.members(target.teamId!);
    return query.include_pagination ? { members, nextCursor: null } : members;
  }

  @Post(':team_id/members')
  @ApiOperation({ summary: 'Add an existing user to the team (201; already a member is 409)' })
  @RequirePermission('teams.manage_members', scopes.team(from.path('team_id')))
  addMember(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: AddTeamMemberRequest) {
    return this.teams.addMember(principal, target.teamId!, body.email, body.role ?? 'member');
  }

  @Put(':team_id/members/:email')
  @ApiOperation({ summary: "Change a member's role (never demote the last owner)" })
  @RequirePermission('teams.manage_members', scopes.team(from.path('team_id')))
  updateMember(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Param('email') email: string,
    @Body() body: UpdateTeamMemberRequest,
  ) {
    return this.teams.updateMember(principal, target.teamId!, email, body.role);
  }

  @Delete(':team_id/members/:email')
  @ApiOperation({ summary: 'Remove a member and every role they hold in the team (never the last owner)' })
  @RequirePermission('teams.manage_members', scopes.team(from.path('team_id')))
  removeMember(@Authorized() target: AuthorizedTarget, @Param('email') email: string) {
    return this.teams.removeMember(target.teamId!, email);
  }

  @Post(':team_id/invitations')
  @ApiOperation({ summary: 'Invite an email for 7 days; the raw token is returned only here (201)' })
  @RequirePermission('teams.manage_members', scopes.team(from.path('team_id')))
  invite(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: InviteTeamMemberRequest) {
    return this.invitations.invite(principal, target.teamId!, body.email, body.role ?? 'member');
  }

  @Get(':team_id/invitations')
  @ApiOperation({ summary: "A team's open invitations (without tokens)" })
  @RequirePermission('teams.manage_members', scopes.team(from.path('team_id')))
  listInvitations(@Authorized() target: AuthorizedTarget) {
    return this.invitations.list(target.teamId!);
  }

  @Post(':team_id/join')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Ask to join a public team: a pending request for its owners (already a member 400, a pending request 409)',
  })
  @RequirePermission('teams.join', scopes.team(from.path('team_id'), 'joinable'))
  join(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: JoinTeamRequest = {}) {
    return this.joinRequests.request(principal, target.teamId!, body?.message ?? null);
  }

  @Get(':team_id/join-requests')
  @ApiOperation({ summary: "A team's pending join requests (those who manage its members)" })
  @RequirePermission('teams.manage_members', scopes.team(from.path('team_id')))
  listJoinRequests(@Authorized() target: AuthorizedTarget) {
    return this.joinRequests.listPending(target.teamId!);
  }

  @Post(':team_id/join-requests/:request_id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: "Approve a pending join request of this team: the requester becomes a member (another team's request: 404)" })
  @RequirePermission('teams.manage_members', scopes.resource(TEAM_JOIN_REQUEST_RESOURCE, from.path('team_id'), from.path('request_id')))
  approveJoinRequest(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget) {
    return this.joinRequests.approve(principal, target);
  }

  @Delete(':team_id/join-requests/:request_id')
  @ApiOperation({ summary: "Reject a pending join request of this team (another team's request: 404)" })
  @RequirePermission('teams.manage_members', scopes.resource(TEAM_JOIN_REQUEST_RESOURCE, from.path('team_id'), from.path('request_id')))
  rejectJoinRequest(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget) {
    return this.joinRequests.reject(principal, target);
  }

  @Delete(':team_id/join-request/:request_id')
  @ApiOperation({ summary: 'Withdraw your own pending join request (anyone else, admins included: 404)' })
  @RequirePermission('teams.join', scopes.resource(OWN_JOIN_REQUEST_RESOURCE, from.path('team_id'), from.path('request_id')))
  cancelJoinRequest(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget) {
    return this.joinRequests.cancel(principal, target);
  }

  @Delete(':team_id/leave')
  @ApiOperation({ summary: 'Leave a team (not your personal team, not as its last owner)' })
  @Authenticated()
  leave(@CurrentPrincipal() principal: Principal, @Param('team_id') teamId: string) {
    return this.teams.leave(principal, teamId);
  }
}
