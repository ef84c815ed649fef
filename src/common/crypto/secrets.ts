import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Equal-time comparison of two secrets of any length (both are hashed first so lengths never leak). */
export function constantTimeEquals(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}

/** A new virtual key: `sk-` + 32 random bytes (LiteLLM uses 16). */
export function generateVirtualKey(): string {
  return `sk-${randomBytes(32).toString('base64url')}`;
}

/** A random single-use token (invitations), URL-safe. */
export function generateOpaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** What LiteLLM shows instead of a key: `sk-...` and its last four characters. */
export function abbreviateKey(rawKey: string): string {
  return `sk-...${rawKey.slice(-4)}`;
}
