import { describe, expect, it } from '@jest/globals';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { finishOperations } from './openapi-operations.js';

const credentials: Record<string, string[]>[] = [{ bearer: [] }, { 'x-litellm-api-key': [] }, { 'api-key': [] }, { 'x-api-key': [] }];

function documentWith(paths: Record<string, Record<string, Partial<OperationObject>>>): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: Object.fromEntries(
      Object.entries(paths).map(([path, item]) => [
        path,
        Object.fromEntries(Object.entries(item).map(([method, op]) => [method, { responses: { '200': { description: '' } }, ...op }])),
      ]),
    ),
    components: { schemas: { Kept: { type: 'object' } } },
  };
}

const operation = (doc: OpenAPIObject, path: string, method: string) => (doc.paths[path] as Record<string, OperationObject>)[method];

describe('finishOperations', () => {
  it('offers the LiteLLM key headers on LiteLLM operations only, and the session cookie on admin ones', () => {
    const doc = finishOperations(
      documentWith({
        '/key/generate': { post: { security: credentials } },
        '/teams': { post: { security: credentials } },
        '/admin/tools': { post: { security: credentials } },
        '/health': { get: {} },
      }),
    );
    expect(operation(doc, '/key/generate', 'post').security).toEqual(credentials);
    expect(operation(doc, '/teams', 'post').security).toEqual([{ bearer: [] }]);
    expect(operation(doc, '/admin/tools', 'post').security).toEqual([{ bearer: [] }, { jwt_token: [] }]);
    expect(operation(doc, '/health', 'get').security).toBeUndefined();
  });

  it("documents the errors an operation can answer in its surface's envelope, without replacing declared ones", () => {
    const doc = finishOperations(
      documentWith({
        '/team/{team_id}': {
          post: {
            security: credentials,
            'x-required-permission': { permission: 'teams.update' },
            requestBody: { content: {} },
          } as Partial<OperationObject>,
        },
        '/teams/{team_id}': {
          get: { security: credentials, responses: { '200': { description: 'One team' }, '404': { description: 'Own words' } } },
        },
        '/health': { get: {} },
      }),
    );
    const litellm = operation(doc, '/team/{team_id}', 'post').responses;
    expect(Object.keys(litellm).sort()).toEqual(['200', '401', '403', '404', '422']);
    expect(litellm['422']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/LitellmError' } } } });
    const contextforge = operation(doc, '/teams/{team_id}', 'get').responses;
    expect(contextforge['401']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ContextforgeError' } } },
    });
    expect(contextforge['404']).toEqual({ description: 'Own words' });
    expect(contextforge['403']).toBeUndefined();
    expect(Object.keys(operation(doc, '/health', 'get').responses)).toEqual(['200']);
    expect(Object.keys(doc.components!.schemas!)).toEqual(
      expect.arrayContaining(['Kept', 'LitellmError', 'ContextforgeError', 'AdminResult']),
    );
  });

  it('describes empty success responses and keeps written ones', () => {
    const doc = finishOperations(
      documentWith({
        '/teams': { post: { responses: { '201': { description: '' } } }, get: { responses: { '200': { description: 'Teams' } } } },
      }),
    );
    expect(operation(doc, '/teams', 'post').responses['201']).toEqual({ description: 'Created' });
    expect(operation(doc, '/teams', 'get').responses['200']).toEqual({ description: 'Teams' });
  });

  it('declares the path parameters a route reads without @Param, once', () => {
    const doc = finishOperations(
      documentWith({
        '/tools/{id}/toggle': { post: {} },
        '/teams/{team_id}/members/{email}': {
          put: { parameters: [{ name: 'email', in: 'path', required: true, schema: { type: 'string', format: 'email' } }] },
        },
      }),
    );
    expect(operation(doc, '/tools/{id}/toggle', 'post').parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    expect(operation(doc, '/teams/{team_id}/members/{email}', 'put').parameters).toEqual([
      { name: 'email', in: 'path', required: true, schema: { type: 'string', format: 'email' } },
      { name: 'team_id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
  });
});
