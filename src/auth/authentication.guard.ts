import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { API_KEY_STRATEGY } from './api-key.strategy.js';
import { extractBearerCredential, extractSessionCookie } from './credentials.js';
import { JWT_STRATEGY } from './jwt.strategy.js';
import type { Principal } from './principal.js';
import { ROUTE_DECISION, type RouteDecision } from './route-decision.js';

/** Global: establishes WHO calls every non-public route (401 otherwise). What they may do is the RBAC guard's. */
@Injectable()
export class AuthenticationGuard extends AuthGuard([API_KEY_STRATEGY, JWT_STRATEGY]) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const decision = this.reflector.get<RouteDecision | undefined>(ROUTE_DECISION, context.getHandler());
    if (decision?.kind === 'public') return true;
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T = Principal>(error: unknown, principal: T | false, _info: unknown, context: ExecutionContext): T {
    if (error) throw error;
    if (!principal) {
      const request = context.switchToHttp().getRequest();
      const presented = extractBearerCredential(request) ?? extractSessionCookie(request);
      throw presented
        ? new DomainError(ErrorCode.INVALID_TOKEN, 'Invalid authentication credentials')
        : new DomainError(ErrorCode.UNAUTHENTICATED, 'Authentication required: pass a key or token as "Authorization: Bearer <token>"');
    }
    return principal;
  }
}
