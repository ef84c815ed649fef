import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { surfaceOf } from './api-surface.js';
import { renderContextforgeError } from './contextforge-error.renderer.js';
import { DomainError, ErrorCode } from './domain-error.js';
import { renderForwardAuthError } from './forward-auth-error.renderer.js';
import { renderLitellmError } from './litellm-error.renderer.js';
import { normalizeError } from './normalize-error.js';

/** The one place an exception becomes an HTTP answer, in the envelope of the surface the URL belongs to. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    replyWithError(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}

const RENDERERS = { litellm: renderLitellmError, contextforge: renderContextforgeError, forward_auth: renderForwardAuthError } as const;

export function replyWithError(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const error = normalizeError(exception);
  const correlationId = String(request.id ?? randomUUID());
  if (error.code === ErrorCode.INTERNAL) {
    // Full detail goes to the log under the correlation id; the client sees only the id.
    logger.error(`Unhandled error ${correlationId} on ${request.method} ${request.url}`, (exception as Error)?.stack);
  } else if (error.code === ErrorCode.SERVICE_UNAVAILABLE && !(exception instanceof DomainError) && !(exception instanceof HttpException)) {
    // The database's own words (refused, terminated, statement timeout) for the operator; the client sees a 503.
    logger.warn(`Database unavailable ${correlationId} on ${request.method} ${request.url}: ${(exception as Error)?.message}`);
  }
  const rendered = RENDERERS[surfaceOf(request.url)](error, correlationId);
  if (reply.sent) return;
  reply
    .status(rendered.status)
    .headers(rendered.headers ?? {})
    .send(rendered.body);
}
