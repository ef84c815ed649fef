import type { FastifyRequest } from 'fastify';

/** A browser navigation or native form post (not the pages' own `fetch`, which asks for JSON). */
export function wantsHtml(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '');
  if (request.headers['hx-request'] === 'true') return true;
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html >= 0 && (json < 0 || html < json);
}
