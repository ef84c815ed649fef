import { sha256Hex } from '../../common/crypto/secrets.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Clients name a key by its raw value or by its hash; both become the stored hash (null: neither). */
export function keyHashOf(reference: string): string | null {
  const value = reference.trim();
  if (value.startsWith('sk-')) return sha256Hex(value);
  if (SHA256_HEX.test(value)) return value;
  return null;
}
