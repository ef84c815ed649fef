import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { NEXT_CURSOR_HEADER } from './cursor-page.js';
import { CatalogListQuery } from './dto/catalog-list.query.js';
import { CreatePromptRequest } from './dto/create-prompt.request.js';
import { ToggleQuery } from './dto/toggle.query.js';
import { UpdatePromptRequest } from './dto/update-prompt.request.js';
import { PromptsService } from './prompts.service.js';

/** ContextForge `prompts`: prompt templates. */
@ApiTags('ContextForge: prompts')
@Controller('prompts')
export class PromptsController {
  constructor(private readonly prompts: PromptsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a prompt in team_id, or without one in the personal team' })
  @RequirePermission('prompts.create', scopes.request('team_id'))
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreatePromptRequest) {
    return this.prompts.create(principal, body);
  }

  @Get()
  @ApiOperation({ summary: 'Prompts the caller can see (public, own, and their teams\' team rows)' })
  @ApiOkResponse({ description: 'A bare list', headers: { [NEXT_CURSOR_HEADER]: { description: 'Cursor of the next page, when there is one', schema: { type: 'string' } } } })
  @RequirePermission('prompts.read', scopes.request('team_id'))
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CatalogListQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const page = await this.prompts.list(principal, query);
    if (page.nextCursor) reply.header(NEXT_CURSOR_HEADER, page.nextCursor);
    return page.items;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One prompt (404 unless the caller can see it)' })
  @RequirePermission('prompts.read', scopes.resource('prompts'))
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.prompts.get(principal, id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change a prompt: its owner, a platform admin, or prompts.update in its team' })
  @RequirePermission('prompts.update', scopes.resource('prompts'))
  update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: UpdatePromptRequest) {
    return this.prompts.update(principal, id, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a prompt: its owner, a platform admin, or prompts.delete in its team' })
  @RequirePermission('prompts.delete', scopes.resource('prompts'))
  delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.prompts.delete(principal, id);
  }

  @Post(':id/toggle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable (?activate=true) or disable (?activate=false) a prompt' })
  @RequirePermission('prompts.update', scopes.resource('prompts'))
  toggle(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ToggleQuery) {
    return this.prompts.setEnabled(principal, id, query.activate ?? true);
  }

  @Post(':id/state')
  @HttpCode(200)
  @ApiOperation({ summary: 'Same as /toggle (the newer ContextForge name)' })
  @RequirePermission('prompts.update', scopes.resource('prompts'))
  setState(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ToggleQuery) {
    return this.prompts.setEnabled(principal, id, query.activate ?? true);
  }
}
