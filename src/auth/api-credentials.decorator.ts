import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';

/** OpenAPI security scheme names; the schemes themselves are declared in app.setup's DocumentBuilder. */
export const BEARER_SCHEME = 'bearer';
/** The admin pages' session cookie (src/auth/credentials.ts), offered on `/admin` operations. */
export const SESSION_COOKIE_SCHEME = 'jwt_token';
/** LiteLLM clients may send their key in these headers instead of `Authorization` (src/auth/credentials.ts). */
export const LITELLM_KEY_SCHEMES = { 'x-litellm-api-key': 'x-litellm-api-key', 'api-key': 'api-key', 'x-api-key': 'x-api-key' } as const;

/**
 * Marks an operation as needing credentials, so Swagger UI's "Try it out" sends them: a bearer token (JWT, API
 * token, virtual key or master key) or a key header. Each entry is an alternative. The route-decision decorators
 * apply it, so no route can be authenticated yet documented as open. The key headers are dropped from
 * ContextForge operations when the document is finished (src/common/http/openapi-operations.ts).
 */
export function ApiCredentials() {
  return applyDecorators(ApiBearerAuth(BEARER_SCHEME), ...Object.values(LITELLM_KEY_SCHEMES).map((name) => ApiSecurity(name)));
}
