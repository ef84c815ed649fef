import type { DataSource } from 'typeorm';

/** Any 64-bit number unique to this application; several instances booting at once queue on it. */
const MIGRATION_LOCK_KEY = 0x706f7274;
const LOCK_POLL_MS = 100;

/**
 * Runs pending migrations. On a shared Postgres the run is serialised with a session advisory lock held on a
 * dedicated connection, so instances that start together apply each migration once.
 */
export async function runMigrations(dataSource: DataSource, options: { singleConnection: boolean }): Promise<void> {
  if (options.singleConnection) {
    // The embedded database is one process's by its file lock, and its only connection cannot hold a lock
    // while migrations run on it.
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const lockRunner = dataSource.createQueryRunner();
  await lockRunner.connect();
  try {
    // Polled rather than awaited in one statement: another instance's migrations may take longer than one
    // statement is allowed to (DATABASE_STATEMENT_TIMEOUT_MS).
    while (!(await lockRunner.query('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]))[0].locked) {
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockRunner.release();
  }
}
