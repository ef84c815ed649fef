import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './pg-errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

/** 503 for "the database cannot serve now", 500 for everything else (a bug or a bad statement stays visible). */
describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['a timed-out socket', withCode('ETIMEDOUT')],
    ['a broken pipe', withCode('EPIPE')],
    ['class 08 (connection exception)', withCode('08006')],
    ['class 08 (cannot connect now)', withCode('08001')],
    ['admin shutdown', withCode('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown', withCode('57P02')],
    ['the database starting up', withCode('57P03', 'the database system is starting up')],
    ['too many connections', withCode('53300')],
    ['statement_timeout', withCode('57014', 'canceling statement due to statement timeout')],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly')],
    ['pg-pool: no connection in time', new Error('timeout exceeded when trying to connect')],
    ['pg: client-side query timeout', new Error('Query read timeout')],
    ['TypeORM: not connected', new Error('Connection with postgres database is not established. Check connection configuration.')],
    ['QueryFailedError wrapping a reset', new QueryFailedError('SELECT 1', [], withCode('ECONNRESET'))],
    ['QueryFailedError wrapping a terminated connection', new QueryFailedError('SELECT 1', [], new Error('Connection terminated'))],
    ['every address refused (AggregateError)', Object.assign(new AggregateError([withCode('ECONNREFUSED')]), { code: 'ECONNREFUSED' })],
    ['a cause', new Error('wrapped', { cause: withCode('ECONNREFUSED') })],
  ])('%s: unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('23505'))],
    ['a syntax error', new QueryFailedError('SELEC', [], withCode('42601'))],
    ['invalid byte sequence', new QueryFailedError('INSERT', [], withCode('22021'))],
    ['a TypeError (a bug)', new TypeError("Cannot read properties of null (reading 'id')")],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
  ])('%s: not unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('stops on a cycle of causes', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
