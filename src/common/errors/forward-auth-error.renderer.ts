import { type DomainError, ErrorCode } from './domain-error.js';
import { renderLitellmError } from './litellm-error.renderer.js';
import type { RenderedError } from './rendered-error.js';

const BEARER_CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

const AUTHENTICATION_FAILURES = new Set<ErrorCode>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.INVALID_TOKEN,
  ErrorCode.KEY_NOT_FOUND,
  ErrorCode.KEY_EXPIRED,
  ErrorCode.KEY_BLOCKED,
]);

/**
 * Forward auth answers in LiteLLM's envelope, for the proxy to relay, with the statuses proxies understand:
 * 401 (with a `WWW-Authenticate` challenge, which nginx copies to the client) only when the credential itself is
 * missing or refused; 403 for every refusal of a valid credential (LiteLLM answers some of those, such as
 * `allowed_routes`, with 401, which a proxy would present as "sign in again"); 429 for a spent budget.
 */
export function renderForwardAuthError(error: DomainError, correlationId: string): RenderedError {
  const rendered = renderLitellmError(error, correlationId);
  if (AUTHENTICATION_FAILURES.has(error.code)) return { ...rendered, status: 401, headers: BEARER_CHALLENGE };
  if (error.code === ErrorCode.ACCESS_DENIED && rendered.status !== 403) {
    const body = rendered.body as { error: Record<string, unknown> };
    return { status: 403, body: { error: { ...body.error, code: '403' } } };
  }
  return rendered;
}
