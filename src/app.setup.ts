import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { markUnversionedCalls, rewriteVersionedUrl, versionContextforgePaths } from './common/http/contextforge-versioning.js';
import { addAdminSecurityHeaders } from './modules/admin-ui/admin-security.headers.js';
import { loadAppConfig } from './config/app-config.js';
import { installWriteBarrier } from './common/cache/write-barrier.js';
import { JsonObjectBodyInterceptor } from './common/validation/json-object-body.interceptor.js';
import { LocatedValidationPipe } from './common/validation/located-validation.pipe.js';

/** Request bodies over this answer 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // X-Forwarded-For / -Proto are believed only from the proxies TRUST_PROXY names (none by default): the client
    // address feeds per-IP abuse limits and API-token IP restrictions, which a header anyone can send would defeat.
    // (Fastify takes a hop count too; the adapter's option type leaves numbers out.)
    trustProxy: loadAppConfig().trustProxy as boolean | string | string[],
    genReqId: () => crypto.randomUUID(),
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
  await app.register(fastifyCookie);
  // The admin pages post multipart forms (FormData); their fields become the body, as JSON and urlencoded forms
  // do (Nest's Fastify adapter parses those). No files are taken.
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { files: 0, fieldSize: BODY_LIMIT_BYTES, fields: 100 } });
  addAdminSecurityHeaders(app.getHttpAdapter().getInstance());
  markUnversionedCalls(app.getHttpAdapter().getInstance());
  app.useGlobalPipes(
    // Unknown fields are stripped and ignored (never applied, never a 422), as LiteLLM and ContextForge do: their
    // clients send fields we do not model. Types of the fields we do model are still validated, and a bad one is
    // reported where it was (`["query", "limit"]`, `["body", "tool", "name"]`).
    new LocatedValidationPipe({ whitelist: true, transform: true }),
  );
  app.useGlobalInterceptors(new JsonObjectBodyInterceptor());
  // A request that wrote waits until this instance's caches have heard its changes (src/common/cache).
  installWriteBarrier(app);
  app.enableShutdownHooks();
  const document = versionContextforgePaths(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Portcullis')
        .setDescription(
          'Access control for AI gateways: LiteLLM-compatible key management and ContextForge-compatible teams, RBAC and MCP catalog. ' +
            'Each operation names the permission it needs in `x-required-permission`.',
        )
        .setVersion('0.1.0')
        .addBearerAuth()
        .build(),
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', ui: options.swaggerUi ?? true });
}
