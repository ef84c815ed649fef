import { surfaceOf } from '../../../src/common/errors/api-surface.js';
import type { FuzzRequest } from './fuzz-requests.js';

export interface FuzzResponse {
  status: number;
  text: string;
}

/**
 * What is wrong with an answer, or null: a 5xx, or a refusal not in its surface's envelope (LiteLLM and forward
 * auth: `{"error": {"message", ...}}`; ContextForge: `{"detail": ...}`), decided by the filter's own surface
 * function.
 */
export function answerProblem(request: FuzzRequest, response: FuzzResponse): string | null {
  if (response.status >= 500 && !isUpstreamFailure(request, response)) return `answered ${response.status}`;
  if (response.status < 400 || request.method === 'HEAD') return null;
  // The admin UI's own filter answers its pages and scripts (an HTML page, or `{"message", "success": false}`);
  // what is refused before its controllers (the URL, the body's bytes) is in the ContextForge envelope.
  const admin = isAdminPage(request.url);
  if (admin && /^\s*<!doctype html>/i.test(response.text)) return null;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return `a ${response.status} whose body is not JSON`;
  }
  const envelope = body as { error?: { message?: unknown }; detail?: unknown; message?: unknown };
  if (admin && typeof envelope?.message === 'string') return null;
  if (surfaceOf(request.url) === 'contextforge') {
    return envelope !== null && typeof envelope === 'object' && 'detail' in envelope ? null : `a ${response.status} without "detail"`;
  }
  return typeof envelope?.error?.message === 'string' ? null : `a ${response.status} without "error.message"`;
}

/** A request and its answer in a line, cut short enough to read. */
export function describeExchange(request: FuzzRequest, response?: FuzzResponse): string {
  const cut = (text: string, n: number) => JSON.stringify(text.length > n ? `${text.slice(0, n)}…(${text.length})` : text);
  const body = request.body === undefined ? '' : ` ${request.headers['content-type'] ?? ''} ${cut(request.body.toString('latin1'), 160)}`;
  const answer = response ? ` → ${response.status} ${cut(response.text, 200)}` : '';
  return `${request.method} ${cut(request.url, 200)}${body}${answer}`;
}

function isAdminPage(url: string): boolean {
  const path = url.split('?', 1)[0];
  return path === '/admin' || path.startsWith('/admin/');
}

/**
 * Registering or refreshing a gateway calls it: a host that does not resolve or answer is the designed 502 (as in
 * ContextForge), in the envelope like any refusal. No other route may answer 5xx.
 */
function isUpstreamFailure(request: FuzzRequest, response: FuzzResponse): boolean {
  return response.status === 502 && /^\/(v1\/)?(admin\/)?gateways\b/.test(request.url);
}
