import { describe, expect, it } from '@jest/globals';
import { CredentialCipher, credentialsFrom } from './gateway-credentials.js';

describe('credentialsFrom', () => {
  it('builds the upstream headers for each auth type', () => {
    expect(credentialsFrom({ auth_type: 'bearer', auth_token: 't0k' })).toEqual({
      authType: 'bearer',
      headers: { Authorization: 'Bearer t0k' },
    });
    expect(credentialsFrom({ auth_type: 'basic', auth_username: 'u', auth_password: 'p' })).toEqual({
      authType: 'basic',
      headers: { Authorization: `Basic ${Buffer.from('u:p').toString('base64')}` },
    });
    expect(
      credentialsFrom({
        auth_type: 'authheaders',
        auth_headers: [{ key: 'X-A', value: '1' }],
        auth_header_key: 'X-B',
        auth_header_value: '2',
      }),
    ).toEqual({ authType: 'authheaders', headers: { 'X-A': '1', 'X-B': '2' } });
  });

  it('says "unchanged" without auth_type and "none" for none/empty', () => {
    expect(credentialsFrom({})).toBeUndefined();
    expect(credentialsFrom({ auth_type: 'none' })).toBeNull();
    expect(credentialsFrom({ auth_type: '' })).toBeNull();
  });

  it('refuses incomplete credentials (422)', () => {
    expect(() => credentialsFrom({ auth_type: 'bearer' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => credentialsFrom({ auth_type: 'basic', auth_username: 'u' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    expect(() => credentialsFrom({ auth_type: 'authheaders' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('CredentialCipher', () => {
  const cipher = new CredentialCipher('a-test-secret-of-some-length');

  it('round-trips, never stores the plain value, and uses a fresh IV each time', () => {
    const headers = { Authorization: 'Bearer very-secret' };
    const sealed = cipher.seal(headers);
    expect(sealed).not.toContain('very-secret');
    expect(cipher.seal(headers)).not.toBe(sealed);
    expect(cipher.open(sealed)).toEqual(headers);
  });

  it('refuses tampered values and other keys', () => {
    const sealed = cipher.seal({ A: 'b' });
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.open(parts.join('.'))).toThrow();
    expect(() => new CredentialCipher('another-secret-entirely').open(sealed)).toThrow();
  });
});
