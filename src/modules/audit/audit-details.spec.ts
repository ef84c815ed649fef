import { describe, expect, it } from '@jest/globals';
import { sanitizeDetails } from './audit-details.js';

describe('sanitizeDetails', () => {
  it.each([
    [{ password: 'x', new_password: 'y', token: 't', token_hash: 'h', api_key: 'k', key: 'sk-raw' }, {}],
    [{ Authorization: 'Bearer x', cookie: 'c', client_secret: 's', credentials: { a: 1 } }, {}],
    [
      { team_id: 't1', key_alias: 'ci', role: 'developer', scope: 'team' },
      { team_id: 't1', key_alias: 'ci', role: 'developer', scope: 'team' },
    ],
    [{ note: 'sk-abcdefghijklmnopqrstuvwxyz012345' }, {}],
    [{ note: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig' }, {}],
    [
      { nested: { password: 'x', ok: 1 }, list: ['a', 'sk-abcdefghijklmnopqrstuvwxyz012345'] },
      { nested: { ok: 1 }, list: ['a'] },
    ],
  ])('keeps only harmless facts of %j', (input, expected) => {
    expect(sanitizeDetails(input)).toEqual(expected);
  });

  it('cuts long strings and bounds depth', () => {
    const out = sanitizeDetails({ long: 'a'.repeat(2000), deep: { a: { b: { c: { d: 1 } } } } });
    expect((out.long as string).length).toBe(512);
    expect(out.deep).toEqual({ a: { b: {} } });
  });

  it('answers {} for nothing', () => {
    expect(sanitizeDetails(undefined)).toEqual({});
  });
});
