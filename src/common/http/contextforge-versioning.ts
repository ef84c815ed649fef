import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { isForwardAuthPath } from '../errors/api-surface.js';

/**
 * ContextForge serves its REST API under `/v1/…` and keeps the unversioned paths as deprecated aliases; so do we.
 * Routes are declared once, unversioned: a `/v1` request is rewritten before routing (so the guard, the route
 * table and `allowed_routes` see one route), and an unversioned call is answered with a `Deprecation` header that
 * names its successor. The admin UI (`/admin`) and the LiteLLM surface are not versioned.
 */
export const CONTEXTFORGE_VERSION_PREFIX = '/v1';

/** The first path segments of the ContextForge REST surface. */
const CONTEXTFORGE_SEGMENTS = new Set(['auth', 'teams', 'rbac', 'gateways', 'servers', 'tools', 'resources', 'prompts', 'tokens', 'api']);

function firstSegment(path: string): string {
  return path.split('/', 2)[1] ?? '';
}

/**
 * Whether an unversioned path belongs to the versioned ContextForge surface. The forward-auth endpoint lives under
 * `/auth` but is ours, not ContextForge's: it is served at `/auth/forward` only (no `/v1` alias, no `Deprecation`),
 * so that Envoy's path-prefix form `/auth/forward/<original path>` keeps the original path exactly as sent.
 */
export function isContextforgePath(path: string): boolean {
  const bare = path.split('?', 1)[0];
  if (isForwardAuthPath(bare)) return false;
  return CONTEXTFORGE_SEGMENTS.has(firstSegment(bare));
}

/** `/v1/teams/x?y=1` → `/teams/x?y=1`; anything else is returned as it is (so `/v1/key/…` stays unknown). */
export function unversionedUrl(url: string): string {
  if (!url.startsWith(`${CONTEXTFORGE_VERSION_PREFIX}/`)) return url;
  const rest = url.slice(CONTEXTFORGE_VERSION_PREFIX.length);
  return isContextforgePath(rest) ? rest : url;
}

/**
 * Raw requests that called an unversioned ContextForge path. Recorded at the rewrite because the URL the request
 * came in with is not kept reliably afterwards (the middleware runner overwrites `originalUrl`).
 */
const unversionedCalls = new WeakSet<object>();

/** For the adapter's `rewriteUrl`: runs before routing, on every request. */
export function rewriteVersionedUrl(request: { url?: string }): string {
  const url = request.url ?? '/';
  const rewritten = unversionedUrl(url);
  if (rewritten === url && isContextforgePath(url)) unversionedCalls.add(request);
  return rewritten;
}

/** RFC 9745 `Deprecation` (and its successor link) on calls that used an unversioned ContextForge path. */
export function markUnversionedCalls(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (!unversionedCalls.has(request.raw)) return payload;
    reply.header('Deprecation', 'true');
    reply.header('Link', `<${CONTEXTFORGE_VERSION_PREFIX}${request.url.split('?', 1)[0]}>; rel="successor-version"`);
    return payload;
  });
}

/** The OpenAPI document lists each ContextForge operation once, under its `/v1` path, with the alias noted. */
export function versionContextforgePaths(document: OpenAPIObject): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    if (!isContextforgePath(path)) {
      paths[path] = item;
      continue;
    }
    const noted = { ...item } as Record<string, unknown>;
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      const description = (operation as { description?: string }).description;
      const alias = `Also served at the unversioned \`${path}\` (deprecated alias, answered with a \`Deprecation\` header).`;
      noted[method] = { ...operation, description: description ? `${description}\n\n${alias}` : alias };
    }
    paths[`${CONTEXTFORGE_VERSION_PREFIX}${path}`] = noted as OpenAPIObject['paths'][string];
  }
  return { ...document, paths };
}
