import type { FastifyRequest } from 'fastify';

/** Headers LiteLLM clients put their key in, in the order LiteLLM reads them. */
const KEY_HEADERS = ['authorization', 'api-key', 'x-api-key', 'x-litellm-api-key'] as const;

/** The bearer credential of a request, if any, without the `Bearer ` prefix. */
export function extractBearerCredential(request: FastifyRequest): string | null {
  for (const header of KEY_HEADERS) {
    const raw = request.headers[header];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (!value) continue;
    const trimmed = value.trim();
    const credential = /^bearer\s+/i.test(trimmed) ? trimmed.replace(/^bearer\s+/i, '') : trimmed;
    if (credential) return credential;
  }
  return null;
}

/**
 * The admin UI's session cookie counts only for browser requests (ContextForge does the same): pages, htmx, and the
 * pages' own `fetch` calls, which the browser marks as same-origin.
 */
export function extractSessionCookie(request: FastifyRequest): string | null {
  const accept = String(request.headers.accept ?? '');
  const isBrowser =
    accept.includes('text/html') || request.headers['hx-request'] === 'true' || request.headers['sec-fetch-site'] === 'same-origin';
  if (!isBrowser) return null;
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies;
  return cookies?.jwt_token ?? null;
}
