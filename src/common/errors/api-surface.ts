/** Which compatible API a URL belongs to, and so which error envelope its clients parse. */
export type ApiSurface = 'litellm' | 'contextforge';

const LITELLM_PREFIXES = ['/key/', '/v2/key/', '/team/', '/user/', '/organization/', '/health/liveliness', '/health/readiness'];

export function surfaceOf(url: string): ApiSurface {
  const path = url.split('?', 1)[0];
  return LITELLM_PREFIXES.some((prefix) => path.startsWith(prefix) || `${path}/` === prefix) ? 'litellm' : 'contextforge';
}
