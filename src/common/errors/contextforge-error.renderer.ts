import type { AccessDenial } from './access-denial.js';
import { type DomainError, ErrorCode } from './domain-error.js';
import { retryAfterHeader, type RenderedError } from './rendered-error.js';

const BEARER_CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

/** ContextForge's own words when an API token's scope refuses a request (its token-scoping middleware, routers). */
const API_TOKEN_DENIALS = {
  TOKEN_IP: (denial: AccessDenial) => `Request from IP ${denial.clientIp ?? 'unknown'} not allowed by token restrictions`,
  TOKEN_TIME: () => 'Request not allowed at this time by token restrictions',
  TOKEN_SERVER: () => 'Token not authorized for this server',
  TOKEN_PERMISSIONS: () => 'Insufficient permissions for this operation',
  TOKEN_MANAGEMENT: () => 'Token management requires interactive session (web login). API tokens cannot create, modify, or revoke tokens.',
} as const;

/** ContextForge's FastAPI-style `{"detail": ...}`; RBAC denials never name the missing permission. */
export function renderContextforgeError(error: DomainError, correlationId: string): RenderedError {
  switch (error.code) {
    case ErrorCode.VALIDATION_FAILED:
      return { status: 422, body: { detail: error.details.issues ?? [{ loc: ['body'], msg: error.message, type: 'value_error' }] } };
    case ErrorCode.BAD_REQUEST:
      return { status: 400, body: { detail: error.message } };
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.INVALID_TOKEN:
    case ErrorCode.KEY_NOT_FOUND:
    case ErrorCode.KEY_EXPIRED:
    case ErrorCode.KEY_BLOCKED:
      return { status: 401, body: { detail: error.message }, headers: BEARER_CHALLENGE };
    case ErrorCode.ACCESS_DENIED: {
      // What the caller may not see does not exist for them.
      const denial = error.details.denial as AccessDenial | undefined;
      if (denial?.reason === 'NOT_VISIBLE') return { status: 404, body: { detail: `${denial.resourceLabel ?? 'Resource'} not found` } };
      const tokenMessage = denial ? API_TOKEN_DENIALS[denial.reason as keyof typeof API_TOKEN_DENIALS] : undefined;
      if (tokenMessage) return { status: 403, body: { detail: tokenMessage(denial!) } };
      // ContextForge's own words for these two refusals.
      if (denial?.reason === 'NOT_JOINABLE') return { status: 403, body: { detail: 'Can only request to join public teams' } };
      if (denial?.reason === 'TEAM_CREATION_DISABLED') return { status: 403, body: { detail: 'Team creation is currently disabled' } };
      return { status: 403, body: { detail: 'Access denied' } };
    }
    case ErrorCode.FORBIDDEN:
    case ErrorCode.KEY_MODEL_ACCESS_DENIED:
    case ErrorCode.TEAM_MODEL_ACCESS_DENIED:
    case ErrorCode.ORG_MODEL_ACCESS_DENIED:
      return { status: 403, body: { detail: error.message } };
    case ErrorCode.BUDGET_EXCEEDED:
      return { status: 429, body: { detail: error.message } };
    case ErrorCode.TOO_MANY_REQUESTS:
      return { status: 429, body: { detail: error.message }, headers: retryAfterHeader(error) };
    case ErrorCode.NOT_FOUND:
      return { status: 404, body: { detail: error.message } };
    case ErrorCode.CONFLICT:
    case ErrorCode.ALREADY_MEMBER:
      return { status: 409, body: { detail: error.message } };
    case ErrorCode.GONE:
      return { status: 410, body: { detail: error.message } };
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return { status: 413, body: { detail: error.message } };
    case ErrorCode.UPSTREAM_UNAVAILABLE:
      return { status: 502, body: { detail: error.message } };
    case ErrorCode.SERVICE_UNAVAILABLE:
      return { status: 503, body: { detail: error.message }, headers: retryAfterHeader(error) };
    default:
      return { status: 500, body: { detail: `Internal server error (correlation id ${correlationId})` } };
  }
}
