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
import { AdminGatewayForm } from './dto/admin-gateway.form.js';
import { AdminEditForm } from './dto/admin-edit.form.js';
import { AdminRowActionForm } from './dto/admin-row-action.form.js';
import { AdminViewQuery } from './dto/admin-view.query.js';

/**
 * The MCP servers (gateways) tab of the admin page: table, create form, enable/disable and delete. Each route asks the engine exactly what its API twin asks (`gateways.create`, `gateways.delete` on the row), through the same guard.
 */
@ApiTags('Admin UI')
@UseFilters(AdminExceptionFilter)
@Controller('admin')
export class AdminGatewaysController {
  constructor(private readonly catalog: AdminCatalogService) {}

  @Get('gateways/partial')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The gateway table (search: q, next page: cursor)' })
  @RequirePermission('gateways.read', scopes.team(from.query('team_id')))
  async gatewaysTable(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Query() query: AdminViewQuery,
    @Res() reply: FastifyReply,
  ) {
    return sendPage(reply, 'table', await this.catalog.table(principal, 'gateways', target.teamId, query.q, query.cursor));
  }

  @Post('gateways')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a gateway from the form, in the team of the view (else the personal team)' })
  @RequirePermission('gateways.create', scopes.teamOrPersonalAndAny(from.body('team_id')))
  async createGateway(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminGatewayForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const result = await this.catalog.createGateway(principal, target, form);
    return answerChange(request, reply, 'gateways', target.teamNamed ? target.teamId : null, result.message);
  }

  @Get('gateways/:id/edit')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The edit page of a gateway' })
  @RequirePermission('gateways.update', scopes.resource('gateways', from.path('id')))
  async gatewaysEditPage(@Authorized() target: AuthorizedTarget, @Query() query: AdminViewQuery, @Res() reply: FastifyReply) {
    return sendPage(reply, 'edit', await this.catalog.editPage('gateways', target, optional(query.team_id) ?? null));
  }

  @Post('gateways/:id/edit')
  @HttpCode(303)
  @ApiOperation({ summary: 'Change a gateway: name, description, visibility' })
  @RequirePermission('gateways.update', scopes.resource('gateways', from.path('id')))
  async gatewaysEdit(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminEditForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.catalog.update(principal, 'gateways', target, form);
    return answerChange(request, reply, 'gateways', optional(form.team_id) ?? null, 'Gateway saved');
  }

  @Post('gateways/:id/state')
  @HttpCode(303)
  @ApiOperation({ summary: 'Enable (activate=true) or disable a gateway' })
  @RequirePermission('gateways.update', scopes.resource('gateways', from.path('id')))
  async gatewaysState(
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminRowActionForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const enabled = form.activate !== 'false';
    await this.catalog.setEnabled('gateways', target, enabled);
    return answerChange(request, reply, 'gateways', optional(form.team_id) ?? null, `Gateway ${enabled ? 'enabled' : 'disabled'}`);
  }

  @Post('gateways/:id/delete')
  @HttpCode(303)
  @ApiOperation({ summary: 'Delete a gateway (a native form post; answers 303 back to the tab)' })
  @RequirePermission('gateways.delete', scopes.resource('gateways', from.path('id')))
  async gatewaysDelete(
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminRowActionForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.catalog.remove('gateways', target);
    return answerChange(request, reply, 'gateways', optional(form.team_id) ?? null, 'Gateway deleted', { notice: false });
  }
}
