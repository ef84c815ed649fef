import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** CI runs Redis here (both the Postgres and the embedded-database runs): its absence fails this suite. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Every key of this run starts with it, so runs never share counters and the cleanup touches nothing else. */
const PREFIX = `portcullis-test:${randomUUID()}:`;

const SERVER_DATABASE_URL = process.env.DATABASE_URL;
function restoreServerDatabaseUrl() {
  if (SERVER_DATABASE_URL === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = SERVER_DATABASE_URL;
}

const LIMITS = { TRUST_PROXY: '', THROTTLE_LOGIN_PER_ACCOUNT: '3', LOGIN_BACKOFF_FREE_FAILURES: '1000' };

async function startInstance(env: Record<string, string>): Promise<TestApp> {
  restoreServerDatabaseUrl();
  return startTestApp({ env: { ...LIMITS, ...env } });
}

const login = (app: TestApp, email: string) => app.http().post('/auth/email/login').send({ email, password: 'not-the-password' });

describe('abuse limits shared through Redis (REDIS_URL)', () => {
  let redis: Redis;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
    await redis.connect(); // throws when Redis is not there: this suite needs it
    a = await startInstance({ REDIS_URL, REDIS_KEY_PREFIX: PREFIX });
    b = await startInstance({ REDIS_URL, REDIS_KEY_PREFIX: PREFIX });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('two instances count the same hits: the limit holds however requests are spread', async () => {
    const email = 'shared-target@example.com';
    // Each instance's first try is not counted against the account (this address had not failed there: the two
    // test instances have separate databases); the next three are, on the shared counter.
    for (const app of [a, b, a, b, a]) expect((await login(app, email)).status).toBe(401);
    const refused = await login(b, email);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await login(a, email)).status).toBe(429);
  });

  it('keeps its counters under the prefix, with accounts hashed (no email in clear)', async () => {
    const keys = await redis.keys(`${PREFIX}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key).toMatch(new RegExp(`^${PREFIX}throttle:login:(ip|account):[0-9a-f]{64}(:blocked)?$`));
  });

  it('fails open when Redis is unreachable: login does not depend on it', async () => {
    const unreachable = await startInstance({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_KEY_PREFIX: PREFIX });
    try {
      // Over the account limit (3, after one uncounted try) were Redis there: all refused as wrong passwords, none 429.
      for (let i = 0; i < 6; i++) expect((await login(unreachable, 'fail-open@example.com')).status).toBe(401);
    } finally {
      await unreachable.close();
    }
  });
});
