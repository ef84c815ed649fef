import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isForwardAuthPath } from '../errors/api-surface.js';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import { bodyTextProblem, jsonDeeperThan, MAX_JSON_DEPTH, textProblem, urlProblem } from './request-text.js';

/**
 * The one place hostile text is refused, before routing decisions, guards, pipes or the database see it: the URL
 * (path and every query parameter, percent-decoded) when the request arrives, and every string of the parsed
 * body (JSON, form or multipart) before validation. An escape that does not decode is a 400; refused text is a
 * 422 naming the parameter or field; both in the surface's envelope (the errors reach the global exception
 * filter).
 *
 * Forward auth is left alone: it reads the client's original request, whatever it holds, to decide on it, and
 * stores nothing.
 */
export function installHostileInputHooks(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request) => {
    if (isForwardAuthPath(request.url)) return;
    // The multipart parser (busboy) throws a plain Error, a 500, for a form without its boundary.
    const contentType = request.headers['content-type'];
    if (typeof contentType === 'string' && /^\s*multipart\/form-data\b/i.test(contentType) && !/;\s*boundary=/i.test(contentType)) {
      throw new DomainError(ErrorCode.BAD_REQUEST, 'Malformed request body: multipart/form-data without a boundary');
    }
    const problem = urlProblem(request.url);
    if (!problem) return;
    if (problem.kind === 'encoding') {
      const where = problem.loc.length === 1 ? 'path' : `query parameter ${problem.loc[1]}`;
      throw new DomainError(ErrorCode.BAD_REQUEST, `Invalid ${where}: ${problem.msg}`, { param: problem.loc.at(-1) ?? null });
    }
    // Readable but refused text is a validation error, located as FastAPI would (`["path", "id"]`): the router has
    // already decoded the path parameters.
    const loc = problem.loc.length === 1 ? ['path', ...badPathParameter(request.params)] : problem.loc;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${loc.slice(1).join('.') || 'path'}: ${problem.msg}`, {
      issues: [{ loc, msg: problem.msg, type: 'string_type' }],
    });
  });
  fastify.addHook('preValidation', async (request: FastifyRequest) => {
    if (request.body === undefined || isForwardAuthPath(request.url)) return;
    const problem = bodyTextProblem(request.body);
    if (!problem) return;
    const field = problem.loc.slice(1).join('.');
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `${field || 'body'}: ${problem.msg}`, {
      issues: [{ loc: problem.loc, msg: problem.msg, type: 'string_type' }],
    });
  });
}

function badPathParameter(params: unknown): string[] {
  const entries = Object.entries((params ?? {}) as Record<string, unknown>);
  const bad = entries.find(([, value]) => typeof value === 'string' && textProblem(value, 'url') !== null);
  return bad ? [bad[0]] : [];
}

/**
 * The JSON body parser: Fastify's own (prototype-poisoning checks, its errors for empty and malformed bodies),
 * after two checks on the raw bytes it cannot make: the body must be UTF-8 (a stray byte would become U+FFFD
 * silently), and nest no deeper than MAX_JSON_DEPTH (a body nested thousands of levels would build an object that
 * overflows the stack in class-transformer).
 */
export function jsonBodyParser(
  fastify: FastifyInstance,
): (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  return (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      done(new DomainError(ErrorCode.BAD_REQUEST, 'Malformed request body: the body is not valid UTF-8'));
      return;
    }
    if (jsonDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new DomainError(ErrorCode.BAD_REQUEST, `Malformed request body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`));
      return;
    }
    parse(request, text, done);
  };
}
