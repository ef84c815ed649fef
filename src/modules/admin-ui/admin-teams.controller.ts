import { Body, Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { badRequest } from '../../common/errors/domain-error.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { ContextforgeTeamsService } from '../teams/contextforge-teams.service.js';
import { CreateContextforgeTeamRequest } from '../teams/dto/create-contextforge-team.request.js';
import type { MembershipRole } from '../teams/entities/team-member.entity.js';
import { TEAM_INVITATION_RESOURCE } from '../teams/team-invitation-scope.resolver.js';
import { TeamInvitationsService } from '../teams/team-invitations.service.js';
import { AdminExceptionFilter } from './admin-exception.filter.js';
import { optional, validatedAs } from './admin-form-fields.js';
import { answerChange, sendPage, shellUrl } from './admin-responses.js';
import { AdminAddMemberForm } from './dto/admin-add-member.form.js';
import { AdminInviteForm } from './dto/admin-invite.form.js';
import { AdminTeamForm } from './dto/admin-team.form.js';

const roleOf = (value: string | undefined): MembershipRole => {
  if (value === undefined || value === '' || value === 'member') return 'member';
  if (value === 'owner') return 'owner';
  throw badRequest('role: member or owner', 'role');
};

/** The teams tab: members, invitations and new teams, each decided as its REST route is (`teams.manage_members` in the team). */
@ApiTags('Admin UI')
@UseFilters(AdminExceptionFilter)
@Controller('admin/teams')
export class AdminTeamsController {
  constructor(
    private readonly teams: ContextforgeTeamsService,
    private readonly invitations: TeamInvitationsService,
  ) {}

  @Post()
  @HttpCode(303)
  @ApiOperation({ summary: 'Create a team; the caller becomes its owner' })
  @RequirePermission('teams.create', scopes.ownNewTeam())
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() form: AdminTeamForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = await validatedAs(CreateContextforgeTeamRequest, {
      name: form.name,
      description: optional(form.description),
      visibility: optional(form.visibility),
    });
    const team = await this.teams.create(principal, input);
    return answerChange(request, reply, 'teams', team.id, `Team ${team.name} created`);
  }

  @Post('invitations/:invitation_id/revoke')
  @HttpCode(303)
  @ApiOperation({ summary: 'Revoke an open invitation (in its own team)' })
  @RequirePermission('teams.manage_members', scopes.resource(TEAM_INVITATION_RESOURCE, from.path('invitation_id')))
  async revokeInvitation(@Authorized() target: AuthorizedTarget, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.invitations.revoke(target);
    return answerChange(request, reply, 'teams', target.teamId, 'Invitation revoked');
  }

  @Get(':team_id/members/add')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The member picker of a team (its owners)' })
  @RequirePermission('teams.manage_members', scopes.team(from.path('team_id')))
  memberPicker(@Authorized() target: AuthorizedTarget, @Res() reply: FastifyReply) {
    return sendPage(reply, 'add-member', { teamId: target.teamId, back: shellUrl('teams', target.teamId) });
  }

  @Post(':team_id/add-member')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add an existing user (user_email, or ContextForge’s associatedUsers) as member or owner' })
  @RequirePermission('teams.manage_members', scopes.team(from.path('team_id')))
  async addMember(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminAddMemberForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const email = optional(form.user_email) ?? optional(form.email) ?? optional(form.associatedUsers);
    if (!email) throw badRequest('user_email: the email of the user to add', 'user_email');
    await this.teams.addMember(principal, target.teamId!, email, roleOf(form.role));
    return answerChange(request, reply, 'teams', target.teamId, `${email} added to the team`);
  }

  @Post(':team_id/members/remove')
  @HttpCode(303)
  @ApiOperation({ summary: 'Remove a member (never the last owner)' })
  @RequirePermission('teams.manage_members', scopes.team(from.path('team_id')))
  async removeMember(
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminAddMemberForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const email = optional(form.email) ?? optional(form.user_email);
    if (!email) throw badRequest('email: the member to remove', 'email');
    await this.teams.removeMember(target.teamId!, email);
    return answerChange(request, reply, 'teams', target.teamId, `${email} removed from the team`);
  }

  @Post(':team_id/invite')
  @HttpCode(200)
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Invite an email; the one-time token is shown on the answer page only' })
  @RequirePermission('teams.manage_members', scopes.team(from.path('team_id')))
  async invite(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminInviteForm,
    @Res() reply: FastifyReply,
  ) {
    const invitation = await this.invitations.invite(principal, target.teamId!, form.email, roleOf(form.role));
    return sendPage(reply, 'message', {
      title: 'Invitation sent',
      message: `${invitation.email} can join with this token (POST /teams/invitations/{token}/accept) for 7 days.`,
      secret: invitation.token,
      back: shellUrl('teams', target.teamId),
    });
  }
}
