import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { IncludeInactiveQuery } from './dto/include-inactive.query.js';
import { ServerItemsService } from './server-items.service.js';

/** ContextForge `GET /servers/{id}/tools|resources|prompts`: what a server bundles, as far as the caller may see it. */
@ApiTags('ContextForge: servers')
@Controller('servers')
export class ServerItemsController {
  constructor(private readonly items: ServerItemsService) {}

  @Get(':id/tools')
  @ApiOperation({ summary: "The server's tools the caller can see (disabled ones with ?include_inactive=true)" })
  @RequirePermission('servers.read', scopes.resource('servers', from.path('id')))
  tools(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Query() query: IncludeInactiveQuery) {
    return this.items.tools(principal, target, query.include_inactive ?? false);
  }

  @Get(':id/resources')
  @ApiOperation({ summary: "The server's resources the caller can see, without their content" })
  @RequirePermission('servers.read', scopes.resource('servers', from.path('id')))
  resources(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Query() query: IncludeInactiveQuery) {
    return this.items.resources(principal, target, query.include_inactive ?? false);
  }

  @Get(':id/prompts')
  @ApiOperation({ summary: "The server's prompts the caller can see" })
  @RequirePermission('servers.read', scopes.resource('servers', from.path('id')))
  prompts(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Query() query: IncludeInactiveQuery) {
    return this.items.prompts(principal, target, query.include_inactive ?? false);
  }
}
