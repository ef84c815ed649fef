import { All, Controller, HttpCode, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authenticated } from '../../auth/route-decision.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { Metrics } from '../../common/metrics/metrics.js';
import { ForwardAuthService, type ForwardedIdentity } from './forward-auth.service.js';
import { FORWARDED_HEADERS, readForwardedCall } from './forwarded-call.reader.js';

/** The `permission` label of forward-auth verdicts in `portcullis_access_decisions_total`. */
const FORWARD_AUTH_DECISION = 'forward_auth';

/** The headers an allowed answer carries for the upstream (empty ones are left out). */
const IDENTITY_HEADERS: Readonly<Record<keyof ForwardedIdentity, string>> = {
  userId: 'X-Portcullis-User-Id',
  userEmail: 'X-Portcullis-User-Email',
  teamId: 'X-Portcullis-Team-Id',
  keyAlias: 'X-Portcullis-Key-Alias',
  keyId: 'X-Portcullis-Key-Id',
};

/**
 * Forward auth for nginx `auth_request`, Traefik ForwardAuth and Envoy's ext_authz HTTP service (README, "Forward
 * auth"). The proxy passes the client's credential (`Authorization`, or LiteLLM's other key headers) unchanged, so
 * the global guards authenticate it as on every route (401 with a challenge otherwise); this route then decides the
 * client's original request. Every method is accepted: Envoy asks with the client's own.
 */
@ApiTags('Forward auth')
@Controller('auth/forward')
export class ForwardAuthController {
  constructor(
    private readonly forwardAuth: ForwardAuthService,
    private readonly metrics: Metrics,
  ) {}

  @All()
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: "Decide a proxied request: 200 with identity headers, or 401/403/429 in LiteLLM's envelope",
    description:
      'The original request comes from X-Forwarded-Uri / X-Original-URI and X-Forwarded-Method / X-Original-Method; ' +
      `the model from ${FORWARDED_HEADERS.model} or a forwarded JSON body; MCP tools from ${FORWARDED_HEADERS.tool} or a forwarded tools/call body.`,
  })
  @ApiHeader({ name: 'X-Forwarded-Uri', required: false, description: 'The original path (Traefik); nginx: X-Original-URI' })
  @ApiHeader({ name: 'X-Forwarded-Method', required: false })
  @ApiHeader({ name: FORWARDED_HEADERS.model, required: false, description: 'The model the request calls, when the body is not forwarded' })
  @ApiHeader({ name: FORWARDED_HEADERS.tool, required: false, description: 'The MCP tool (name or id) the request calls' })
  @ApiResponse({ status: 200, description: 'Allowed; X-Portcullis-* headers name the caller' })
  check(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(principal, request, reply);
  }

  /** Envoy's form: `/auth/forward/<original path>` (ext_authz `path_prefix`). */
  @All('*')
  @HttpCode(200)
  @Authenticated()
  @ApiExcludeEndpoint()
  checkPrefixed(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(principal, request, reply);
  }

  private async answer(principal: Principal, request: FastifyRequest, reply: FastifyReply): Promise<string> {
    let identity: ForwardedIdentity;
    // The guard counted the credential (`authenticated`); the verdict on the forwarded request is counted here.
    try {
      identity = await this.forwardAuth.decide(principal, readForwardedCall(request));
      this.metrics.decision('allow', FORWARD_AUTH_DECISION);
    } catch (error) {
      if (error instanceof DomainError) this.metrics.decision('deny', FORWARD_AUTH_DECISION);
      throw error;
    }
    for (const [field, header] of Object.entries(IDENTITY_HEADERS) as [keyof ForwardedIdentity, string][]) {
      const value = identity[field];
      if (value) reply.header(header, headerSafe(value));
    }
    return '';
  }
}

/** Header values are visible ASCII; anything else (a Unicode key alias) is percent-encoded rather than refused. */
function headerSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}
