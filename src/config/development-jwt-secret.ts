import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Shortest JWT secret accepted, from the environment or from the stored file. */
export const MIN_JWT_SECRET_LENGTH = 32;

/** The file beside the embedded database that keeps the generated development secret. */
export const jwtSecretFileIn = (dataDir: string) => join(resolve(dataDir), 'jwt-secret');

export interface StoredSecret {
  secret: string;
  path: string;
  /** True when this call generated it. */
  created: boolean;
}

/**
 * The secret stored at `path`, generated on first use. The file is written whole under a temporary name (mode
 * 0600) and linked into place, and linking fails when the name exists: two processes starting at once both end
 * up with the one that was linked first, and nobody ever reads a half-written file.
 */
export function readOrCreateSecretFile(path: string): StoredSecret {
  const existing = readSecretFile(path);
  if (existing !== null) return { secret: existing, path, created: false };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
    return { secret, path, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { secret: readSecretFile(path)!, path, created: false };
  } finally {
    unlinkSync(temporary);
  }
}

function readSecretFile(path: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < MIN_JWT_SECRET_LENGTH) {
    // Never silently replaced: a new secret would end every session and make stored credentials unreadable.
    throw new Error(
      `${path} holds no usable JWT secret (fewer than ${MIN_JWT_SECRET_LENGTH} characters): fix or delete it, or set JWT_SECRET`,
    );
  }
  return secret;
}
