import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { AdminCatalogService } from './admin-catalog.service.js';
import { AdminExceptionFilter } from './admin-exception.filter.js';
import { optional } from './admin-form-fields.js';
import { answerChange, sendPage } from './admin-responses.js';
import { AdminServerForm } from './dto/admin-server.form.js';
import { AdminToolForm } from './dto/admin-tool.form.js';
import { AdminResourceForm } from './dto/admin-resource.form.js';
import { AdminPromptForm } from './dto/admin-prompt.form.js';
import { AdminEditForm } from './dto/admin-edit.form.js';
import { AdminRowActionForm } from './dto/admin-row-action.form.js';
import { AdminViewQuery } from './dto/admin-view.query.js';

/**
 * The catalog tabs of the admin page: tables, create forms and row buttons for virtual servers, tools, resources and prompts. Each route asks the engine exactly what its API twin asks (e.g. `tools.create` in the team of the view), through the same guard.
 */
@ApiTags('Admin UI')
@UseFilters(AdminExceptionFilter)
@Controller('admin')
export class AdminCatalogController {
  constructor(private readonly catalog: AdminCatalogService) {}

  @Get('servers/partial')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The server table (search: q, next page: cursor)' })
  @RequirePermission('servers.read', scopes.team(from.query('team_id')))
  async serversTable(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Query() query: AdminViewQuery,
    @Res() reply: FastifyReply,
  ) {
    return sendPage(reply, 'table', await this.catalog.table(principal, 'servers', target.teamId, query.q, query.cursor));
  }

  @Post('servers')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a server from the form, in the team of the view (else the personal team)' })
  @RequirePermission('servers.create', scopes.teamOrPersonalAndAny(from.body('team_id')))
  async createServer(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminServerForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const result = await this.catalog.createServer(principal, target, form);
    return answerChange(request, reply, 'catalog', target.teamNamed ? target.teamId : null, result.message);
  }

  @Get('servers/:id/edit')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The edit page of a server' })
  @RequirePermission('servers.update', scopes.resource('servers', from.path('id')))
  async serversEditPage(@Authorized() target: AuthorizedTarget, @Query() query: AdminViewQuery, @Res() reply: FastifyReply) {
    return sendPage(reply, 'edit', await this.catalog.editPage('servers', target, optional(query.team_id) ?? null));
  }

  @Post('servers/:id/edit')
  @HttpCode(303)
  @ApiOperation({ summary: 'Change a server: name, description, visibility' })
  @RequirePermission('servers.update', scopes.resource('servers', from.path('id')))
  async serversEdit(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminEditForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.catalog.update(principal, 'servers', target, form);
    return answerChange(request, reply, 'catalog', optional(form.team_id) ?? null, 'Server saved');
  }

  @Post('servers/:id/state')
  @HttpCode(303)
  @ApiOperation({ summary: 'Enable (activate=true) or disable a server' })
  @RequirePermission('servers.update', scopes.resource('servers', from.path('id')))
  async serversState(
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminRowActionForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const enabled = form.activate !== 'false';
    await this.catalog.setEnabled('servers', target, enabled);
    return answerChange(request, reply, 'catalog', optional(form.team_id) ?? null, `Server ${enabled ? 'enabled' : 'disabled'}`);
  }

  @Post('servers/:id/delete')
  @HttpCode(303)
  @ApiOperation({ summary: 'Delete a server (a native form post; answers 303 back to the tab)' })
  @RequirePermission('servers.delete', scopes.resource('servers', from.path('id')))
  async serversDelete(
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminRowActionForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.catalog.remove('servers', target);
    return answerChange(request, reply, 'catalog', optional(form.team_id) ?? null, 'Server deleted', { notice: false });
  }

  @Get('tools/partial')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The tool table (search: q, next page: cursor)' })
  @RequirePermission('tools.read', scopes.team(from.query('team_id')))
  async toolsTable(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Query() query: AdminViewQuery,
    @Res() reply: FastifyReply,
  ) {
    return sendPage(reply, 'table', await this.catalog.table(principal, 'tools', target.teamId, query.q, query.cursor));
  }

  @Post('tools')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a tool from the form, in the team of the view (else the personal team)' })
  @RequirePermission('tools.create', scopes.teamOrPersonalAndAny(from.body('team_id')))
  async createTool(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminToolForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const result = await this.catalog.createTool(principal, target, form);
    return answerChange(request, reply, 'tools', target.teamNamed ? target.teamId : null, result.message);
  }

  @Get('tools/:id/edit')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The edit page of a tool' })
  @RequirePermission('tools.update', scopes.resource('tools', from.path('id')))
  async toolsEditPage(@Authorized() target: AuthorizedTarget, @Query() query: AdminViewQuery, @Res() reply: FastifyReply) {
    return sendPage(reply, 'edit', await this.catalog.editPage('tools', target, optional(query.team_id) ?? null));
  }

  @Post('tools/:id/edit')
  @HttpCode(303)
  @ApiOperation({ summary: 'Change a tool: name, description, visibility' })
  @RequirePermission('tools.update', scopes.resource('tools', from.path('id')))
  async toolsEdit(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminEditForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.catalog.update(principal, 'tools', target, form);
    return answerChange(request, reply, 'tools', optional(form.team_id) ?? null, 'Tool saved');
  }

  @Post('tools/:id/state')
  @HttpCode(303)
  @ApiOperation({ summary: 'Enable (activate=true) or disable a tool' })
  @RequirePermission('tools.update', scopes.resource('tools', from.path('id')))
  async toolsState(
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminRowActionForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const enabled = form.activate !== 'false';
    await this.catalog.setEnabled('tools', target, enabled);
    return answerChange(request, reply, 'tools', optional(form.team_id) ?? null, `Tool ${enabled ? 'enabled' : 'disabled'}`);
  }

  @Post('tools/:id/delete')
  @HttpCode(303)
  @ApiOperation({ summary: 'Delete a tool (a native form post; answers 303 back to the tab)' })
  @RequirePermission('tools.delete', scopes.resource('tools', from.path('id')))
  async toolsDelete(
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminRowActionForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.catalog.remove('tools', target);
    return answerChange(request, reply, 'tools', optional(form.team_id) ?? null, 'Tool deleted', { notice: false });
  }

  @Get('resources/partial')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The resource table (search: q, next page: cursor)' })
  @RequirePermission('resources.read', scopes.team(from.query('team_id')))
  async resourcesTable(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Query() query: AdminViewQuery,
    @Res() reply: FastifyReply,
  ) {
    return sendPage(reply, 'table', await this.catalog.table(principal, 'resources', target.teamId, query.q, query.cursor));
  }

  @Post('resources')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a resource from the form, in the team of the view (else the personal team)' })
  @RequirePermission('resources.create', scopes.teamOrPersonalAndAny(from.body('team_id')))
  async createResource(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminResourceForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const result = await this.catalog.createResource(principal, target, form);
    return answerChange(request, reply, 'resources', target.teamNamed ? target.teamId : null, result.message);
  }

  @Get('resources/:id/edit')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The edit page of a resource' })
  @RequirePermission('resources.update', scopes.resource('resources', from.path('id')))
  async resourcesEditPage(@Authorized() target: AuthorizedTarget, @Query() query: AdminViewQuery, @Res() reply: FastifyReply) {
    return sendPage(reply, 'edit', await this.catalog.editPage('resources', target, optional(query.team_id) ?? null));
  }

  @Post('resources/:id/edit')
  @HttpCode(303)
  @ApiOperation({ summary: 'Change a resource: name, description, visibility' })
  @RequirePermission('resources.update', scopes.resource('resources', from.path('id')))
  async resourcesEdit(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminEditForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.catalog.update(principal, 'resources', target, form);
    return answerChange(request, reply, 'resources', optional(form.team_id) ?? null, 'Resource saved');
  }

  @Post('resources/:id/state')
  @HttpCode(303)
  @ApiOperation({ summary: 'Enable (activate=true) or disable a resource' })
  @RequirePermission('resources.update', scopes.resource('resources', from.path('id')))
  async resourcesState(
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminRowActionForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const enabled = form.activate !== 'false';
    await this.catalog.setEnabled('resources', target, enabled);
    return answerChange(request, reply, 'resources', optional(form.team_id) ?? null, `Resource ${enabled ? 'enabled' : 'disabled'}`);
  }

  @Post('resources/:id/delete')
  @HttpCode(303)
  @ApiOperation({ summary: 'Delete a resource (a native form post; answers 303 back to the tab)' })
  @RequirePermission('resources.delete', scopes.resource('resources', from.path('id')))
  async resourcesDelete(
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminRowActionForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.catalog.remove('resources', target);
    return answerChange(request, reply, 'resources', optional(form.team_id) ?? null, 'Resource deleted', { notice: false });
  }

  @Get('prompts/partial')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The prompt table (search: q, next page: cursor)' })
  @RequirePermission('prompts.read', scopes.team(from.query('team_id')))
  async promptsTable(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Query() query: AdminViewQuery,
    @Res() reply: FastifyReply,
  ) {
    return sendPage(reply, 'table', await this.catalog.table(principal, 'prompts', target.teamId, query.q, query.cursor));
  }

  @Post('prompts')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a prompt from the form, in the team of the view (else the personal team)' })
  @RequirePermission('prompts.create', scopes.teamOrPersonalAndAny(from.body('team_id')))
  async createPrompt(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminPromptForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const result = await this.catalog.createPrompt(principal, target, form);
    return answerChange(request, reply, 'prompts', target.teamNamed ? target.teamId : null, result.message);
  }

  @Get('prompts/:id/edit')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The edit page of a prompt' })
  @RequirePermission('prompts.update', scopes.resource('prompts', from.path('id')))
  async promptsEditPage(@Authorized() target: AuthorizedTarget, @Query() query: AdminViewQuery, @Res() reply: FastifyReply) {
    return sendPage(reply, 'edit', await this.catalog.editPage('prompts', target, optional(query.team_id) ?? null));
  }

  @Post('prompts/:id/edit')
  @HttpCode(303)
  @ApiOperation({ summary: 'Change a prompt: name, description, visibility' })
  @RequirePermission('prompts.update', scopes.resource('prompts', from.path('id')))
  async promptsEdit(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminEditForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.catalog.update(principal, 'prompts', target, form);
    return answerChange(request, reply, 'prompts', optional(form.team_id) ?? null, 'Prompt saved');
  }

  @Post('prompts/:id/state')
  @HttpCode(303)
  @ApiOperation({ summary: 'Enable (activate=true) or disable a prompt' })
  @RequirePermission('prompts.update', scopes.resource('prompts', from.path('id')))
  async promptsState(
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminRowActionForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const enabled = form.activate !== 'false';
    await this.catalog.setEnabled('prompts', target, enabled);
    return answerChange(request, reply, 'prompts', optional(form.team_id) ?? null, `Prompt ${enabled ? 'enabled' : 'disabled'}`);
  }

  @Post('prompts/:id/delete')
  @HttpCode(303)
  @ApiOperation({ summary: 'Delete a prompt (a native form post; answers 303 back to the tab)' })
  @RequirePermission('prompts.delete', scopes.resource('prompts', from.path('id')))
  async promptsDelete(
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminRowActionForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.catalog.remove('prompts', target);
    return answerChange(request, reply, 'prompts', optional(form.team_id) ?? null, 'Prompt deleted', { notice: false });
  }
}
