import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { NEXT_CURSOR_HEADER } from './cursor-page.js';
import { listAnswer } from './list-answer.js';
import { CatalogListQuery } from './dto/catalog-list.query.js';
import { CreateServerRequest } from './dto/create-server.request.js';
import { ToggleQuery } from './dto/toggle.query.js';
import { UpdateServerRequest } from './dto/update-server.request.js';
import { ServersService } from './servers.service.js';

/** ContextForge `servers`: virtual servers bundling tools, resources and prompts. */
@ApiTags('ContextForge: servers')
@Controller('servers')
export class ServersController {
  constructor(private readonly servers: ServersService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a server in team_id, or without one in the personal team' })
  @RequirePermission('servers.create', scopes.teamOrPersonalAndAny(from.body('team_id')))
  create(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: CreateServerRequest) {
    return this.servers.create(principal, target, body);
  }

  @Get()
  @ApiOperation({ summary: "Servers the caller can see (public, own, and their teams' team rows)" })
  @ApiOkResponse({
    description: 'A bare list, or with include_pagination=true {"servers": [...], "nextCursor": ...}',
    headers: { [NEXT_CURSOR_HEADER]: { description: 'Cursor of the next page, when there is one', schema: { type: 'string' } } },
  })
  @RequirePermission('servers.read', scopes.team(from.query('team_id')))
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CatalogListQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return listAnswer(reply, 'servers', await this.servers.list(principal, query), query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One server (404 unless the caller can see it)' })
  @RequirePermission('servers.read', scopes.resource('servers', from.path('id')))
  get(@Authorized() target: AuthorizedTarget) {
    return this.servers.get(target);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change a server: its owner, a platform admin, or servers.update in its team' })
  @RequirePermission('servers.update', scopes.resource('servers', from.path('id')))
  update(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: UpdateServerRequest) {
    return this.servers.update(principal, target, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a server: its owner, a platform admin, or servers.delete in its team' })
  @RequirePermission('servers.delete', scopes.resource('servers', from.path('id')))
  delete(@Authorized() target: AuthorizedTarget) {
    return this.servers.delete(target);
  }

  @Post(':id/toggle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable (?activate=true) or disable (?activate=false) a server' })
  @RequirePermission('servers.update', scopes.resource('servers', from.path('id')))
  toggle(@Authorized() target: AuthorizedTarget, @Query() query: ToggleQuery) {
    return this.servers.setEnabled(target, query.activate ?? true);
  }

  @Post(':id/state')
  @HttpCode(200)
  @ApiOperation({ summary: 'Same as /toggle (the newer ContextForge name)' })
  @RequirePermission('servers.update', scopes.resource('servers', from.path('id')))
  setState(@Authorized() target: AuthorizedTarget, @Query() query: ToggleQuery) {
    return this.servers.setEnabled(target, query.activate ?? true);
  }
}
