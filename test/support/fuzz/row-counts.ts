import type { DataSource } from 'typeorm';

/**
 * Tables whose rows may change on a refused request: `audit_events` records denials (a 403 writes a row on
 * purpose), `access_epoch` is a counter the caches bump, not product data, and `login_backoff` counts failed
 * logins (a 401 from `/auth/email/login` writes one on purpose, so the next guess waits).
 */
export const TABLES_CHANGED_BY_REFUSALS = ['audit_events', 'access_epoch', 'login_backoff'];

/** Row counts of every other table of the app, read with one query. */
export async function rowCounter(dataSource: DataSource): Promise<() => Promise<Record<string, number>>> {
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const tables = rows.map((row) => row.table_name).filter((name) => !TABLES_CHANGED_BY_REFUSALS.includes(name));
  const sql = `SELECT ${tables.map((name) => `(SELECT count(*)::int FROM "${name}") AS "${name}"`).join(', ')}`;
  return async () => ((await dataSource.query(sql)) as Record<string, number>[])[0];
}

/** The tables whose counts differ, as `table: before → after`. */
export function countChanges(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after)
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table}: ${before[table]} → ${after[table]}`);
}
