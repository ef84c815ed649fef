import { Body, Controller, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { GenerateKeyRequest } from '../keys/dto/generate-key.request.js';
import { KEY_RESOURCE } from '../keys/key-scope.resolver.js';
import { KeysService } from '../keys/keys.service.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { AdminExceptionFilter } from './admin-exception.filter.js';
import { commaList, optional, validatedAs } from './admin-form-fields.js';
import { answerChange, sendPage, shellUrl } from './admin-responses.js';
import { AdminKeyForm } from './dto/admin-key.form.js';
import { AbuseLimit } from '../../common/throttling/abuse-limit.decorator.js';

/** The virtual keys tab: the same decisions as `/key/*` (the key's team, or its owner's personal team). */
@ApiTags('Admin UI')
@UseFilters(AdminExceptionFilter)
@Controller('admin/keys')
export class AdminKeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  @AbuseLimit('issuance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Generate a key (a team key in the team of the view); the secret is in this answer only' })
  @RequirePermission('keys.generate', scopes.teamOrPersonal(from.body('team_id')))
  async generate(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget, @Body() form: AdminKeyForm) {
    const budget = optional(form.max_budget);
    const request = await validatedAs(GenerateKeyRequest, {
      key_alias: optional(form.key_alias),
      models: commaList(form.models),
      max_budget: budget === undefined ? undefined : Number(budget),
      duration: optional(form.duration),
    });
    const key = await this.keys.generate(principal, target.teamNamed ? target.teamId : null, request);
    return { success: true, message: `Key ${key.key_alias ?? key.key_name} generated.`, secret: key.key };
  }

  @Post(':key/block')
  @HttpCode(303)
  @ApiOperation({ summary: 'Block a key' })
  @RequirePermission('keys.block', scopes.resource(KEY_RESOURCE, from.path('key')))
  async block(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Param('key') key: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.keys.setBlocked(principal, target, key, true);
    return answerChange(request, reply, 'keys', null, 'Key blocked');
  }

  @Post(':key/unblock')
  @HttpCode(303)
  @ApiOperation({ summary: 'Unblock a key' })
  @RequirePermission('keys.block', scopes.resource(KEY_RESOURCE, from.path('key')))
  async unblock(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Param('key') key: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.keys.setBlocked(principal, target, key, false);
    return answerChange(request, reply, 'keys', null, 'Key unblocked');
  }

  @Post(':key/regenerate')
  @AbuseLimit('issuance')
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret for a key, shown once on the answer page; the old one stops at once' })
  @RequirePermission('keys.regenerate', scopes.resource(KEY_RESOURCE, from.path('key')))
  async regenerate(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Param('key') key: string,
    @Res() reply: FastifyReply,
  ) {
    const regenerated = await this.keys.regenerate(principal, target, key, {});
    // Never cached: the secret is shown this once.
    reply.header('Cache-Control', 'no-store');
    return sendPage(reply, 'message', {
      title: 'New secret',
      message: `Key ${regenerated.key_alias ?? regenerated.key_name} has a new secret.`,
      secret: regenerated.key,
      back: shellUrl('keys'),
    });
  }

  @Post(':key/delete')
  @HttpCode(303)
  @ApiOperation({ summary: 'Delete a key' })
  @RequirePermission('keys.delete', scopes.resource(KEY_RESOURCE, from.path('key')))
  async delete(
    @Authorized() target: AuthorizedTarget,
    @Param('key') key: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.keys.delete(target, { keys: [key] });
    return answerChange(request, reply, 'keys', null, 'Key deleted');
  }
}
