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
import { CreateToolRequest } from './dto/create-tool.request.js';
import { ToggleQuery } from './dto/toggle.query.js';
import { UpdateToolRequest } from './dto/update-tool.request.js';
import { ToolsService } from './tools.service.js';

/** ContextForge `tools`: REST tools registered by hand, and the MCP tools gateways import. */
@ApiTags('ContextForge: tools')
@Controller('tools')
export class ToolsController {
  constructor(private readonly tools: ToolsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a tool in team_id, or without one in the personal team' })
  @RequirePermission('tools.create', scopes.teamOrPersonalAndAny(from.body('team_id')))
  create(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: CreateToolRequest) {
    return this.tools.create(principal, target, body);
  }

  @Get()
  @ApiOperation({ summary: "Tools the caller can see (public, own, and their teams' team rows)" })
  @ApiOkResponse({
    description: 'A bare list, or with include_pagination=true {"tools": [...], "nextCursor": ...}',
    headers: { [NEXT_CURSOR_HEADER]: { description: 'Cursor of the next page, when there is one', schema: { type: 'string' } } },
  })
  @RequirePermission('tools.read', scopes.team(from.query('team_id')))
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CatalogListQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return listAnswer(reply, 'tools', await this.tools.list(principal, query), query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One tool (404 unless the caller can see it)' })
  @RequirePermission('tools.read', scopes.resource('tools', from.path('id')))
  get(@Authorized() target: AuthorizedTarget) {
    return this.tools.get(target);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change a tool: its owner, a platform admin, or tools.update in its team' })
  @RequirePermission('tools.update', scopes.resource('tools', from.path('id')))
  update(@Authorized() target: AuthorizedTarget, @Body() body: UpdateToolRequest) {
    return this.tools.update(target, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a tool: its owner, a platform admin, or tools.delete in its team' })
  @RequirePermission('tools.delete', scopes.resource('tools', from.path('id')))
  delete(@Authorized() target: AuthorizedTarget) {
    return this.tools.delete(target);
  }

  @Post(':id/toggle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable (?activate=true) or disable (?activate=false) a tool' })
  @RequirePermission('tools.update', scopes.resource('tools', from.path('id')))
  toggle(@Authorized() target: AuthorizedTarget, @Query() query: ToggleQuery) {
    return this.tools.setEnabled(target, query.activate ?? true);
  }

  @Post(':id/state')
  @HttpCode(200)
  @ApiOperation({ summary: 'Same as /toggle (the newer ContextForge name)' })
  @RequirePermission('tools.update', scopes.resource('tools', from.path('id')))
  setState(@Authorized() target: AuthorizedTarget, @Query() query: ToggleQuery) {
    return this.tools.setEnabled(target, query.activate ?? true);
  }
}
