import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { NEXT_CURSOR_HEADER } from './cursor-page.js';
import { listAnswer } from './list-answer.js';
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
  @RequirePermission('prompts.create', scopes.teamOrPersonalAndAny(from.body('team_id')))
  create(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: CreatePromptRequest) {
    return this.prompts.create(principal, target, body);
  }

  @Get()
  @ApiOperation({ summary: "Prompts the caller can see (public, own, and their teams' team rows)" })
  @ApiOkResponse({
    description: 'A bare list, or with include_pagination=true {"prompts": [...], "nextCursor": ...}',
    headers: { [NEXT_CURSOR_HEADER]: { description: 'Cursor of the next page, when there is one', schema: { type: 'string' } } },
  })
  @RequirePermission('prompts.read', scopes.team(from.query('team_id')))
  async list(@CurrentPrincipal() principal: Principal, @Query() query: CatalogListQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return listAnswer(reply, 'prompts', await this.prompts.list(principal, query), query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One prompt (404 unless the caller can see it)' })
  @RequirePermission('prompts.read', scopes.resource('prompts', from.path('id')))
  get(@Authorized() target: AuthorizedTarget) {
    return this.prompts.get(target);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change a prompt: its owner, a platform admin, or prompts.update in its team' })
  @RequirePermission('prompts.update', scopes.resource('prompts', from.path('id')))
  update(@Authorized() target: AuthorizedTarget, @Body() body: UpdatePromptRequest) {
    return this.prompts.update(target, body);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a prompt: its owner, a platform admin, or prompts.delete in its team' })
  @RequirePermission('prompts.delete', scopes.resource('prompts', from.path('id')))
  delete(@Authorized() target: AuthorizedTarget) {
    return this.prompts.delete(target);
  }

  @Post(':id/toggle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable (?activate=true) or disable (?activate=false) a prompt' })
  @RequirePermission('prompts.update', scopes.resource('prompts', from.path('id')))
  toggle(@Authorized() target: AuthorizedTarget, @Query() query: ToggleQuery) {
    return this.prompts.setEnabled(target, query.activate ?? true);
  }

  @Post(':id/state')
  @HttpCode(200)
  @ApiOperation({ summary: 'Same as /toggle (the newer ContextForge name)' })
  @RequirePermission('prompts.update', scopes.resource('prompts', from.path('id')))
  setState(@Authorized() target: AuthorizedTarget, @Query() query: ToggleQuery) {
    return this.prompts.setEnabled(target, query.activate ?? true);
  }

  @Post(':id')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Render a prompt with arguments (MCP prompts/get): {{ name }} placeholders are replaced, nothing is evaluated',
  })
  @ApiBody({
    required: false,
    description: 'The arguments as the body itself ({"name": "Ada"}), or wrapped ({"arguments": {"name": "Ada"}}); string values',
    schema: { type: 'object', additionalProperties: { type: 'string' }, example: { name: 'Ada' } },
  })
  // ContextForge asks prompts.read here (prompts.execute is in no system role, not even team_admin's).
  @RequirePermission('prompts.read', scopes.resource('prompts', from.path('id')))
  render(@Authorized() target: AuthorizedTarget, @Body() body: unknown) {
    return this.prompts.render(target, body);
  }
}
