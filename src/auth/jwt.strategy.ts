import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { extractBearerCredential, extractSessionCookie } from './credentials.js';
import { teamClaimsOf } from '../modules/rbac/token-team-claims.js';
import type { Principal } from './principal.js';
import { PrincipalLoader } from './principal-loader.service.js';

export const JWT_STRATEGY = 'jwt';

interface TokenClaims {
  sub?: unknown;
  exp?: unknown;
  iat?: unknown;
  jti?: unknown;
  teams?: unknown;
  is_admin?: unknown;
  user?: unknown;
  /** users.id, in the tokens TokenService issues */
  uid?: unknown;
  /** users.credential_version when issued, in the tokens TokenService issues */
  cv?: unknown;
  /** `api`: a ContextForge API token, found by its hash like a virtual key (see `validate`). */
  token_use?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalidToken = () => new DomainError(ErrorCode.INVALID_TOKEN, 'Invalid authentication credentials');

/**
 * User tokens: HS256, `iss`/`aud` checked, `exp` and `jti` required; the user row decides the rest. Two kinds are
 * accepted, both signed with our secret:
 * - ours (TokenService): `uid` + `cv` bind the token to the user's id and credential version; any credential
 *   change, deactivation or deletion ends it, and one claim without the other (or of the wrong type) is refused;
 * - ContextForge helper tokens (its `_create_jwt_token`, as seed 004 mints them): neither claim, `sub` = email.
 *   Whoever holds our secret can mint anything, so these are as trusted as ours, but carry no version: they are
 *   accepted only with an `iat` that shows they were issued after the user's credentials last changed.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly principals: PrincipalLoader,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromExtractors([
        (request: FastifyRequest) => extractBearerCredential(request),
        (request: FastifyRequest) => extractSessionCookie(request),
      ]),
      // A KeyObject made once: given a string, jsonwebtoken tries (and fails) to parse it as a PEM public key on every
      // verification before taking it as a secret, which was a quarter of a JWT request's CPU time.
      secretOrKey: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')) as unknown as Buffer,
      issuer: config.auth.jwtIssuer,
      audience: config.auth.jwtAudience,
      algorithms: ['HS256'],
      ignoreExpiration: false,
      // API tokens are looked up by the hash of the raw token.
      passReqToCallback: true,
    });
  }

  async validate(request: FastifyRequest, claims: TokenClaims): Promise<Principal> {
    // API tokens (TokensService): the stored row decides, through the same lookup as virtual keys; the claims are
    // informational. They may have no `exp` (a token that never expires).
    if (claims.token_use === 'api') {
      const raw = extractBearerCredential(request) ?? extractSessionCookie(request);
      if (!raw) throw invalidToken();
      return this.principals.fromApiToken(raw);
    }
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || typeof claims.jti !== 'string') throw invalidToken();
    // How `teams` scopes the token is the engine's rule (token-team-claims), applied once the user row is read.
    const teams = teamClaimsOf(claims as Record<string, unknown>);
    if (claims.uid === undefined && claims.cv === undefined) {
      if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) throw invalidToken();
      return this.principals.fromUnversionedToken(claims.sub, claims.iat, teams);
    }
    // Checked before the query: a malformed uuid would be a database error, not a refusal.
    if (typeof claims.uid !== 'string' || !UUID.test(claims.uid) || !Number.isSafeInteger(claims.cv)) throw invalidToken();
    return this.principals.fromSessionToken({ userId: claims.uid, credentialVersion: claims.cv as number, email: claims.sub }, teams);
  }
}
