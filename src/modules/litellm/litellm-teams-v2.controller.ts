import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { TeamListV2Query } from './dto/team-list-v2.query.js';
import { LitellmTeamsService } from './litellm-teams.service.js';

/** LiteLLM's `/v2/team/*` routes. */
@ApiTags('LiteLLM: teams')
@Controller('v2/team')
export class LitellmTeamsV2Controller {
  constructor(private readonly teams: LitellmTeamsService) {}

  @Get('list')
  @ApiOperation({ summary: 'Teams the caller may see (all for admins), paged and filtered' })
  @RequirePermission('teams.read', scopes.personal())
  list(@CurrentPrincipal() principal: Principal, @Query() query: TeamListV2Query) {
    return this.teams.listPage(principal, query);
  }
}
