/**
 * What went wrong, in product terms. Services throw these; each API surface's filter decides the HTTP status
 * and the envelope (LiteLLM `{"error": {...}}`, ContextForge `{"detail": ...}`), so domain code never picks one.
 */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  BAD_REQUEST = 'BAD_REQUEST',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  INVALID_TOKEN = 'INVALID_TOKEN',
  KEY_NOT_FOUND = 'KEY_NOT_FOUND',
  KEY_EXPIRED = 'KEY_EXPIRED',
  KEY_BLOCKED = 'KEY_BLOCKED',
  ACCESS_DENIED = 'ACCESS_DENIED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  /** Something that existed and is no more (an expired reset token): 410. */
  GONE = 'GONE',
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** Forward auth: the model is outside the key's, the team's or the organization's model list (LiteLLM's types). */
  KEY_MODEL_ACCESS_DENIED = 'KEY_MODEL_ACCESS_DENIED',
  TEAM_MODEL_ACCESS_DENIED = 'TEAM_MODEL_ACCESS_DENIED',
  ORG_MODEL_ACCESS_DENIED = 'ORG_MODEL_ACCESS_DENIED',
  /** Forward auth: the key's, team's or user's budget is spent (LiteLLM's `budget_exceeded`). */
  BUDGET_EXCEEDED = 'BUDGET_EXCEEDED',
  /** Abuse limits and login back-off: the caller must wait `details.retryAfterSeconds` (429 with Retry-After). */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** An upstream server (an MCP gateway) could not be reached or answered wrongly. */
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /** This server cannot serve now but will again (the database is unreachable, or it is shutting down): 503. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

export interface FieldIssue {
  /** Where the bad value is, FastAPI-style: `['body', 'team_id']`. */
  loc: (string | number)[];
  msg: string;
  type: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { param?: string | null; issues?: FieldIssue[]; denial?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string): DomainError => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
export const badRequest = (message: string, param?: string): DomainError =>
  new DomainError(ErrorCode.BAD_REQUEST, message, { param: param ?? null });
export const conflict = (message: string, param?: string): DomainError =>
  new DomainError(ErrorCode.CONFLICT, message, { param: param ?? null });
export const upstreamUnavailable = (message: string): DomainError => new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, message);
export const serviceUnavailable = (message: string): DomainError => new DomainError(ErrorCode.SERVICE_UNAVAILABLE, message);
export const tooManyRequests = (message: string, retryAfterSeconds: number): DomainError =>
  new DomainError(ErrorCode.TOO_MANY_REQUESTS, message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
export const forbidden = (message: string): DomainError => new DomainError(ErrorCode.FORBIDDEN, message);
