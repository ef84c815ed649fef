import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { NEXT_CURSOR_HEADER } from '../catalog/cursor-page.js';
import { listAnswer } from '../catalog/list-answer.js';
import { CatalogListQuery } from '../catalog/dto/catalog-list.query.js';
import { ToggleQuery } from '../catalog/dto/toggle.query.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { CreateGatewayRequest } from './dto/create-gateway.request.js';
import { RefreshToolsQuery } from './dto/refresh-tools.query.js';
import { UpdateGatewayRequest } from './dto/update-gateway.request.js';
import { GatewaysService } from './gateways.service.js';

/** ContextForge `gateways`: upstream MCP servers federated into the catalog. */
@ApiTags('ContextForge: gateways')
@Controller('gateways')
export class GatewaysController {
  constructor(private readonly gateways: GatewaysService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Register an MCP server: connects, imports its tools/resources/prompts (502 if unreachable)' })
  @RequirePermission('gateways.create', scopes.teamOrPersonalAndAny(from.body('team_id')))
  create(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: CreateGatewayRequest) {
    return this.gateways.create(principal, target, body);
  }

  @Get()
  @ApiOperation({ summary: 'Gateways the caller can see' })
  @ApiOkResponse({
    description: 'A bare list, or with include_pagination=true {"gateways": [...], "nextCursor": ...}',
    headers: { [NEXT_CURSOR_HEADER]: { description: 'Cursor of the next page, when there is one', schema: { type: 'string' } } },
  })
  @RequirePermission('gateways.read', scopes.team(from.query('team_id')))
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CatalogListQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return listAnswer(reply, 'gateways', await this.gateways.list(principal, query), query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One gateway (404 unless the caller can see it); credentials show as *****' })
  @RequirePermission('gateways.read', scopes.resource('gateways', from.path('id')))
  get(@Authorized() target: AuthorizedTarget) {
    return this.gateways.get(target);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change a gateway; a new url, transport or credentials reconnect and re-import' })
  @RequirePermission('gateways.update', scopes.resource('gateways', from.path('id')))
  update(@Authorized() target: AuthorizedTarget, @Body() body: UpdateGatewayRequest) {
    return this.gateways.update(target, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a gateway and everything it imported' })
  @RequirePermission('gateways.delete', scopes.resource('gateways', from.path('id')))
  delete(@Authorized() target: AuthorizedTarget) {
    return this.gateways.delete(target);
  }

  @Post(':id/toggle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable or disable a gateway and what it imported (?activate=true|false)' })
  @RequirePermission('gateways.update', scopes.resource('gateways', from.path('id')))
  toggle(@Authorized() target: AuthorizedTarget, @Query() query: ToggleQuery) {
    return this.gateways.setEnabled(target, query.activate ?? true);
  }

  @Post(':id/state')
  @HttpCode(200)
  @ApiOperation({ summary: 'Same as /toggle (the newer ContextForge name)' })
  @RequirePermission('gateways.update', scopes.resource('gateways', from.path('id')))
  setState(@Authorized() target: AuthorizedTarget, @Query() query: ToggleQuery) {
    return this.gateways.setEnabled(target, query.activate ?? true);
  }

  @Post(':id/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: "Connect again and re-sync the gateway's tools, resources and prompts" })
  @RequirePermission('gateways.update', scopes.resource('gateways', from.path('id')))
  refresh(@Authorized() target: AuthorizedTarget) {
    return this.gateways.refresh(target);
  }

  @Post(':id/tools/refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Discover again and re-sync the tools (resources, prompts with ?include_resources / ?include_prompts); 200 with success',
  })
  @RequirePermission('gateways.update', scopes.resource('gateways', from.path('id')))
  refreshTools(@Authorized() target: AuthorizedTarget, @Query() query: RefreshToolsQuery) {
    return this.gateways.refreshTools(target, { resources: query.include_resources ?? false, prompts: query.include_prompts ?? false });
  }
}
