import type { OpenAPIObject, OperationObject, ParameterObject, ResponsesObject, SchemaObject } from '@nestjs/swagger';
import { LITELLM_KEY_SCHEMES, SESSION_COOKIE_SCHEME } from '../../auth/api-credentials.decorator.js';
import { surfaceOf } from '../errors/api-surface.js';

/**
 * The error envelopes the document's error responses refer to: the two surfaces' (src/common/errors/*-error.renderer.ts)
 * and the admin pages' answer to their scripts (src/modules/admin-ui/admin-responses.ts).
 */
export const ERROR_SCHEMAS: Record<string, SchemaObject> = {
  LitellmError: {
    type: 'object',
    description: "LiteLLM's error envelope",
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['message', 'type', 'code'],
        properties: {
          message: { type: 'string', example: 'Authentication Error, Invalid proxy server token passed.' },
          type: { type: 'string', example: 'auth_error' },
          param: { type: 'string', nullable: true, example: 'team_id' },
          code: { type: 'string', description: 'The HTTP status, as text', example: '401' },
        },
      },
    },
  },
  ContextforgeError: {
    type: 'object',
    description: "ContextForge's FastAPI-style envelope: a message, or on 422 the list of invalid fields",
    required: ['detail'],
    properties: {
      detail: {
        oneOf: [
          { type: 'string', example: 'Authentication required' },
          {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                loc: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, example: ['body', 'name'] },
                msg: { type: 'string', example: 'name must be a string' },
                type: { type: 'string', example: 'value_error' },
              },
            },
          },
        ],
      },
    },
  },
  AdminResult: {
    type: 'object',
    description: "The admin pages' answer to a scripted form post (a browser's own form post is redirected instead)",
    required: ['message', 'success'],
    properties: { message: { type: 'string', example: 'Tool saved' }, success: { type: 'boolean', example: true } },
  },
};

const ERRORS: Record<number, string> = {
  401: 'No valid credentials',
  403: 'The caller lacks the permission named in `x-required-permission`',
  404: 'Not found, or not visible to the caller',
  422: 'Invalid path, query or body field (the envelope says which)',
};

const SUCCESS: Record<string, string> = {
  '200': 'Success',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No content',
  // The admin pages' form posts answer with a redirect to the page that shows the result.
  '302': 'Done; redirects to the page that shows the result',
  '303': 'Done; redirects to the page that shows the result',
};

/**
 * Finishes what the decorators cannot say route by route: the surface's error responses, a description for every
 * success response, the path parameters a route reads through its authorized target rather than `@Param` (so
 * Swagger UI can fill them), the LiteLLM key headers only where LiteLLM clients call, and the session cookie on the
 * admin pages. Runs before the ContextForge paths are versioned, so each path is still the one the surface rules name.
 */
export function finishOperations(document: OpenAPIObject): OpenAPIObject {
  const schemas = { ...document.components?.schemas, ...ERROR_SCHEMAS };
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const finished: Record<string, unknown> = { ...item };
    for (const [method, operation] of Object.entries(item)) {
      // Path-level fields (`parameters`, `summary`) sit beside the operations.
      if (typeof operation === 'object' && operation !== null && 'responses' in operation)
        finished[method] = finishOperation(path, operation);
    }
    paths[path] = finished as OpenAPIObject['paths'][string];
  }
  return { ...document, paths, components: { ...document.components, schemas } };
}

function finishOperation(path: string, operation: OperationObject): OperationObject {
  const surface = surfaceOf(path);
  const keyHeaders = new Set<string>(Object.values(LITELLM_KEY_SCHEMES));
  const filtered =
    surface === 'contextforge'
      ? operation.security?.filter((entry) => !Object.keys(entry).some((name) => keyHeaders.has(name)))
      : operation.security;
  // A browser on the admin pages (Swagger UI too, same origin) is signed in by its session cookie.
  const security = filtered?.length && path.startsWith('/admin/') ? [...filtered, { [SESSION_COOKIE_SCHEME]: [] }] : filtered;
  const parameters = [...(operation.parameters ?? [])];
  for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
    if (!parameters.some((p) => 'in' in p && p.in === 'path' && p.name === name)) {
      parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } } satisfies ParameterObject);
    }
  }
  const responses: ResponsesObject = {};
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    responses[status] =
      SUCCESS[status] && response && 'description' in response && !response.description
        ? { ...response, description: SUCCESS[status] }
        : response;
  }
  const admin = path.startsWith('/admin/');
  const envelope = {
    $ref: `#/components/schemas/${admin ? 'AdminResult' : surface === 'contextforge' ? 'ContextforgeError' : 'LitellmError'}`,
  };
  // A scripted admin form post is answered 200 with its result; only the browser's own post is redirected.
  if (admin && security?.length && responses['303'] && !responses['200']) {
    responses['200'] = { description: 'Done (scripted call)', content: { 'application/json': { schema: envelope } } };
  }
  const errors = [
    security?.length ? 401 : null,
    (operation as unknown as Record<string, unknown>)['x-required-permission'] ? 403 : null,
    parameters.some((p) => 'in' in p && p.in === 'path') ? 404 : null,
    parameters.length || operation.requestBody ? 422 : null,
  ];
  for (const status of errors) {
    if (status && !responses[status])
      responses[status] = { description: ERRORS[status], content: { 'application/json': { schema: envelope } } };
  }
  return { ...operation, ...(security ? { security } : {}), ...(parameters.length ? { parameters } : {}), responses };
}
