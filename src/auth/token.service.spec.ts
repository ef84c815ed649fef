import { describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import jwt from 'jsonwebtoken';
import type { AppConfig } from '../config/app-config.js';
import { lifetimeInSeconds, TokenService } from './token.service.js';

const config = {
  auth: { masterKey: null, jwtSecret: 'unit-secret-0123456789abcdef', jwtIssuer: 'iss-x', jwtAudience: 'aud-y', jwtExpiresIn: '2h' },
} as unknown as AppConfig;

describe('TokenService', () => {
  it('issues HS256 session tokens with the claims JwtStrategy and ContextForge clients expect', () => {
    const tokens = new TokenService(config, new JwtService({}));
    const now = new Date('2030-01-01T00:00:00Z');
    const id = '6f1c2a1e-3b4d-4c5e-8f60-718293a4b5c6';
    const issued = tokens.issueSessionToken(
      { id, credentialVersion: 3, email: 'a@example.com', isAdmin: true, authProvider: 'local' },
      now,
    );
    expect(issued.expiresIn).toBe(7200);
    const claims = jwt.verify(issued.accessToken, 'unit-secret-0123456789abcdef', {
      algorithms: ['HS256'],
      issuer: 'iss-x',
      audience: 'aud-y',
      ignoreExpiration: true,
    }) as Record<string, unknown>;
    expect(claims).toEqual(
      expect.objectContaining({
        sub: 'a@example.com',
        uid: id,
        cv: 3,
        iat: now.getTime() / 1000,
        exp: now.getTime() / 1000 + 7200,
        token_use: 'session',
        teams: null,
        user: { email: 'a@example.com', is_admin: true, auth_provider: 'local' },
      }),
    );
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(jwt.decode(issued.accessToken, { complete: true })?.header.alg).toBe('HS256');
  });

  it('issues API tokens as ContextForge does: token_use api, jti = the row, teams [] when team-less, exp only when it expires', () => {
    const tokens = new TokenService(config, new JwtService({}));
    const now = new Date('2030-01-01T00:00:00Z');
    const base = {
      id: '6f1c2a1e-3b4d-4c5e-8f60-718293a4b5c6',
      email: 'a@example.com',
      isAdmin: false,
      serverId: null,
      permissions: ['tools.read'],
      ipRestrictions: ['10.0.0.0/8'],
      timeRestrictions: {},
    };
    const verify = (token: string) =>
      jwt.verify(token, 'unit-secret-0123456789abcdef', {
        algorithms: ['HS256'],
        issuer: 'iss-x',
        audience: 'aud-y',
        ignoreExpiration: true,
      }) as Record<string, unknown>;
    const teamless = verify(tokens.issueApiToken({ ...base, teamId: null, expiresAt: null }, now));
    expect(teamless).toEqual(
      expect.objectContaining({
        sub: 'a@example.com',
        jti: base.id,
        token_use: 'api',
        teams: [],
        scopes: { server_id: null, permissions: ['tools.read'], ip_restrictions: ['10.0.0.0/8'], time_restrictions: {} },
      }),
    );
    expect(teamless.exp).toBeUndefined();
    const team = verify(tokens.issueApiToken({ ...base, teamId: 't-1', expiresAt: new Date('2030-01-08T00:00:00Z') }, now));
    expect(team).toEqual(expect.objectContaining({ teams: ['t-1'], exp: Date.parse('2030-01-08T00:00:00Z') / 1000 }));
  });

  it('reads JWT_EXPIRES_IN as seconds unless a unit is given', () => {
    expect(lifetimeInSeconds('90')).toBe(90);
    expect(lifetimeInSeconds('15m')).toBe(900);
    expect(lifetimeInSeconds('1d')).toBe(86400);
    expect(() => lifetimeInSeconds('0')).toThrow();
    expect(() => lifetimeInSeconds('1mo')).toThrow();
  });
});
