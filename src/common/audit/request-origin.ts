import { AsyncLocalStorage } from 'node:async_hooks';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import type { Principal } from '../../auth/principal.js';
import { type AuditActor, type AuditOrigin, auditActorOf } from './audit-recorder.js';

const MAX_USER_AGENT = 512;

interface RequestAuditContext {
  origin: AuditOrigin;
  actor: AuditActor;
}

const storage = new AsyncLocalStorage<RequestAuditContext>();

/** The client address (Fastify applies `trustProxy` to X-Forwarded-For), user agent and request id of a request. */
export function originOf(request: FastifyRequest): AuditOrigin {
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip ?? null,
    userAgent: typeof agent === 'string' ? agent.slice(0, MAX_USER_AGENT) : null,
    requestId: typeof request.id === 'string' ? request.id : null,
  };
}

/** The origin of the request being handled, if any (services record events without holding the request). */
export const currentOrigin = (): AuditOrigin | undefined => storage.getStore()?.origin;

/** Who the request being handled acts as (set once the guards have authenticated it). */
export const currentActor = (): AuditActor | undefined => storage.getStore()?.actor;

/**
 * Global: runs each handler inside its request's origin, so an audit event recorded anywhere below a controller
 * knows where the request came from and who made it. (Nest binds the handler to the async context `next.handle()` is called in.)
 * Guards run before interceptors: the permission guard passes the origin itself.
 */
@Injectable()
export class RequestOriginInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    return storage.run({ origin: originOf(request), actor: auditActorOf(request.user) }, () => next.handle());
  }
}
