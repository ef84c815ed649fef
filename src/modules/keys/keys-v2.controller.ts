import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { KeyInfoV2Request } from './dto/key-info-v2.request.js';
import { KEY_RESOURCE } from './key-scope.resolver.js';
import { KeysService } from './keys.service.js';

/** LiteLLM's `/v2/key/*` routes. */
@ApiTags('LiteLLM: keys')
@Controller('v2/key')
export class KeysV2Controller {
  constructor(private readonly keys: KeysService) {}

  @Post('info')
  @HttpCode(200)
  @ApiOperation({ summary: 'Several keys and their settings; each must be readable as with /key/info' })
  @RequirePermission('keys.read', scopes.resource(KEY_RESOURCE, from.body('keys', true)))
  info(@Authorized() target: AuthorizedTarget, @Body() body: KeyInfoV2Request) {
    return this.keys.infoMany(target, body.keys);
  }
}
