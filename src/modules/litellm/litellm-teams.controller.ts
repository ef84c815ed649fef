import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { ORGANIZATION_RESOLVER } from '../rbac/resource-scope.registry.js';
import { MemberAddRequest } from './dto/member-add.request.js';
import { MemberDeleteRequest } from './dto/member-delete.request.js';
import { MemberUpdateRequest } from './dto/member-update.request.js';
import { NewTeamRequest } from './dto/new-team.request.js';
import { PermissionsUpdateRequest } from './dto/permissions-update.request.js';
import { TeamIdsRequest } from './dto/team-ids.request.js';
import { TeamInfoQuery } from './dto/team-info.query.js';
import { TeamListQuery } from './dto/team-list.query.js';
import { TeamReferenceRequest } from './dto/team-reference.request.js';
import { UpdateTeamRequest } from './dto/update-team.request.js';
import { LitellmTeamsService } from './litellm-teams.service.js';

/** LiteLLM's `/team/*` routes over the shared teams and memberships. */
@ApiTags('LiteLLM: teams')
@Controller('team')
export class LitellmTeamsController {
  constructor(private readonly teams: LitellmTeamsService) {}

  @Post('new')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a team (proxy admins; in an organization, also its org admins)' })
  @RequirePermission('teams.create', scopes.resourceOrGlobal(ORGANIZATION_RESOLVER, from.body('organization_id')))
  create(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: NewTeamRequest) {
    return this.teams.create(principal, body, target.resource?.organizationId ?? null);
  }

  @Get('info')
  @ApiOperation({ summary: 'A team with its keys and memberships (members and admins)' })
  @RequirePermission('teams.read', scopes.team(from.query('team_id'), 'visible'))
  info(@Authorized() target: AuthorizedTarget, @Query() _query: TeamInfoQuery) {
    return this.teams.info(target.teamId!);
  }

  @Get('list')
  @ApiOperation({ summary: 'Teams the caller is in (all teams for admins)' })
  @RequirePermission('teams.read', scopes.personal())
  list(@CurrentPrincipal() principal: Principal, @Query() query: TeamListQuery) {
    return this.teams.list(principal, query.user_id);
  }

  @Get('available')
  @ApiOperation({ summary: 'Public teams the caller is not in and may join (members are not shown)' })
  @RequirePermission('teams.read', scopes.personal())
  available(@CurrentPrincipal() principal: Principal) {
    return this.teams.available(principal);
  }

  @Post('update')
  @HttpCode(200)
  @ApiOperation({ summary: "Change a team's settings (admins, team admins)" })
  @RequirePermission('teams.update', scopes.team(from.body('team_id')))
  update(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: UpdateTeamRequest) {
    return this.teams.update(principal, target.teamId!, body);
  }

  @Post('delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete teams with their keys and memberships (proxy admins)' })
  @RequirePermission('teams.delete', scopes.global())
  delete(@Body() body: TeamIdsRequest) {
    return this.teams.delete(body.team_ids);
  }

  @Post('block')
  @HttpCode(200)
  @ApiOperation({ summary: 'Block a team: its keys are refused (proxy admins)' })
  @RequirePermission('teams.update', scopes.global())
  block(@Body() body: TeamReferenceRequest) {
    return this.teams.setBlocked(body.team_id, true);
  }

  @Post('unblock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unblock a team (proxy admins)' })
  @RequirePermission('teams.update', scopes.global())
  unblock(@Body() body: TeamReferenceRequest) {
    return this.teams.setBlocked(body.team_id, false);
  }

  @Post('member_add')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add members (unknown users are created)' })
  @RequirePermission('teams.manage_members', scopes.team(from.body('team_id')))
  memberAdd(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: MemberAddRequest) {
    return this.teams.addMembers(principal, target.teamId!, body);
  }

  @Post('member_delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a member (never the last admin)' })
  @RequirePermission('teams.manage_members', scopes.team(from.body('team_id')))
  memberDelete(@Authorized() target: AuthorizedTarget, @Body() body: MemberDeleteRequest) {
    return this.teams.deleteMember(target.teamId!, body);
  }

  @Post('member_update')
  @HttpCode(200)
  @ApiOperation({ summary: "Change a member's role or budget" })
  @RequirePermission('teams.manage_members', scopes.team(from.body('team_id')))
  memberUpdate(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: MemberUpdateRequest) {
    return this.teams.updateMember(principal, target.teamId!, body);
  }

  @Get('permissions_list')
  @ApiOperation({ summary: 'The key routes plain members may call, and all that could be allowed (admins, team admins)' })
  @RequirePermission('teams.update', scopes.team(from.query('team_id')))
  permissionsList(@Authorized() target: AuthorizedTarget, @Query() _query: TeamInfoQuery) {
    return this.teams.permissionsList(target.teamId!);
  }

  @Post('permissions_update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the key routes plain members may call (admins, team admins)' })
  @RequirePermission('teams.update', scopes.team(from.body('team_id')))
  permissionsUpdate(@Authorized() target: AuthorizedTarget, @Body() body: PermissionsUpdateRequest) {
    return this.teams.permissionsUpdate(target.teamId!, body.team_member_permissions);
  }
}
