import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from '../../common/errors/domain-error.js';
import { hashResetToken, issueResetToken, resetTokenError, resetTokenState } from './password-reset-token.js';

const now = new Date('2026-01-01T12:00:00Z');

describe('password reset tokens', () => {
  it('are 32 random bytes, stored only as their sha256, expiring after the configured minutes', () => {
    const a = issueResetToken(now, 60);
    const b = issueResetToken(now, 60);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tokenHash).toBe(hashResetToken(a.token));
    expect(a.tokenHash).not.toContain(a.token);
    expect(a.expiresAt.toISOString()).toBe('2026-01-01T13:00:00.000Z');
  });

  it.each([
    [null, 'unknown'],
    [{ usedAt: null, expiresAt: new Date('2026-01-01T12:30:00Z') }, 'valid'],
    [{ usedAt: new Date('2026-01-01T11:59:00Z'), expiresAt: new Date('2026-01-01T12:30:00Z') }, 'used'],
    [{ usedAt: null, expiresAt: new Date('2026-01-01T12:00:00Z') }, 'expired'],
    [{ usedAt: null, expiresAt: new Date('2026-01-01T11:00:00Z') }, 'expired'],
    // Used wins over expired: the answer does not change once a token has been spent.
    [{ usedAt: new Date('2026-01-01T10:00:00Z'), expiresAt: new Date('2026-01-01T11:00:00Z') }, 'used'],
  ] as const)('%j is %s', (row, state) => {
    expect(resetTokenState(row, now)).toBe(state);
  });

  it.each([
    ['expired', ErrorCode.GONE],
    ['used', ErrorCode.BAD_REQUEST],
    ['unknown', ErrorCode.BAD_REQUEST],
  ] as const)('a %s token is refused with %s', (state, code) => {
    expect(resetTokenError(state).code).toBe(code);
  });
});
