import { generateOpaqueToken, sha256Hex } from '../../common/crypto/secrets.js';
import { DomainError, ErrorCode, badRequest } from '../../common/errors/domain-error.js';

/** Random bytes in a reset token (base64url in the link; only its SHA-256 is stored). */
export const RESET_TOKEN_BYTES = 32;

export interface IssuedResetToken {
  /** Goes into the mail only. */
  token: string;
  tokenHash: string;
  expiresAt: Date;
}

export function issueResetToken(now: Date, expiryMinutes: number): IssuedResetToken {
  const token = generateOpaqueToken(RESET_TOKEN_BYTES);
  return { token, tokenHash: hashResetToken(token), expiresAt: new Date(now.getTime() + expiryMinutes * 60_000) };
}

/**
 * What is looked up: the hash of whatever the caller sent. Comparing hashes in the database's unique index leaks
 * nothing useful about the token by timing, since an attacker cannot choose hash prefixes.
 */
export const hashResetToken = (token: string): string => sha256Hex(token);

export type ResetTokenState = 'valid' | 'unknown' | 'used' | 'expired';

export function resetTokenState(row: { usedAt: Date | null; expiresAt: Date } | null, now: Date): ResetTokenState {
  if (!row) return 'unknown';
  if (row.usedAt !== null) return 'used';
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

/** ContextForge's answers: an expired token is 410, any other unusable one 400. */
export function resetTokenError(state: Exclude<ResetTokenState, 'valid'>): DomainError {
  switch (state) {
    case 'expired':
      return new DomainError(ErrorCode.GONE, 'Password reset token has expired');
    case 'used':
      return badRequest('Password reset token has already been used');
    case 'unknown':
      return badRequest('Invalid password reset token');
  }
}
