import type { EntityManager } from 'typeorm';
import { sha256Hex } from '../../common/crypto/secrets.js';

/**
 * The stored-credential rules both kinds share (virtual keys and API tokens live in `api_keys`): how a raw secret
 * becomes what is stored, and how a credential stops working. The lookup on every request is PrincipalLoader's
 * (one statement, both kinds); it refuses revoked, blocked and expired rows alike.
 */

/** What is stored of a raw secret (a `sk-` key or a whole API token): its hex SHA-256, never the secret. */
export function credentialHash(raw: string): string {
  return sha256Hex(raw);
}

/** When a credential issued now with this lifetime expires (null: never). */
export function expiryAfter(lifetimeMs: number | null, now: Date = new Date()): Date | null {
  return lifetimeMs === null ? null : new Date(now.getTime() + lifetimeMs);
}

/**
 * Revokes a credential: from the next request on, on every instance (the lookup reads the row each time). Kept,
 * not deleted, so its owner can still see that and why it was revoked. Idempotent: a second revocation keeps the
 * first one's record. Returns whether the row exists.
 */
export async function revokeCredential(tx: EntityManager, id: string, revokedBy: string, reason: string | null): Promise<boolean> {
  const rows: { id: string }[] = await tx.query(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, $2),
            revocation_reason = CASE WHEN revoked_at IS NULL THEN $3 ELSE revocation_reason END, updated_at = now()
      WHERE id = $1 RETURNING id`,
    [id, revokedBy, reason],
  );
  return rows.length > 0;
}
