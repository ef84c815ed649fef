import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { JWT_SECRET } from './test-app.js';

/**
 * A user token as ContextForge's `_create_jwt_token` helper mints them: `sub` = email, `jti`, `exp`, and optionally
 * `teams` (a list narrows, [] = public only), `user` claims and `token_use`. Claims never grant anything:
 * the server reads admin status and memberships from the database. Such tokens carry no `uid`/`cv` (our own,
 * from /auth/email/login, do): they work while their `iat` postdates the user's last credential change.
 */
export function userToken(
  email: string,
  options: { isAdmin?: boolean; teams?: unknown; tokenUse?: string | null; expiresIn?: number; secret?: string } = {},
): string {
  const payload: Record<string, unknown> = {
    sub: email,
    jti: randomUUID(),
    user: { email, is_admin: options.isAdmin ?? false, auth_provider: 'local' },
  };
  if (options.teams !== undefined) payload.teams = options.teams;
  // Without a `teams` claim ContextForge's rules make a token public-only unless it is a session token (teams from
  // the database): most suites want the user as the database knows them, so that is the default here.
  const tokenUse = options.tokenUse === undefined ? (options.teams === undefined ? 'session' : undefined) : options.tokenUse;
  if (tokenUse) payload.token_use = tokenUse;
  return jwt.sign(payload, options.secret ?? JWT_SECRET, {
    algorithm: 'HS256',
    issuer: 'portcullis',
    audience: 'portcullis-api',
    expiresIn: options.expiresIn ?? 3600,
  });
}
