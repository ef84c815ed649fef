import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../auth/route-decision.js';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { DeleteKeysRequest } from './dto/delete-keys.request.js';
import { GenerateKeyRequest } from './dto/generate-key.request.js';
import { KeyInfoQuery } from './dto/key-info.query.js';
import { KeyListQuery } from './dto/key-list.query.js';
import { KeyReferenceRequest } from './dto/key-reference.request.js';
import { RegenerateKeyRequest } from './dto/regenerate-key.request.js';
import { UpdateKeyRequest } from './dto/update-key.request.js';
import { KEY_RESOURCE } from './key-scope.resolver.js';
import { KeysService } from './keys.service.js';

/** LiteLLM's key-management API. Team keys follow the team's member permissions; personal keys their owner. */
@ApiTags('LiteLLM: keys')
@Controller('key')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post('generate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a virtual key; the raw key is returned only here' })
  @RequirePermission('keys.generate', scopes.requestOrPersonal('team_id'))
  generate(@CurrentPrincipal() principal: Principal, @Body() body: GenerateKeyRequest) {
    return this.keys.generate(principal, body);
  }

  @Get('info')
  @ApiOperation({ summary: 'A key and its settings (no secret)' })
  @RequirePermission('keys.read', scopes.resource(KEY_RESOURCE))
  info(@CurrentPrincipal() principal: Principal, @Query() query: KeyInfoQuery) {
    return this.keys.info(principal, query.key);
  }

  @Get('list')
  @ApiOperation({ summary: "Keys the caller may see: own keys, and as team admin the team's keys" })
  @RequirePermission('keys.read', scopes.personal())
  list(@CurrentPrincipal() principal: Principal, @Query() query: KeyListQuery) {
    return this.keys.list(principal, query);
  }

  @Post('update')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change a key; team_id moves it (needs the permission in both teams)' })
  @RequirePermission('keys.update', scopes.resource(KEY_RESOURCE))
  update(@CurrentPrincipal() principal: Principal, @Body() body: UpdateKeyRequest) {
    return this.keys.update(principal, body);
  }

  @Post('delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete keys by value, hash or alias' })
  @RequirePermission('keys.delete', scopes.resource(KEY_RESOURCE))
  delete(@CurrentPrincipal() principal: Principal, @Body() body: DeleteKeysRequest) {
    return this.keys.delete(principal, body);
  }

  @Post('regenerate')
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret for a key; the old one stops at once or after grace_period' })
  @RequirePermission('keys.regenerate', scopes.resource(KEY_RESOURCE))
  regenerate(@CurrentPrincipal() principal: Principal, @Body() body: RegenerateKeyRequest) {
    if (!body.key) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'key: name the key to regenerate (raw or hashed)', { param: 'key' });
    }
    return this.keys.regenerate(principal, body.key, body);
  }

  @Post(':key/regenerate')
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret for the key named in the path' })
  @RequirePermission('keys.regenerate', scopes.resource(KEY_RESOURCE))
  regenerateByPath(@CurrentPrincipal() principal: Principal, @Param('key') key: string, @Body() body: RegenerateKeyRequest) {
    return this.keys.regenerate(principal, key, body);
  }

  @Post('block')
  @HttpCode(200)
  @ApiOperation({ summary: 'Block a key: it is refused from the next request on' })
  @RequirePermission('keys.block', scopes.resource(KEY_RESOURCE))
  block(@CurrentPrincipal() principal: Principal, @Body() body: KeyReferenceRequest) {
    return this.keys.setBlocked(principal, body.key, true);
  }

  @Post('unblock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unblock a key' })
  @RequirePermission('keys.block', scopes.resource(KEY_RESOURCE))
  unblock(@CurrentPrincipal() principal: Principal, @Body() body: KeyReferenceRequest) {
    return this.keys.setBlocked(principal, body.key, false);
  }

  @Post('health')
  @HttpCode(200)
  @ApiOperation({ summary: "Health of the calling key's logging callbacks (none here)" })
  @Authenticated()
  health() {
    return { key: 'healthy', logging_callbacks: null };
  }
}
