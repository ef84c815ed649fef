import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config/app-config.js';
import { prepareDataSourceOptions } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';

/** `npm run migration:run`: apply pending migrations and exit. */
const database = loadAppConfig().database;
// An operator's migration may rewrite a large table: no statement bound here (the server's own boot keeps it).
const prepared = await prepareDataSourceOptions(database.kind === 'postgres' ? { ...database, statementTimeoutMs: 0 } : database);
const dataSource = await new DataSource(prepared.options).initialize();
try {
  await runMigrations(dataSource, { singleConnection: prepared.pglite !== null });
  const applied = await dataSource.query('SELECT name FROM schema_migrations ORDER BY id');
  console.log(`migrations applied: ${applied.map((m: { name: string }) => m.name).join(', ')}`);
} finally {
  await dataSource.destroy();
  await prepared.pglite?.close();
}
