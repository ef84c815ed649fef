import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import lockfile from 'proper-lockfile';

/**
 * The embedded database used when no DATABASE_URL is set. Two processes opening one PGlite directory lose
 * writes, so a persistent store holds a lock on its directory for as long as it is open.
 */
export class PgliteStore {
  private constructor(
    readonly db: PGlite,
    private readonly releaseLock: (() => Promise<void>) | null,
  ) {}

  static async open(dataDir: string | null): Promise<PgliteStore> {
    if (dataDir === null) {
      const db = new PGlite();
      await db.waitReady;
      return new PgliteStore(db, null);
    }
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(dir, { lockfilePath: `${dir}.lock`, stale: 15_000, update: 5_000 });
    } catch (error) {
      const reason = (error as Error).message;
      throw new Error(`The embedded database in ${dir} is in use by another process (${reason})`, { cause: error });
    }
    const db = new PGlite(dir);
    await db.waitReady;
    return new PgliteStore(db, release);
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
    if (this.releaseLock) await this.releaseLock().catch(() => undefined);
  }
}
