import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { AdminExceptionFilter } from './admin-exception.filter.js';
import { sendPage } from './admin-responses.js';
import { AdminShellService } from './admin-shell.service.js';
import { AdminViewQuery } from './dto/admin-view.query.js';

/** The admin page: every signed-in user, in "All teams" or in one team they can see (`?team_id=`). */
@ApiTags('Admin UI')
@UseFilters(AdminExceptionFilter)
@Controller('admin')
export class AdminShellController {
  constructor(private readonly shell: AdminShellService) {}

  @Get()
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The admin page (tabs for the catalog, gateways, teams, keys; users and roles for user managers)' })
  @RequirePermission('teams.read', scopes.team(from.query('team_id'), 'visible'))
  async page(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Query() query: AdminViewQuery,
    @Res() reply: FastifyReply,
  ) {
    return sendPage(reply, 'shell', await this.shell.page(principal, target, { error: query.error, notice: query.notice }));
  }
}
