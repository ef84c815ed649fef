import { describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-error.js';
import { normalizeForwardedPath, readForwardedCall } from './forwarded-call.reader.js';

const request = (url: string, headers: Record<string, string | string[]> = {}, body?: unknown, method = 'GET') =>
  ({ url, method, headers, body, ip: '10.0.0.1' }) as unknown as FastifyRequest;
const json = (value: unknown) => ({ text: JSON.stringify(value), contentType: 'application/json' });

describe('normalizeForwardedPath', () => {
  it.each([
    ['/v1/chat/completions', '/v1/chat/completions'],
    ['/v1/chat/completions?stream=true', '/v1/chat/completions'],
    ['/v1/chat/completions/', '/v1/chat/completions'],
    ['//v1///chat/completions', '/v1/chat/completions'],
    ['/v1/./chat/completions', null],
    ['/v1/chat/completions/../../key/generate', null],
    ['/v1/chat/completions/..', null],
    ['/v1/%63hat/completions', '/v1/chat/completions'],
    ['/%2e%2e/x', null],
    ['/v1/chat/completions/%2e%2e/%2E%2E/key/info', null],
    ['/v1/.well-known/x', '/v1/.well-known/x'],
    ['https://gateway.example.com/v1/models?x=1', '/v1/models'],
    ['/', '/'],
    ['/..', null],
    ['v1/models', null],
    ['/v1%2Fmodels', null],
    ['/v1%5cmodels', null],
    ['/v1\\models', null],
    ['/v1/%00', null],
    ['/%E0%A4%A', null],
    ['/a\u0001b', null],
  ])('%s → %s', (raw, expected) => {
    if (expected === null) expect(() => normalizeForwardedPath(raw)).toThrow(DomainError);
    else expect(normalizeForwardedPath(raw)).toBe(expected);
  });
});

describe('readForwardedCall', () => {
  it.each([
    ['nginx', request('/auth/forward', { 'x-original-uri': '/v1/models', 'x-original-method': 'get' }), '/v1/models', 'GET'],
    ['Traefik', request('/auth/forward', { 'x-forwarded-uri': '/v1/models?a=1', 'x-forwarded-method': 'POST' }), '/v1/models', 'POST'],
    ['Envoy', request('/auth/forward/v1/models?a=1', {}, undefined, 'DELETE'), '/v1/models', 'DELETE'],
    [
      'two sources that agree',
      request('/auth/forward', { 'x-original-uri': '/v1/models', 'x-forwarded-uri': '/v1//models/' }),
      '/v1/models',
      'GET',
    ],
  ])('%s', (_proxy, http, path, method) => {
    const call = readForwardedCall(http);
    expect(call.request.path).toBe(path);
    expect(call.request.method).toBe(method);
  });

  it.each([
    ['paths disagree', request('/auth/forward', { 'x-original-uri': '/v1/models', 'x-forwarded-uri': '/key/generate' })],
    ['prefix and header disagree', request('/auth/forward/v1/models', { 'x-forwarded-uri': '/key/generate' })],
    ['a repeated header disagrees', request('/auth/forward', { 'x-forwarded-uri': ['/v1/models', '/key/generate'] })],
    ['methods disagree', request('/auth/forward', { 'x-forwarded-uri': '/a', 'x-forwarded-method': 'GET', 'x-original-method': 'POST' })],
    ['models disagree', request('/auth/forward/v1/chat/completions', { 'x-portcullis-model': 'a' }, json({ model: 'b' }))],
    ['a tools/call without a name', request('/auth/forward/mcp', {}, json({ jsonrpc: '2.0', method: 'tools/call', params: {} }))],
  ])('refused: %s', (_name, http) => {
    expect(() => readForwardedCall(http)).toThrow(DomainError);
  });

  it('takes the model from a header, a JSON body or the path; the tools from a header and every tools/call', () => {
    expect(readForwardedCall(request('/auth/forward/v1/chat/completions', { 'x-portcullis-model': 'a' })).model).toBe('a');
    expect(readForwardedCall(request('/auth/forward/v1/chat/completions', {}, json({ model: 'b' }))).model).toBe('b');
    expect(readForwardedCall(request('/auth/forward/openai/deployments/gpt-4o/chat/completions')).model).toBe('gpt-4o');
    expect(readForwardedCall(request('/auth/forward/v1beta/models/gemini-pro:generateContent')).model).toBe('gemini-pro');
    expect(readForwardedCall(request('/auth/forward/v1/models')).model).toBeNull();
    const call = (name: string) => ({ jsonrpc: '2.0', method: 'tools/call', params: { name } });
    const batch = readForwardedCall(
      request('/auth/forward/mcp', { 'x-portcullis-tool': 'c' }, json([call('a'), call('b'), { method: 'tools/list' }])),
    );
    expect(batch.tools).toEqual(['c', 'a', 'b']);
    expect(readForwardedCall(request('/auth/forward/mcp-rest/tools/call', {}, json({ name: 'd' }))).tools).toEqual(['d']);
    // A body that is not JSON, or cut short, names nothing.
    expect(
      readForwardedCall(request('/auth/forward/mcp', {}, { text: '{"method": "tools/call"', contentType: 'application/json' })).tools,
    ).toEqual([]);
    expect(readForwardedCall(request('/auth/forward/mcp', {}, { text: 'x', contentType: 'text/plain' })).tools).toEqual([]);
  });
});
