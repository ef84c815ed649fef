import { describe, expect, it } from '@jest/globals';
import type { AccessDenial } from './access-denial.js';
import { DomainError, ErrorCode } from './domain-error.js';
import { renderForwardAuthError } from './forward-auth-error.renderer.js';

const denied = (reason: AccessDenial['reason']) =>
  new DomainError(ErrorCode.ACCESS_DENIED, 'Access denied', { denial: { permission: '', teamId: null, reason, route: '/v1/models' } });

/** What a proxy relays: 401 (with a challenge) only for the credential itself, 403 for refusals, 429 for budgets. */
describe('renderForwardAuthError', () => {
  it.each([
    ['no credential', new DomainError(ErrorCode.UNAUTHENTICATED, 'x'), 401, 'auth_error', true],
    ['unknown key', new DomainError(ErrorCode.KEY_NOT_FOUND, 'x'), 401, 'token_not_found_in_db', true],
    ['expired key', new DomainError(ErrorCode.KEY_EXPIRED, 'x'), 401, 'expired_key', true],
    ['blocked key', new DomainError(ErrorCode.KEY_BLOCKED, 'x'), 401, 'auth_error', true],
    ['allowed_routes (LiteLLM: 401)', denied('KEY_ROUTES'), 403, 'auth_error', false],
    ['key_type', denied('KEY_TYPE'), 403, 'auth_error', false],
    ['a hidden tool (LiteLLM: 404)', denied('NOT_VISIBLE'), 403, 'not_found_error', false],
    ['an API token restriction', denied('TOKEN_SERVER'), 403, 'auth_error', false],
    ['a model outside the key list', new DomainError(ErrorCode.KEY_MODEL_ACCESS_DENIED, 'x'), 403, 'key_model_access_denied', false],
    ['a model outside the team list', new DomainError(ErrorCode.TEAM_MODEL_ACCESS_DENIED, 'x'), 403, 'team_model_access_denied', false],
    ['a spent budget', new DomainError(ErrorCode.BUDGET_EXCEEDED, 'x'), 429, 'budget_exceeded', false],
    ['a malformed forwarded request', new DomainError(ErrorCode.FORBIDDEN, 'x'), 403, 'auth_error', false],
    ['no original path', new DomainError(ErrorCode.BAD_REQUEST, 'x'), 400, 'bad_request_error', false],
  ] as const)('%s', (_name, error, status, type, challenge) => {
    const rendered = renderForwardAuthError(error, 'id');
    const body = rendered.body as { error: { type: string; code: string } };
    expect([rendered.status, body.error.type, body.error.code]).toEqual([status, type, String(status)]);
    expect(rendered.headers?.['WWW-Authenticate']).toBe(challenge ? 'Bearer' : undefined);
  });
});
