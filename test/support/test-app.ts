import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import supertest from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { createFastifyAdapter, setupApp } from '../../src/app.setup.js';
import { resetAppConfig } from '../../src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const MASTER_KEY = 'sk-test-master-key-0123456789';
export const JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';
export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'Changeme123!';

const UNLIMITED = '1000000';
export const NO_ABUSE_LIMITS: Record<string, string> = Object.fromEntries(
  ['LOGIN', 'PASSWORD_RESET', 'REGISTER']
    .flatMap((route) => [
      [`THROTTLE_${route}_PER_IP`, UNLIMITED],
      [`THROTTLE_${route}_PER_ACCOUNT`, UNLIMITED],
    ])
    .concat([
      ['THROTTLE_ISSUANCE_PER_IP', UNLIMITED],
      ['THROTTLE_ISSUANCE_PER_PRINCIPAL', UNLIMITED],
    ]),
);

export interface TestApp {
  app: NestFastifyApplication;
  http: () => supertest.Agent;
  databaseUrl: string;
  close(): Promise<void>;
}

/** The whole application on a fresh database, exactly as main.ts sets it up, driven through supertest. */
export async function startTestApp(
  options: {
    embedded?: boolean;
    env?: Record<string, string>;
    /** Join this database (a second instance): not created, not dropped. */ databaseUrl?: string;
  } = {},
): Promise<TestApp> {
  const database: TestDatabase = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => undefined }
    : await createTestDatabase(options);
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.url,
    MASTER_KEY,
    JWT_SECRET,
    JWT_ISSUER: 'portcullis',
    JWT_AUDIENCE: 'portcullis-api',
    PLATFORM_ADMIN_EMAIL: ADMIN_EMAIL,
    PLATFORM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    // Suites log in and mint keys far faster than any person from one address: the abuse limits are out of their
    // way unless a suite sets its own (test/e2e/security/abuse-limits.e2e-spec.ts).
    ...NO_ABUSE_LIMITS,
    ...options.env,
  });
  resetAppConfig();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), { logger: false });
  await setupApp(app, { swaggerUi: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: () => supertest.agent(app.getHttpServer()),
    databaseUrl: database.url,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
