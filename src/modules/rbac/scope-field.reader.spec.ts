import { describe, expect, it } from '@jest/globals';
import { readScopeField } from './scope-field.reader.js';

const items = { in: 'body', name: 'keys', many: true, item: 'key' } as const;

describe('readScopeField: a list of objects naming their targets (keys: [{key}])', () => {
  it('reads each item field', () => {
    expect(readScopeField({ body: { keys: [{ key: 'a', max_budget: 1 }, { key: 'b' }] } }, items)).toEqual(['a', 'b']);
  });
  it('absent or empty is undefined', () => {
    expect(readScopeField({ body: {} }, items)).toBeUndefined();
    expect(readScopeField({ body: { keys: [] } }, items)).toBeUndefined();
  });
  it.each([[['a']], [[{ key: 1 }]], [[{}]], [[null]], ['a']])('refuses %j before any decision', (keys) => {
    expect(() => readScopeField({ body: { keys } }, items)).toThrow(/keys: must be a list/);
  });
  it('a second copy elsewhere with another value is a 400', () => {
    expect(() => readScopeField({ body: { keys: [{ key: 'a' }] }, query: { keys: 'b' } }, items)).toThrow(/name the target once/);
  });
});
