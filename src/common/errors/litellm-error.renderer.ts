import type { AccessDenial } from './access-denial.js';
import { type DomainError, ErrorCode } from './domain-error.js';
import { retryAfterHeader, type RenderedError } from './rendered-error.js';

const ADMIN_ONLY_MESSAGE = 'Only proxy admin can be used to generate, delete, update info for new keys/users/teams. Route: ';

/** LiteLLM's `{"error": {message, type, param, code}}` envelope, `code` being the status as a string. */
export function renderLitellmError(error: DomainError, correlationId: string): RenderedError {
  const [status, type, message, param] = classify(error, correlationId);
  const headers = retryAfterHeader(error);
  return { status, body: { error: { message, type, param, code: String(status) } }, ...(headers && { headers }) };
}

type Classified = [status: number, type: string, message: string, param: string | null];

function classify(error: DomainError, correlationId: string): Classified {
  const param = error.details.param ?? null;
  switch (error.code) {
    case ErrorCode.VALIDATION_FAILED: {
      const issues = error.details.issues ?? [];
      const field = issues[0]?.loc.filter((part) => part !== 'body' && part !== 'query' && part !== 'path').join('.') || param;
      const message = issues.length ? issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; ') : error.message;
      return [422, 'bad_request_error', message, field ?? null];
    }
    case ErrorCode.BAD_REQUEST:
      return [400, 'bad_request_error', error.message, param];
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.INVALID_TOKEN:
    case ErrorCode.KEY_BLOCKED:
      return [401, 'auth_error', error.message, param];
    case ErrorCode.KEY_NOT_FOUND:
      return [401, 'token_not_found_in_db', error.message, param];
    case ErrorCode.KEY_EXPIRED:
      return [401, 'expired_key', error.message, param];
    case ErrorCode.ACCESS_DENIED:
      return classifyDenial(error.details.denial as AccessDenial | undefined, error.message);
    case ErrorCode.FORBIDDEN:
      return [403, 'auth_error', error.message, param];
    case ErrorCode.NOT_FOUND:
      return [404, 'not_found_error', error.message, param];
    case ErrorCode.CONFLICT:
      return [409, 'bad_request_error', error.message, param];
    case ErrorCode.ALREADY_MEMBER:
      return [400, 'team_member_already_in_team', error.message, param];
    case ErrorCode.GONE:
      return [410, 'bad_request_error', error.message, param];
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return [413, 'bad_request_error', error.message, param];
    case ErrorCode.UPSTREAM_UNAVAILABLE:
      return [502, 'upstream_error', error.message, param];
    case ErrorCode.SERVICE_UNAVAILABLE:
      return [503, 'service_unavailable', error.message, null];
    // LiteLLM's own types; it answers 403 for a model outside a list (401 in older releases) and 429 for a spent budget.
    case ErrorCode.KEY_MODEL_ACCESS_DENIED:
      return [403, 'key_model_access_denied', error.message, 'model'];
    case ErrorCode.TEAM_MODEL_ACCESS_DENIED:
      return [403, 'team_model_access_denied', error.message, 'model'];
    case ErrorCode.ORG_MODEL_ACCESS_DENIED:
      return [403, 'org_model_access_denied', error.message, 'model'];
    case ErrorCode.BUDGET_EXCEEDED:
      return [429, 'budget_exceeded', error.message, null];
    case ErrorCode.TOO_MANY_REQUESTS:
      return [429, 'rate_limit_error', error.message, null];
    default:
      return [500, 'internal_server_error', `Internal server error (correlation id ${correlationId})`, null];
  }
}

function classifyDenial(denial: AccessDenial | undefined, fallback: string): Classified {
  if (!denial) return [403, 'auth_error', fallback, null];
  switch (denial.reason) {
    case 'TEAM_MEMBER_PERMISSION':
      return [
        401,
        'team_member_permission_error',
        `Team member does not have permissions for endpoint: ${denial.route}. You only have access to the following endpoints: ${JSON.stringify(denial.allowedRoutes ?? [])}`,
        denial.route,
      ];
    case 'NOT_VISIBLE':
      // LiteLLM hides nothing: a team the caller cannot see is one they are not a member of.
      if (!denial.teamId) return [404, 'not_found_error', `${denial.resourceLabel ?? 'Resource'} not found`, null];
    // falls through
    case 'NOT_TEAM_MEMBER':
      // LiteLLM treats a key for a team the caller is not in as bad input to /key/generate.
      if (denial.permission === 'keys.generate') {
        return [400, 'bad_request_error', `User=${denial.callerId ?? 'unknown'} not assigned to team=${denial.teamId}`, 'team_id'];
      }
      return [403, 'auth_error', `User=${denial.callerId ?? 'unknown'} is not a member of team=${denial.teamId}`, 'team_id'];
    case 'READ_ONLY':
      return [403, 'auth_error', `user not allowed to access this route: ${denial.route} changes data and viewer roles only read`, null];
    case 'KEY_ROUTES':
      return [
        401,
        'auth_error',
        `Virtual key is not allowed to call this route: ${denial.route}. Its allowed_routes say which it may call.`,
        null,
      ];
    case 'KEY_TYPE':
      return [403, 'auth_error', `This key's key_type does not allow ${denial.route}`, null];
    case 'ADMIN_ONLY':
      return [401, 'auth_error', `${ADMIN_ONLY_MESSAGE}${denial.route}`, null];
    case 'TOKEN_PERMISSIONS':
    case 'TOKEN_SERVER':
    case 'TOKEN_IP':
    case 'TOKEN_TIME':
    case 'TOKEN_MANAGEMENT':
      return [403, 'auth_error', `The API token's restrictions do not allow this request: ${denial.route}`, null];
    default:
      return [403, 'auth_error', `Access denied: ${denial.route} needs ${denial.permission}`, null];
  }
}
