import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh database for one suite: a new Postgres database on the server DATABASE_URL points at (dropped after),
 * or an in-memory embedded one when DATABASE_URL is not set (or `embedded` is asked for).
 */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(options: { embedded?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (options.embedded || !serverUrl || serverUrl.startsWith('pglite://')) {
    return { url: 'pglite://memory', drop: async () => undefined };
  }
  const name = `portcullis_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
