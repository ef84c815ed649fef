import type { FastifyRequest } from 'fastify';
import { FORWARD_AUTH_PATH } from '../../common/errors/api-surface.js';
import { badRequest, forbidden } from '../../common/errors/domain-error.js';
import type { ForwardedRequest } from '../rbac/forwarded-request.js';
import { routeGroupsOf } from '../rbac/litellm-routes.js';

/** The client's original request, as the proxy forwarded it, and what it names. */
export interface ForwardedCall {
  request: ForwardedRequest;
  /** The model the request names (header, JSON body or path); null: none named. */
  model: string | null;
  /** The MCP tools it calls (by name or id), each needing `tools.execute`. */
  tools: string[];
}

/** What a forwarded body becomes (see forwarded-body.parser): the raw text and its original content type. */
export interface ForwardedBody {
  text: string;
  contentType: string | null;
}

/** Headers a proxy sets, and our own for what a proxy cannot read from a body without help. */
export const FORWARDED_HEADERS = {
  method: ['x-forwarded-method', 'x-original-method'],
  uri: ['x-forwarded-uri', 'x-original-uri'],
  model: 'x-portcullis-model',
  tool: 'x-portcullis-tool',
} as const;

const MAX_PATH_LENGTH = 8192;
const MAX_NAME_LENGTH = 512;

/**
 * Reads the original request from what the proxy sent: the path from Envoy's prefix form
 * (`/auth/forward/<original path>`), Traefik's `X-Forwarded-Uri` or nginx's `X-Original-URI`; the method from
 * `X-Forwarded-Method` / `X-Original-Method` (else this request's own, which Envoy keeps). A client can add any of
 * these headers itself and some proxies pass them on, so every source present must say the same thing: two
 * different paths (or methods, or models) are refused, never resolved in someone's favour.
 */
export function readForwardedCall(http: FastifyRequest): ForwardedCall {
  const paths = [...prefixPathOf(http.url), ...headerValues(http, FORWARDED_HEADERS.uri)].map(normalizeForwardedPath);
  if (paths.length === 0) {
    throw badRequest(
      'Forward auth needs the original request path: send X-Forwarded-Uri (Traefik), X-Original-URI (nginx) or call /auth/forward/<original path> (Envoy)',
    );
  }
  const path = agreed(paths, 'path');
  const methods = headerValues(http, FORWARDED_HEADERS.method).map((m) => m.trim().toUpperCase());
  const method = methods.length ? agreed(methods, 'method') : http.method.toUpperCase();
  if (!/^[A-Z]{1,20}$/.test(method)) throw refused('The forwarded method is malformed');
  const body = parsedBody(http.body);
  const models = [...headerValues(http, [FORWARDED_HEADERS.model]), ...modelsInBody(body), ...modelsInPath(path)].map(checkedName);
  const tools = [...headerValues(http, [FORWARDED_HEADERS.tool]), ...toolsInBody(body, path)].map(checkedName);
  return {
    request: { method, path, groups: routeGroupsOf(path), clientIp: http.ip ?? null },
    model: models.length ? agreed(models, 'model') : null,
    tools: [...new Set(tools)],
  };
}

const refused = (message: string) => forbidden(`Forward auth: ${message}`);

function agreed(values: string[], what: string): string {
  if (new Set(values).size > 1) throw refused(`the forwarded request names more than one ${what}`);
  return values[0];
}

/** Envoy's ext_authz HTTP service appends the original path (and query) to the configured path prefix. */
function prefixPathOf(url: string): string[] {
  const rest = url.slice(FORWARD_AUTH_PATH.length);
  return rest.startsWith('/') && rest !== '/' ? [rest] : [];
}

function headerValues(http: FastifyRequest, names: readonly string[]): string[] {
  return names.flatMap((name) => {
    const raw = http.headers[name];
    const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return values.filter((value) => value.trim() !== '');
  });
}

/**
 * The path as the gateway will route it: no query or fragment, percent-decoded, empty segments and a trailing slash
 * dropped. Dot segments (`.`, `..`, encoded or not), encoded slashes, backslashes and control characters are refused:
 * the gateway might read them differently than we do, and the decision must be about the route it will serve.
 */
export function normalizeForwardedPath(raw: string): string {
  let value = raw.trim();
  if (value.length > MAX_PATH_LENGTH) throw refused('the forwarded path is too long');
  if (/^https?:\/\//i.test(value)) {
    try {
      value = new URL(value).pathname;
    } catch {
      throw refused('the forwarded URI is malformed');
    }
  }
  value = value.split(/[?#]/, 1)[0];
  if (!value.startsWith('/') || /%(2f|5c|00)/i.test(value) || value.includes('\\')) throw refused('the forwarded path is malformed');
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    throw refused('the forwarded path is malformed');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) throw refused('the forwarded path is malformed');
  const segments = decoded.split('/').filter((segment) => segment !== '');
  // Not resolved but refused: gateways differ on whether they resolve them, and the decision must be about the
  // route the gateway will serve.
  if (segments.some((segment) => segment === '.' || segment === '..')) throw refused('the forwarded path has dot segments');
  return `/${segments.join('/')}`;
}

function checkedName(value: string): string {
  const name = value.trim();
  // eslint-disable-next-line no-control-regex
  if (name === '' || name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name))
    throw refused('a model or tool name is malformed');
  return name;
}

/** The forwarded body as JSON when it is JSON (Envoy `with_request_body`, Traefik `forwardBody`); else nothing. */
function parsedBody(body: unknown): unknown {
  const forwarded = body as ForwardedBody | undefined;
  if (!forwarded || typeof forwarded.text !== 'string' || forwarded.text.trim() === '') return undefined;
  const type = forwarded.contentType?.toLowerCase() ?? '';
  if (type !== '' && !type.includes('json')) return undefined;
  try {
    return JSON.parse(forwarded.text);
  } catch {
    // A truncated or non-JSON body names nothing; the headers and the path still decide.
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function modelsInBody(body: unknown): string[] {
  return isObject(body) && typeof body.model === 'string' ? [body.model] : [];
}

/** LiteLLM reads the model from the path on these routes (Azure deployments, engines, Google's `models/{model}:verb`). */
const MODEL_IN_PATH = [
  /^\/(?:openai\/deployments|engines)\/([^/]+)\//,
  /^\/(?:v1beta\/)?models\/(.+):(?:countTokens|generateContent|streamGenerateContent)$/,
];

function modelsInPath(path: string): string[] {
  for (const pattern of MODEL_IN_PATH) {
    const match = pattern.exec(path);
    if (match) return [match[1]];
  }
  return [];
}

/**
 * The tools a body calls: MCP JSON-RPC `tools/call` messages (one, or a batch) name theirs in `params.name`;
 * LiteLLM's REST form (`/mcp-rest/tools/call`, `/mcp/tools/call`) in `name`. A call without a usable name is
 * refused rather than let through unchecked.
 */
function toolsInBody(body: unknown, path: string): string[] {
  if (body === undefined) return [];
  if (/\/tools\/call$/.test(path) && isObject(body) && !('jsonrpc' in body)) return [toolName(body.name)];
  const messages = Array.isArray(body) ? body : [body];
  return messages
    .filter((m) => isObject(m) && m.method === 'tools/call')
    .map((m) => toolName(isObject(m.params) ? m.params.name : undefined));
}

function toolName(value: unknown): string {
  if (typeof value !== 'string') throw refused('a tools/call names no tool');
  return value;
}
