import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OpenAPIObject, OperationObject, ParameterObject, SchemaObject } from '@nestjs/swagger';
import { surfaceOf } from '../../../src/common/errors/api-surface.js';
import { unversionedUrl } from '../../../src/common/http/contextforge-versioning.js';
import { RouteDecisionAudit } from '../../../src/modules/rbac/route-decision.audit.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

type Schema = SchemaObject & { $ref?: string };

/**
 * Swagger UI's `sampleFromSchema`, as "Try it out" fills a request body: the schema's `example`, else its
 * `default`, else its first `enum` value, else a sample by type ("string", 0, true, one sampled item, every
 * property of an object, `additionalProp1` for a free-form map). `$ref`, `allOf` and the first of `oneOf`/`anyOf`
 * are followed. Formats are ignored on purpose: a field that needs an e-mail or a UUID must say so in its example.
 */
function sample(doc: OpenAPIObject, schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 10) return undefined;
  if (schema.$ref) return sample(doc, doc.components!.schemas![schema.$ref.split('/').pop()!] as Schema, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => sample(doc, part as Schema, depth + 1)));
  const alternative = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (alternative) return sample(doc, alternative as Schema, depth + 1);
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return true;
    case 'array':
      return [sample(doc, schema.items as Schema, depth + 1)];
  }
  const object: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) object[name] = sample(doc, property as Schema, depth + 1);
  if (schema.additionalProperties === true) object.additionalProp1 = {};
  else if (typeof schema.additionalProperties === 'object') {
    for (const n of [1, 2, 3]) object[`additionalProp${n}`] = sample(doc, schema.additionalProperties as Schema, depth + 1);
  }
  return object;
}

function operations(doc: OpenAPIObject): { method: string; path: string; operation: OperationObject }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => typeof operation === 'object' && operation !== null && 'responses' in operation)
      .map(([method, operation]) => ({ method, path, operation: operation as OperationObject })),
  );
}

/** A property Swagger UI can only sample as `{}` or nothing: an object without properties that is no declared map. */
function bareProperties(doc: OpenAPIObject): string[] {
  const bare: string[] = [];
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {}) as [string, Schema][]) {
    for (const [field, property] of Object.entries(schema.properties ?? {}) as [string, Schema][]) {
      const composed = property.$ref || property.allOf || property.oneOf || property.anyOf;
      const typed = composed || property.enum || property.type;
      const freeObject = !composed && property.type === 'object' && !property.properties && property.additionalProperties === undefined;
      const item = property.items as Schema | undefined;
      const bareItem = item && !(item.$ref || item.enum || item.type || item.oneOf);
      if (!typed || freeObject || bareItem) bare.push(`${name}.${field}`);
    }
  }
  return bare;
}

describe('the OpenAPI document works in Swagger UI', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  const fixtures: Record<string, string> = {};
  const admin = () => `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body as OpenAPIObject;
    const as = (credential: string) => ({
      post: (path: string, body: object) => t.http().post(path).set('Authorization', credential).send(body),
    });
    const cf = as(admin());
    const ll = as(`Bearer ${MASTER_KEY}`);
    await cf.post('/auth/email/admin/users', { email: 'fixture@example.com', password: 'Changeme123!', full_name: 'Fixture' }).expect(201);
    fixtures.email = 'fixture@example.com';
    fixtures.team_id = (await cf.post('/teams', { name: 'Fixture team', visibility: 'public' }).expect(201)).body.id;
    fixtures.key = (await ll.post('/key/generate', { user_id: 'fixture@example.com' }).expect(200)).body.token;
    fixtures.token_id = (await cf.post('/tokens', { name: 'fixture token' }).expect(201)).body.token?.id ?? 'unknown';
    fixtures.role_id = (
      await cf.post('/rbac/roles', { name: 'fixture-role', scope: 'team', permissions: ['tools.read'] }).expect(201)
    ).body.id;
    fixtures.tools = (await cf.post('/tools', { tool: { name: 'fixture-tool', url: 'https://example.com/tool' } }).expect(201)).body.id;
    fixtures.servers = (await cf.post('/servers', { server: { name: 'fixture-server' } }).expect(201)).body.id;
    fixtures.resources = (
      await cf.post('/resources', { resource: { uri: 'file:///fixture', name: 'fixture', content: 'x' } }).expect(201)
    ).body.id;
    fixtures.prompts = (await cf.post('/prompts', { prompt: { name: 'fixture-prompt', template: 'Hi' } }).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  /** A real id where the suite made one (so the example reaches the service), else an unknown one (a 404 is fine). */
  function pathValue(path: string, name: string): string {
    const collection = path.split('/').find((segment) => ['tools', 'servers', 'resources', 'prompts'].includes(segment));
    const value = name === 'id' && collection ? fixtures[collection] : fixtures[name];
    return value ?? '00000000-0000-4000-8000-000000000000';
  }

  it('declares no bare-object properties: every field has its type, or is a declared free-form map', () => {
    expect(bareProperties(doc)).toEqual([]);
  });

  it('puts a security entry on every operation that is not public', () => {
    const publicRoutes = new Set(
      t.app
        .get(RouteDecisionAudit)
        .list()
        .filter((route) => route.decision?.kind === 'public')
        .map((route) => `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const open = operations(doc)
      .filter(({ method, path }) => !publicRoutes.has(`${method} ${unversionedUrl(path)}`))
      .filter(({ operation }) => !operation.security?.length)
      .map(({ method, path }) => `${method} ${path}`);
    expect(open).toEqual([]);
    expect(publicRoutes.size).toBeGreaterThan(5);
    // ContextForge operations offer a bearer token only; LiteLLM ones also take the key headers.
    const security = (path: string, method: string) => (doc.paths[path] as Record<string, OperationObject>)[method].security;
    expect(security('/v1/teams', 'post')).toEqual([{ bearer: [] }]);
    expect(security('/key/generate', 'post')).toEqual(expect.arrayContaining([{ bearer: [] }, { 'x-litellm-api-key': [] }]));
    expect(security('/health', 'get')).toBeUndefined();
  });

  it('documents a success response on every operation, and errors in the surface envelope', () => {
    const undocumented = operations(doc)
      // A form post's success is its 303 redirect.
      .filter(
        ({ operation }) =>
          !Object.entries(operation.responses).some(([status, r]) => /^[23]/.test(status) && r && 'description' in r && r.description),
      )
      .map(({ method, path }) => `${method} ${path}`);
    expect(undocumented).toEqual([]);
    const responses = (path: string, method: string) => (doc.paths[path] as Record<string, OperationObject>)[method].responses;
    expect(responses('/key/generate', 'post')['422']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/LitellmError' } } },
    });
    expect(responses('/v1/teams/{team_id}', 'put')['404']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ContextforgeError' } } },
    });
    expect(doc.tags?.map((tag) => tag.name).slice(0, 2)).toEqual(['LiteLLM: keys', 'LiteLLM: teams']);
  });

  it("answers each POST, PUT and PATCH operation's Swagger UI example body with no 422 and no 5xx", async () => {
    // Forward auth takes any method and no body; it is swept elsewhere.
    const posts = operations(doc).filter(({ method, path }) => ['post', 'put', 'patch'].includes(method) && path !== '/auth/forward');
    expect(posts.length).toBeGreaterThan(100);
    const refused: string[] = [];
    const statuses: Record<string, number> = {};
    const unauthorized: string[] = [];
    for (const { method, path, operation } of posts) {
      const schema = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.['application/json']
        ?.schema;
      const body = schema ? sample(doc, schema) : undefined;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathValue(path, name)));
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        if (parameter.in === 'query' && parameter.required) throw new Error(`${path}: required query ${parameter.name} is not sampled`);
      }
      const credential = surfaceOf(unversionedUrl(path)) === 'contextforge' ? admin() : `Bearer ${MASTER_KEY}`;
      const res = await t
        .http()
        [method as 'post' | 'put' | 'patch'](url)
        .set('Authorization', credential)
        .send(body as object);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status === 401) unauthorized.push(path);
      // A gateway is checked by connecting to it; the example's URL has no server behind it here.
      const unreachableUpstream = res.status === 502 && path.endsWith('/gateways');
      if (res.status === 422 || (res.status >= 500 && !unreachableUpstream))
        refused.push(`${method.toUpperCase()} ${path} ${res.status} ${JSON.stringify(body)} -> ${JSON.stringify(res.body)}`);
    }
    expect(refused).toEqual([]);
    // The token was sent and taken: only the operations that check a password in the body refuse the example.
    expect(unauthorized.sort()).toEqual(['/admin/login', '/v1/auth/email/change-password', '/v1/auth/email/login']);
    // Many examples do what they say; most others name a team or key that does not exist here (404).
    const succeeded = Object.entries(statuses).reduce((n, [status, count]) => n + (/^[23]/.test(status) ? count : 0), 0);
    expect(succeeded).toBeGreaterThanOrEqual(25);
  });
});
