import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME, LITELLM_KEY_SCHEMES, SESSION_COOKIE_SCHEME } from './auth/api-credentials.decorator.js';
import { finishOperations } from './common/http/openapi-operations.js';
import { REQUEST_ID_HEADER, requestIdOf } from './common/http/request-id.js';
import { installRequestObservability } from './common/http/request-observability.js';
import { AppLogger } from './common/logging/app-logger.js';
import { Metrics } from './common/metrics/metrics.js';
import { markUnversionedCalls, rewriteVersionedUrl, versionContextforgePaths } from './common/http/contextforge-versioning.js';
import { addAdminSecurityHeaders } from './modules/admin-ui/admin-security.headers.js';
import { loadAppConfig } from './config/app-config.js';
import { installWriteBarrier } from './common/cache/write-barrier.js';
import { installShutdownDrain } from './common/http/shutdown-drain.js';
import { replyWithError } from './common/errors/api-exception.filter.js';
import { installHostileInputHooks, jsonBodyParser } from './common/validation/hostile-input.hooks.js';
import { JsonObjectBodyInterceptor } from './common/validation/json-object-body.interceptor.js';
import { LocatedValidationPipe } from './common/validation/located-validation.pipe.js';
import { compileValidationMetadata } from './common/validation/compiled-validation-metadata.js';

/** Request bodies over this answer 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const FRAMEWORK_LOGGER = new Logger('Errors');

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // X-Forwarded-For / -Proto are believed only from the proxies TRUST_PROXY names (none by default): the client
    // address feeds per-IP abuse limits and API-token IP restrictions, which a header anyone can send would defeat.
    // (Fastify takes a hop count too; the adapter's option type leaves numbers out.)
    trustProxy: loadAppConfig().trustProxy as boolean | string | string[],
    // The caller's X-Request-Id when sane, else a UUID (src/common/http/request-id.ts).
    genReqId: requestIdOf,
    // A URL the router cannot decode (`/teams/%zz`, 400) or an over-long path parameter is answered before any hook
    // or filter runs; it still carries its id, and the surface's envelope.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      replyWithError(error, request, reply, FRAMEWORK_LOGGER);
    },
    // ContextForge clients call both `/teams` and `/teams/` (FastAPI serves either); Nest strips the trailing slash
    // from declared paths, so the router has to ignore it.
    routerOptions: { ignoreTrailingSlash: true },
    // ContextForge's `/v1/…` paths reach the same routes as its unversioned ones.
    rewriteUrl: rewriteVersionedUrl,
  });
}

/** Everything main.ts and the e2e suites share: plugins, validation, error envelopes, OpenAPI. */
export interface SetupOptions {
  /**
   * Serve the Swagger UI pages. Jest's ESM runtime cannot load their static-file plugin (it needs Node's
   * require(esm)), so the e2e suites check the OpenAPI document only.
   */
  swaggerUi?: boolean;
}

export async function setupApp(app: NestFastifyApplication, options: SetupOptions = {}): Promise<void> {
  // First of all hooks: during a shutdown, new requests are refused before anything else runs for them.
  installShutdownDrain(app);
  await app.register(fastifyCookie);
  // The admin pages post multipart forms (FormData); their fields become the body, as JSON and urlencoded forms
  // do (Nest's Fastify adapter parses those). No files are taken.
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { files: 0, fieldSize: BODY_LIMIT_BYTES, fields: 100 } });
  installRequestObservability(app.getHttpAdapter().getInstance(), app.get(AppLogger), app.get(Metrics));
  const fastify = app.getHttpAdapter().getInstance();
  // Our JSON parser replaces Nest's default one (same limit, same errors), with UTF-8 and nesting checks first.
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, jsonBodyParser(fastify));
  installHostileInputHooks(fastify);
  addAdminSecurityHeaders(app.getHttpAdapter().getInstance());
  markUnversionedCalls(app.getHttpAdapter().getInstance());
  // class-validator's rule lookup per class, done once instead of on every request (see the module).
  compileValidationMetadata();
  app.useGlobalPipes(
    // Unknown fields are stripped and ignored (never applied, never a 422), as LiteLLM and ContextForge do: their
    // clients send fields we do not model. Types of the fields we do model are still validated, and a bad one is
    // reported where it was (`["query", "limit"]`, `["body", "tool", "name"]`).
    new LocatedValidationPipe({ whitelist: true, transform: true }),
  );
  app.useGlobalInterceptors(new JsonObjectBodyInterceptor());
  // A request that wrote waits until this instance's caches have heard its changes (src/common/cache).
  installWriteBarrier(app);
  // SIGTERM/SIGINT: drain (src/common/http/shutdown-drain.ts), then close the listener and the pool.
  app.enableShutdownHooks();
  const document = versionContextforgePaths(finishOperations(SwaggerModule.createDocument(app, documentConfig())));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', ui: options.swaggerUi ?? true });
}

/**
 * The tags in the order Swagger UI lists them: by surface (LiteLLM, ContextForge, ours), each described. A tag an
 * operation uses but this list lacks is still shown, after these.
 */
const TAGS: [name: string, description: string][] = [
  ['LiteLLM: keys', 'Virtual keys as the LiteLLM proxy manages them (`/key/*`); call with the master key or a key that may manage keys'],
  ['LiteLLM: teams', 'LiteLLM teams, their members and budgets (`/team/*`)'],
  ['LiteLLM: users', 'LiteLLM internal users (`/user/*`)'],
  ['LiteLLM: organizations', 'LiteLLM organizations and their members (`/organization/*`)'],
  ['ContextForge: email auth', 'ContextForge email login, registration, password reset and own profile (`/v1/auth/email/*`)'],
  ['ContextForge: admin users', 'Platform administration of user accounts'],
  ['ContextForge: teams', 'ContextForge teams: members, invitations and join requests (`/v1/teams/*`)'],
  ['ContextForge: API tokens', 'Scoped API tokens (`/v1/tokens/*`), shown once at creation'],
  ['ContextForge: RBAC', 'Roles, role assignments and permission checks (`/v1/rbac/*`)'],
  ['ContextForge: servers', 'Virtual MCP servers of the catalog'],
  ['ContextForge: tools', 'Tools of the catalog'],
  ['ContextForge: resources', 'Resources of the catalog'],
  ['ContextForge: prompts', 'Prompts of the catalog'],
  ['ContextForge: gateways', 'Upstream MCP gateways and their stored credentials'],
  ['ContextForge: logs', 'Audit trails'],
  ['Forward auth', 'Decisions for a reverse proxy (Envoy, nginx, Traefik) in front of LiteLLM or ContextForge'],
  ['Admin UI', 'Server-rendered admin pages and their form posts (browser session cookie or bearer token)'],
  ['Health', 'Liveness, readiness and cache status; no credentials needed'],
];

function documentConfig() {
  const builder = new DocumentBuilder()
    .setTitle('Portcullis')
    .setDescription(
      'Access control for AI gateways: LiteLLM-compatible key management and ContextForge-compatible teams, RBAC and MCP catalog. ' +
        'Each operation names the permission it needs in `x-required-permission`. ' +
        'LiteLLM operations answer errors as `{"error": {message, type, param, code}}`, ContextForge ones as `{"detail": ...}`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'A JWT, a ContextForge API token, a LiteLLM virtual key or the master key' },
      BEARER_SCHEME,
    );
  for (const header of Object.values(LITELLM_KEY_SCHEMES)) {
    builder.addApiKey({ type: 'apiKey', in: 'header', name: header, description: 'A LiteLLM virtual key or the master key' }, header);
  }
  builder.addCookieAuth(
    SESSION_COOKIE_SCHEME,
    { type: 'apiKey', in: 'cookie', description: 'The admin session, set by POST /admin/login (browsers only)' },
    SESSION_COOKIE_SCHEME,
  );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  return builder.build();
}
