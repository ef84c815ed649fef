/**
 * Which compatible API a URL belongs to, and so which error envelope its clients parse. `forward_auth` is
 * LiteLLM's envelope as a proxy relays it (see forward-auth-error.renderer).
 */
export type ApiSurface = 'litellm' | 'contextforge' | 'forward_auth';

const LITELLM_PREFIXES = ['/key/', '/v2/key/', '/team/', '/user/', '/organization/', '/health/liveliness', '/health/readiness'];

/** The forward-auth endpoint (and its Envoy form `/auth/forward/<original path>`). */
export const FORWARD_AUTH_PATH = '/auth/forward';

export function isForwardAuthPath(path: string): boolean {
  return path === FORWARD_AUTH_PATH || path.startsWith(`${FORWARD_AUTH_PATH}/`) || path.startsWith(`${FORWARD_AUTH_PATH}?`);
}

export function surfaceOf(url: string): ApiSurface {
  if (isForwardAuthPath(url)) return 'forward_auth';
  const path = url.split('?', 1)[0];
  return LITELLM_PREFIXES.some((prefix) => path.startsWith(prefix) || `${path}/` === prefix) ? 'litellm' : 'contextforge';
}
