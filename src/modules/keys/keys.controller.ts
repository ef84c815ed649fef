import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../auth/route-decision.js';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { DeleteKeysRequest } from './dto/delete-keys.request.js';
import { GenerateKeyRequest } from './dto/generate-key.request.js';
import { BulkUpdateKeysRequest } from './dto/bulk-update-keys.request.js';
import { KeyAliasesQuery } from './dto/key-aliases.query.js';
import { KeyInfoQuery } from './dto/key-info.query.js';
import { KeyListQuery } from './dto/key-list.query.js';
import { KeyReferenceRequest } from './dto/key-reference.request.js';
import { RegenerateKeyRequest } from './dto/regenerate-key.request.js';
import { ResetSpendRequest } from './dto/reset-spend.request.js';
import { UpdateKeyRequest } from './dto/update-key.request.js';
import { KEY_RESOURCE } from './key-scope.resolver.js';
import { KeysService } from './keys.service.js';
import { AbuseLimit } from '../../common/throttling/abuse-limit.decorator.js';

/** LiteLLM's key-management API. Team keys follow the team's member permissions; personal keys their owner. */
@ApiTags('LiteLLM: keys')
@Controller('key')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post('generate')
  @AbuseLimit('issuance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a virtual key; the raw key is returned only here' })
  @RequirePermission('keys.generate', scopes.teamOrPersonal(from.body('team_id')))
  generate(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: GenerateKeyRequest) {
    // The team the guard authorized; a defaulted personal team means a personal key (no team).
    return this.keys.generate(principal, target.teamNamed ? target.teamId : null, body);
  }

  @Get('info')
  @ApiOperation({ summary: 'A key and its settings (no secret)' })
  @RequirePermission('keys.read', scopes.resource(KEY_RESOURCE, from.query('key')))
  info(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Query() query: KeyInfoQuery) {
    return this.keys.info(principal, target, query.key);
  }

  @Get('list')
  @ApiOperation({ summary: "Keys the caller may see: own keys, and as team admin the team's keys" })
  @RequirePermission('keys.read', scopes.personal())
  list(@CurrentPrincipal() principal: Principal, @Query() query: KeyListQuery) {
    return this.keys.list(principal, query);
  }

  @Get('aliases')
  @ApiOperation({ summary: 'Aliases of the keys the caller may list (as /key/list), paginated' })
  @RequirePermission('keys.read', scopes.personal())
  aliases(@CurrentPrincipal() principal: Principal, @Query() query: KeyAliasesQuery) {
    return this.keys.aliases(principal, query);
  }

  @Post('update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change a key; team_id moves it (needs the permission in both teams)' })
  @RequirePermission('keys.update', scopes.resource(KEY_RESOURCE, from.body('key')))
  update(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: UpdateKeyRequest) {
    return this.keys.update(principal, target, body);
  }

  @Post('bulk_update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Update many keys, each as /key/update in its own team; all or nothing' })
  @RequirePermission('keys.update', scopes.resource(KEY_RESOURCE, from.bodyItems('keys', 'key')))
  bulkUpdate(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: BulkUpdateKeysRequest) {
    return this.keys.bulkUpdate(principal, target, body);
  }

  @Post(':key/reset_spend')
  @HttpCode(200)
  @ApiOperation({ summary: "Lower a key's spend (usually to 0); personal keys: proxy admins only" })
  @RequirePermission('keys.update', scopes.resource(KEY_RESOURCE, from.path('key')))
  resetSpend(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Param('key') key: string,
    @Body() body: ResetSpendRequest,
  ) {
    return this.keys.resetSpend(principal, target, key, body);
  }

  @Post('delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete keys by value, hash or alias' })
  @RequirePermission('keys.delete', scopes.resource(KEY_RESOURCE, from.body('keys', true), from.body('key_aliases', true)))
  delete(@Authorized() target: AuthorizedTarget, @Body() body: DeleteKeysRequest) {
    return this.keys.delete(target, body);
  }

  @Post('regenerate')
  @AbuseLimit('issuance')
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret for a key; the old one stops at once or after grace_period' })
  @RequirePermission('keys.regenerate', scopes.resource(KEY_RESOURCE, from.body('key')))
  regenerate(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: RegenerateKeyRequest) {
    if (!body.key) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'key: name the key to regenerate (raw or hashed)', { param: 'key' });
    }
    return this.keys.regenerate(principal, target, body.key, body);
  }

  @Post(':key/regenerate')
  @AbuseLimit('issuance')
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret for the key named in the path' })
  @RequirePermission('keys.regenerate', scopes.resource(KEY_RESOURCE, from.path('key')))
  regenerateByPath(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Param('key') key: string,
    @Body() body: RegenerateKeyRequest,
  ) {
    return this.keys.regenerate(principal, target, key, body);
  }

  @Post('block')
  @HttpCode(200)
  @ApiOperation({ summary: 'Block a key: it is refused from the next request on' })
  @RequirePermission('keys.block', scopes.resource(KEY_RESOURCE, from.body('key')))
  block(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: KeyReferenceRequest) {
    return this.keys.setBlocked(principal, target, body.key, true);
  }

  @Post('unblock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unblock a key' })
  @RequirePermission('keys.block', scopes.resource(KEY_RESOURCE, from.body('key')))
  unblock(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() body: KeyReferenceRequest) {
    return this.keys.setBlocked(principal, target, body.key, false);
  }

  @Post('health')
  @HttpCode(200)
  @ApiOperation({ summary: "Health of the calling key's logging callbacks (none here)" })
  @Authenticated()
  health() {
    return { key: 'healthy', logging_callbacks: null };
  }
}
