import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../src/app.module.js';
import { createFastifyAdapter, setupApp } from '../src/app.setup.js';
import { resetAppConfig } from '../src/config/app-config.js';
import { JWT_SECRET, MASTER_KEY } from '../test/support/test-app.js';
import { createTestDatabase } from '../test/support/test-database.js';

export interface BenchApp {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  database: 'pglite_embedded' | 'postgres';
  close(): Promise<void>;
}

/**
 * The whole application listening on loopback, built the way main.ts builds it (NestFactory, not the testing
 * module), on in-memory PGlite or, with BENCH_DATABASE_URL, on a scratch database of that server (dropped in close).
 */
export async function startBenchApp(): Promise<BenchApp> {
  const serverUrl = process.env.BENCH_DATABASE_URL;
  // createTestDatabase reads the server from DATABASE_URL and answers in-memory PGlite for pglite:// URLs.
  process.env.DATABASE_URL = serverUrl ?? 'pglite://memory';
  const database = await createTestDatabase();
  // The same settings as the e2e harness, so tokens minted by test/support/tokens.ts are accepted.
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    MASTER_KEY,
    JWT_SECRET,
    JWT_ISSUER: 'portcullis',
    JWT_AUDIENCE: 'portcullis-api',
  });
  resetAppConfig();

  let app: NestFastifyApplication | undefined;
  try {
    // abortOnError: false makes a boot failure throw here (Nest would exit the process), so the scratch database is dropped.
    app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(), { logger: false, abortOnError: false });
    // The Swagger UI's static files are not what is measured.
    await setupApp(app, { swaggerUi: false });
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.drop();
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  const started = app;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    database: serverUrl ? 'postgres' : 'pglite_embedded',
    close: async () => {
      try {
        await started.close();
      } finally {
        await database.drop();
      }
    },
  };
}
