import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessDenial } from '../../common/errors/access-denial.js';
import { renderContextforgeError } from '../../common/errors/contextforge-error.renderer.js';
import { type DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { normalizeError } from '../../common/errors/normalize-error.js';
import { wantsHtml } from './admin-request.js';
import { renderAdminView } from './admin-views.js';

/**
 * Errors of the admin UI, as its pages and scripts expect them: statuses as on the ContextForge surface, the body
 * `{"message", "success": false}` for scripts, an HTML page for the browser, and a redirect to the login page for
 * a browser without a session.
 */
@Catch()
export class AdminExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AdminErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    const error = normalizeError(exception);
    const correlationId = String(request.id ?? randomUUID());
    if (error.code === ErrorCode.INTERNAL) {
      this.logger.error(`Unhandled error ${correlationId} on ${request.method} ${request.url}`, (exception as Error)?.stack);
    }
    const { status, headers } = renderContextforgeError(error, correlationId);
    const message = messageOf(error, correlationId);
    if (status === 401 && request.headers['hx-request'] === 'true') {
      reply.status(401).header('HX-Redirect', '/admin/login').send({ message, success: false });
      return;
    }
    if (!wantsHtml(request)) {
      reply
        .status(status)
        .headers(headers ?? {})
        .send({ message, success: false });
      return;
    }
    if (status === 401) {
      reply.redirect('/admin/login', 303);
      return;
    }
    const page = renderAdminView('message', { title: titleOf(status), message, error: true, back: '/admin' });
    reply
      .status(status)
      .headers(headers ?? {})
      .type('text/html; charset=utf-8')
      .send(page);
  }
}

function messageOf(error: DomainError, correlationId: string): string {
  switch (error.code) {
    case ErrorCode.ACCESS_DENIED: {
      const denial = error.details.denial as AccessDenial | undefined;
      if (denial?.reason === 'NOT_VISIBLE') return `${denial.resourceLabel ?? 'Resource'} not found`;
      if (denial?.reason === 'TEAM_CREATION_DISABLED') return 'Team creation is currently disabled';
      const where = denial?.teamId ? ' in this team' : '';
      return `Not allowed: this needs ${denial?.permission ?? 'a permission you do not hold'}${where}. Team owners and platform admins hold it.`;
    }
    case ErrorCode.VALIDATION_FAILED: {
      const issues = error.details.issues ?? [];
      return issues.length
        ? issues
            .map((issue) => `${issue.loc.filter((p) => p !== 'body' && p !== 'query' && p !== 'path').join('.')}: ${issue.msg}`)
            .join('; ')
        : error.message;
    }
    case ErrorCode.INTERNAL:
      return `Something went wrong on our side (correlation id ${correlationId})`;
    default:
      return error.message;
  }
}

function titleOf(status: number): string {
  if (status === 403) return 'Not allowed';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Too many requests';
  if (status >= 500) return 'Server error';
  return 'Request refused';
}
