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
import { CreateResourceRequest } from './dto/create-resource.request.js';
import { IncludeInactiveQuery } from './dto/include-inactive.query.js';
import { ToggleQuery } from './dto/toggle.query.js';
import { UpdateResourceRequest } from './dto/update-resource.request.js';
import { ResourcesService } from './resources.service.js';

/** ContextForge `resources`: resources, identified by URI. */
@ApiTags('ContextForge: resources')
@Controller('resources')
export class ResourcesController {
  constructor(private readonly resources: ResourcesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a resource in team_id, or without one in the personal team' })
  @RequirePermission('resources.create', scopes.teamOrPersonalAndAny(from.body('team_id')))
  create(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: CreateResourceRequest) {
    return this.resources.create(principal, target, body);
  }

  @Get()
  @ApiOperation({ summary: "Resources the caller can see (public, own, and their teams' team rows)" })
  @ApiOkResponse({
    description: 'A bare list, or with include_pagination=true {"resources": [...], "nextCursor": ...}',
    headers: { [NEXT_CURSOR_HEADER]: { description: 'Cursor of the next page, when there is one', schema: { type: 'string' } } },
  })
  @RequirePermission('resources.read', scopes.team(from.query('team_id')))
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CatalogListQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return listAnswer(reply, 'resources', await this.resources.list(principal, query), query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One resource (404 unless the caller can see it)' })
  @RequirePermission('resources.read', scopes.resource('resources', from.path('id')))
  get(@Authorized() target: AuthorizedTarget) {
    return this.resources.get(target);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change a resource: its owner, a platform admin, or resources.update in its team' })
  @RequirePermission('resources.update', scopes.resource('resources', from.path('id')))
  update(@Authorized() target: AuthorizedTarget, @Body() body: UpdateResourceRequest) {
    return this.resources.update(target, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a resource: its owner, a platform admin, or resources.delete in its team' })
  @RequirePermission('resources.delete', scopes.resource('resources', from.path('id')))
  delete(@Authorized() target: AuthorizedTarget) {
    return this.resources.delete(target);
  }

  @Post(':id/toggle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable (?activate=true) or disable (?activate=false) a resource' })
  @RequirePermission('resources.update', scopes.resource('resources', from.path('id')))
  toggle(@Authorized() target: AuthorizedTarget, @Query() query: ToggleQuery) {
    return this.resources.setEnabled(target, query.activate ?? true);
  }

  @Post(':id/state')
  @HttpCode(200)
  @ApiOperation({ summary: 'Same as /toggle (the newer ContextForge name)' })
  @RequirePermission('resources.update', scopes.resource('resources', from.path('id')))
  setState(@Authorized() target: AuthorizedTarget, @Query() query: ToggleQuery) {
    return this.resources.setEnabled(target, query.activate ?? true);
  }

  @Get(':id/info')
  @ApiOperation({ summary: "A resource's metadata without its content (404 unless visible; disabled only with ?include_inactive=true)" })
  @RequirePermission('resources.read', scopes.resource('resources', from.path('id')))
  info(@Authorized() target: AuthorizedTarget, @Query() query: IncludeInactiveQuery) {
    return this.resources.info(target, query.include_inactive ?? false);
  }
}
