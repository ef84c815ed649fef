import { describe, expect, it } from '@jest/globals';
import { InternalServerErrorException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { renderContextforgeError } from './contextforge-error.renderer.js';
import { ErrorCode } from './domain-error.js';
import { renderForwardAuthError } from './forward-auth-error.renderer.js';
import { renderLitellmError } from './litellm-error.renderer.js';
import { DATABASE_UNAVAILABLE_MESSAGE, normalizeError } from './normalize-error.js';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('normalizeError', () => {
  it('a database that cannot be reached is SERVICE_UNAVAILABLE, saying nothing internal', () => {
    for (const error of [refused, new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'))]) {
      const normalized = normalizeError(error);
      expect([normalized.code, normalized.message]).toEqual([ErrorCode.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE_MESSAGE]);
    }
  });

  it('a failed health check (terminus) is SERVICE_UNAVAILABLE naming what is down', () => {
    const exception = new ServiceUnavailableException({
      status: 'error',
      info: {},
      error: { database: { status: 'down', message: 'timeout exceeded when trying to connect' } },
      details: { database: { status: 'down' } },
    });
    const normalized = normalizeError(exception);
    expect(normalized.code).toBe(ErrorCode.SERVICE_UNAVAILABLE);
    expect(normalized.message).toBe('Unhealthy: database is down (timeout exceeded when trying to connect)');
  });

  it('keeps 500 for real bugs and other 5xx exceptions, and 4xx as they were', () => {
    expect(normalizeError(new TypeError('x is undefined')).code).toBe(ErrorCode.INTERNAL);
    expect(normalizeError(new QueryFailedError('INSERT', [], Object.assign(new Error('dup'), { code: '23505' }))).code).toBe(
      ErrorCode.INTERNAL,
    );
    expect(normalizeError(new InternalServerErrorException()).code).toBe(ErrorCode.INTERNAL);
    expect(normalizeError(new NotFoundException('Team not found')).code).toBe(ErrorCode.NOT_FOUND);
  });
});

describe('a 503 in each surface', () => {
  const unavailable = normalizeError(refused);

  it('LiteLLM: its envelope, with Retry-After', () => {
    expect(renderLitellmError(unavailable, 'id')).toEqual({
      status: 503,
      body: { error: { message: DATABASE_UNAVAILABLE_MESSAGE, type: 'service_unavailable', param: null, code: '503' } },
      headers: { 'Retry-After': '5' },
    });
  });

  it('ContextForge: {"detail"}, with Retry-After', () => {
    expect(renderContextforgeError(unavailable, 'id')).toEqual({
      status: 503,
      body: { detail: DATABASE_UNAVAILABLE_MESSAGE },
      headers: { 'Retry-After': '5' },
    });
  });

  it('forward auth: relayed as 503 (not a 401 that would send the user to sign in again)', () => {
    const rendered = renderForwardAuthError(unavailable, 'id');
    expect([rendered.status, rendered.headers]).toEqual([503, { 'Retry-After': '5' }]);
  });
});
