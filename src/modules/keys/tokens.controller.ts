import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { AdminTokenListQuery } from './dto/admin-token-list.query.js';
import { CreateTokenRequest } from './dto/create-token.request.js';
import { RevokeTokenRequest } from './dto/revoke-token.request.js';
import { TokenListQuery } from './dto/token-list.query.js';
import { TokenUsageQuery } from './dto/token-usage.query.js';
import { UpdateTokenRequest } from './dto/update-token.request.js';
import { TOKEN_RESOURCE } from './token-scope.resolver.js';
import { TokensService } from './tokens.service.js';
import { AbuseLimit } from '../../common/throttling/abuse-limit.decorator.js';

/**
 * ContextForge's API tokens (`/tokens`): scoped credentials for automation, stored beside LiteLLM virtual keys.
 * Managed from interactive sessions only: the engine refuses `tokens.*` to any stored credential.
 */
@ApiTags('ContextForge: API tokens')
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @AbuseLimit('issuance')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an API token (in team_id, or team-less); the token is returned only here' })
  // `members`: a team token is minted by the team's members only (every user holds tokens.* globally).
  @RequirePermission('tokens.create', scopes.teamOrPersonal(from.body('team_id'), 'members'))
  create(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: CreateTokenRequest) {
    // A defaulted personal team means a team-less token.
    return this.tokens.create(principal, target.teamNamed ? target.teamId : null, body);
  }

  @Get()
  @ApiOperation({ summary: "The caller's own API tokens" })
  @RequirePermission('tokens.read', scopes.personal())
  list(@CurrentPrincipal() principal: Principal, @Query() query: TokenListQuery) {
    return this.tokens.listOwn(principal, query);
  }

  @Get('admin/all')
  @ApiOperation({ summary: "Platform admins: every user's API tokens (or one user's: user_email)" })
  @RequirePermission('admin.security_audit', scopes.global())
  listAll(@Query() query: AdminTokenListQuery) {
    return this.tokens.listAll(query);
  }

  @Delete('admin/:token_id')
  @HttpCode(204)
  @ApiOperation({ summary: "Platform admins: revoke anyone's API token" })
  @RequirePermission('admin.security_audit', scopes.resource(TOKEN_RESOURCE, from.path('token_id')))
  async adminRevoke(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: RevokeTokenRequest) {
    await this.tokens.revoke(principal, target, body, true);
  }

  @Post('teams/:team_id')
  @AbuseLimit('issuance')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an API token acting in the team (a member with tokens.create there)' })
  @RequirePermission('tokens.create', scopes.team(from.path('team_id'), 'members'))
  createForTeam(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: CreateTokenRequest) {
    return this.tokens.create(principal, target.teamId, body);
  }

  @Get('teams/:team_id')
  @ApiOperation({ summary: "A team's API tokens (its owners and platform admins)" })
  @RequirePermission('tokens.read', scopes.team(from.path('team_id'), 'members'))
  listForTeam(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Query() query: TokenListQuery) {
    return this.tokens.listTeam(principal, target, query);
  }

  @Get(':token_id')
  @ApiOperation({ summary: "One API token (404 unless it is the caller's, or the caller is a platform admin)" })
  @RequirePermission('tokens.read', scopes.resource(TOKEN_RESOURCE, from.path('token_id')))
  get(@Authorized() target: AuthorizedTarget) {
    return this.tokens.get(target);
  }

  @Put(':token_id')
  @ApiOperation({ summary: 'Rename, describe, tag or re-scope an API token (the scope checked as at creation)' })
  @RequirePermission('tokens.update', scopes.resource(TOKEN_RESOURCE, from.path('token_id')))
  update(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: UpdateTokenRequest) {
    return this.tokens.update(principal, target, body);
  }

  @Delete(':token_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token: refused from the next request on, on every instance' })
  @RequirePermission('tokens.revoke', scopes.resource(TOKEN_RESOURCE, from.path('token_id')))
  async revoke(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: RevokeTokenRequest) {
    await this.tokens.revoke(principal, target, body, false);
  }

  @Get(':token_id/usage')
  @ApiOperation({ summary: "An API token's usage: requests, successes, 403s, response time, top routes" })
  @RequirePermission('tokens.read', scopes.resource(TOKEN_RESOURCE, from.path('token_id')))
  usage(@Authorized() target: AuthorizedTarget, @Query() query: TokenUsageQuery) {
    return this.tokens.usageOf(target, query.days ?? 30);
  }
}
