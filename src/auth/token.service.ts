import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/**
 * Who a session token is issued to. `id` and `credentialVersion` bind it to that row as it is now; the other
 * claims are informational: the user row decides on every request.
 */
export interface TokenSubject {
  /** users.id */
  id: string;
  /** users.credential_version when the token is issued: any credential change ends the token. */
  credentialVersion: number;
  email: string;
  isAdmin: boolean;
  authProvider: string;
}

/** What an API token (ContextForge's `token_use: "api"`) says about itself. Informational: its stored row decides. */
export interface ApiTokenClaims {
  /** The stored row's id, as `jti`. */
  id: string;
  email: string;
  isAdmin: boolean;
  teamId: string | null;
  serverId: string | null;
  permissions: readonly string[];
  ipRestrictions: readonly string[];
  timeRestrictions: Record<string, unknown>;
  /** null: the token never expires (no `exp`). */
  expiresAt: Date | null;
}

export interface IssuedToken {
  accessToken: string;
  /** Lifetime in seconds. */
  expiresIn: number;
}

/**
 * Mints the session tokens `JwtStrategy` accepts: HS256, our issuer and audience, `sub` = email, `jti`, `exp`,
 * `iat`, ContextForge's `user` / `token_use` / `teams` claims so its clients read them as they expect, and ours:
 * `uid` (the user's id: an account later created under the same email is someone else) and `cv` (the credential
 * version). `sub` stays the email because ContextForge clients and its own token helper name users by it.
 */
@Injectable()
export class TokenService {
  private readonly lifetimeSeconds: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
  ) {
    this.lifetimeSeconds = lifetimeInSeconds(config.auth.jwtExpiresIn);
  }

  issueSessionToken(subject: TokenSubject, now: Date = new Date()): IssuedToken {
    const iat = Math.floor(now.getTime() / 1000);
    const payload = {
      sub: subject.email,
      uid: subject.id,
      cv: subject.credentialVersion,
      jti: randomUUID(),
      iat,
      exp: iat + this.lifetimeSeconds,
      token_use: 'session',
      user: { email: subject.email, is_admin: subject.isAdmin, auth_provider: subject.authProvider },
      // null: the token is not narrowed, all of the user's teams count (the database says which).
      teams: null,
    };
    const accessToken = this.jwt.sign(payload, {
      secret: this.config.auth.jwtSecret,
      algorithm: 'HS256',
      issuer: this.config.auth.jwtIssuer,
      audience: this.config.auth.jwtAudience,
    });
    return { accessToken, expiresIn: this.lifetimeSeconds };
  }

  /**
   * An API token as ContextForge mints them: `token_use: "api"`, `jti` = the stored row, `teams` = [team] or `[]`
   * (public-only) for a team-less token, `scopes`, and `exp` only when it expires. JwtStrategy sends such tokens to
   * the stored-credential lookup (by the hash of the whole token), so none of these claims grants anything.
   */
  issueApiToken(claims: ApiTokenClaims, now: Date = new Date()): string {
    const iat = Math.floor(now.getTime() / 1000);
    const payload: Record<string, unknown> = {
      sub: claims.email,
      jti: claims.id,
      iat,
      token_use: 'api',
      user: { email: claims.email, full_name: 'API Token User', is_admin: claims.isAdmin, auth_provider: 'api_token' },
      teams: claims.teamId ? [claims.teamId] : [],
      scopes: {
        server_id: claims.serverId,
        permissions: claims.permissions,
        ip_restrictions: claims.ipRestrictions,
        time_restrictions: claims.timeRestrictions,
      },
    };
    if (claims.expiresAt) payload.exp = Math.floor(claims.expiresAt.getTime() / 1000);
    return this.jwt.sign(payload, {
      secret: this.config.auth.jwtSecret,
      algorithm: 'HS256',
      issuer: this.config.auth.jwtIssuer,
      audience: this.config.auth.jwtAudience,
    });
  }
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `JWT_EXPIRES_IN` as validated at boot: digits with an optional s/m/h/d unit (plain digits are seconds). */
export function lifetimeInSeconds(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) throw new Error(`Invalid JWT_EXPIRES_IN: ${text}`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] || 's'];
  if (seconds <= 0) throw new Error('JWT_EXPIRES_IN must be positive');
  return seconds;
}
