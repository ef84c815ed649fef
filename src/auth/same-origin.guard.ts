import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { extractBearerCredential } from './credentials.js';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF protection for what a browser sends on its own: a state change that carries the session cookie (or signs
 * in) must come from one of our own pages. Chosen over tokens because every browser we support says where
 * a request comes from (`Sec-Fetch-Site`, else `Origin`), and it needs no state: a request that names neither is
 * refused. Requests carrying their credential in a header are not at risk (a browser never adds one by itself).
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { cookies?: Record<string, string | undefined> }>();
    if (!UNSAFE_METHODS.has(request.method) || extractBearerCredential(request) !== null) return true;
    // Signing in is guarded too: a foreign page must not sign a browser in to someone else's account.
    const cookieBound = request.cookies?.jwt_token !== undefined || request.url.split('?', 1)[0] === '/admin/login';
    if (!cookieBound || isSameOrigin(request)) return true;
    throw new DomainError(ErrorCode.FORBIDDEN, 'Cross-site request refused: this form must be sent from a Portcullis page');
  }
}

export function isSameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const ours = `${request.protocol}://${request.host}`;
  const origin = request.headers.origin;
  if (typeof origin === 'string') return origin === ours;
  const referer = request.headers.referer;
  if (typeof referer !== 'string') return false;
  try {
    return new URL(referer).origin === ours;
  } catch {
    return false;
  }
}
