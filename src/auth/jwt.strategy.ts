import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { extractBearerCredential, extractSessionCookie } from './credentials.js';
import type { Principal } from './principal.js';
import { PrincipalLoader } from './principal-loader.service.js';

export const JWT_STRATEGY = 'jwt';

interface TokenClaims {
  sub?: string;
  exp?: number;
  jti?: string;
  teams?: unknown;
}

/** User tokens: HS256, `iss`/`aud` checked, `exp` and `jti` required; the user row decides the rest. */
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
      secretOrKey: config.auth.jwtSecret,
      issuer: config.auth.jwtIssuer,
      audience: config.auth.jwtAudience,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: TokenClaims): Promise<Principal> {
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || typeof claims.jti !== 'string') {
      throw new DomainError(ErrorCode.INVALID_TOKEN, 'Invalid authentication credentials');
    }
    return this.principals.fromTokenSubject(claims.sub, narrowedTeams(claims.teams));
  }
}

/** `teams`: a non-empty list narrows, `[]` means public only, `null`/absent means all the user's teams. */
function narrowedTeams(claim: unknown): string[] | null {
  if (!Array.isArray(claim)) return null;
  return claim.map((team) => (typeof team === 'object' && team !== null ? String((team as { id?: unknown }).id) : String(team)));
}
