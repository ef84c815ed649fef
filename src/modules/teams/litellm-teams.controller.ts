import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { MemberAddRequest } from './dto/member-add.request.js';
import { MemberDeleteRequest } from './dto/member-delete.request.js';
import { MemberUpdateRequest } from './dto/member-update.request.js';
import { NewTeamRequest } from './dto/new-team.request.js';
import { PermissionsUpdateRequest } from './dto/permissions-update.request.js';
import { TeamIdsRequest } from './dto/team-ids.request.js';
import { TeamInfoQuery } from './dto/team-info.query.js';
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
  @ApiOperation({ summary: 'Create a team (proxy admins)' })
  @RequirePermission('teams.create', scopes.global())
  create(@CurrentPrincipal() principal: Principal, @Body() body: NewTeamRequest) {
    return this.teams.create(principal, body);
  }

  @Get('info')
  @ApiOperation({ summary: 'A team with its keys and memberships (members and admins)' })
  @RequirePermission('teams.read', scopes.request('team_id'))
  info(@CurrentPrincipal() principal: Principal, @Query() query: TeamInfoQuery) {
    return this.teams.info(principal, query.team_id);
  }

  @Get('list')
  @ApiOperation({ summary: "Teams the caller is in (all teams for admins)" })
  @RequirePermission('teams.read', scopes.personal())
  list(@CurrentPrincipal() principal: Principal) {
    return this.teams.list(principal);
  }

  @Post('update')
  @HttpCode(200)
  @ApiOperation({ summary: "Change a team's settings (admins, team admins)" })
  @RequirePermission('teams.update', scopes.request('team_id'))
  update(@Body() body: UpdateTeamRequest) {
    return this.teams.update(body);
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
  @ApiOperation({ summary: "Block a team: its keys are refused (proxy admins)" })
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
  @RequirePermission('teams.manage_members', scopes.request('team_id'))
  memberAdd(@CurrentPrincipal() principal: Principal, @Body() body: MemberAddRequest) {
    return this.teams.addMembers(principal, body);
  }

  @Post('member_delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove a member (never the last admin)' })
  @RequirePermission('teams.manage_members', scopes.request('team_id'))
  memberDelete(@Body() body: MemberDeleteRequest) {
    return this.teams.deleteMember(body);
  }

  @Post('member_update')
  @HttpCode(200)
  @ApiOperation({ summary: "Change a member's role or budget" })
  @RequirePermission('teams.manage_members', scopes.request('team_id'))
  memberUpdate(@CurrentPrincipal() principal: Principal, @Body() body: MemberUpdateRequest) {
    return this.teams.updateMember(principal, body);
  }

  @Get('permissions_list')
  @ApiOperation({ summary: 'The key routes plain members may call, and all that could be allowed (admins, team admins)' })
  @RequirePermission('teams.read', scopes.request('team_id'))
  permissionsList(@CurrentPrincipal() principal: Principal, @Query() query: TeamInfoQuery) {
    return this.teams.permissionsList(principal, query.team_id);
  }

  @Post('permissions_update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set the key routes plain members may call (admins, team admins)' })
  @RequirePermission('teams.update', scopes.request('team_id'))
  permissionsUpdate(@Body() body: PermissionsUpdateRequest) {
    return this.teams.permissionsUpdate(body.team_id, body.team_member_permissions);
  }
}
