import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { buildWorld, type World } from '../contextforge/catalog-fixtures.js';
import { requestsFor, type FuzzRequest } from '../../support/fuzz/fuzz-requests.js';
import { answerProblem, describeExchange, type FuzzResponse } from '../../support/fuzz/fuzz-verdict.js';
import { operationsOf, type FuzzOperation, type OpenApiDocument } from '../../support/fuzz/openapi-operations.js';
import { countChanges, rowCounter } from '../../support/fuzz/row-counts.js';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * Hostile input is a 4xx, never a 500 (issue 13). For every operation of `/docs-json`, as every kind of principal,
 * fast-check generates requests from the operation's parameters and body schema and mutates every field (see
 * test/support/fuzz). Each answer must be below 500, arrive within REQUEST_TIMEOUT_MS, be in its surface's
 * envelope when it refuses, and a refused request must not change any table's row count.
 *
 * `npm test` runs FUZZ_RUNS=3 requests per operation and principal with a fixed seed; `npm run test:fuzz` runs
 * more (FUZZ_RUNS, FUZZ_SEED).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const SEED = Number(process.env.FUZZ_SEED ?? 13);
const REQUEST_TIMEOUT_MS = 10_000;

type Principal = 'anonymous' | 'member virtual key' | 'member JWT' | 'platform admin JWT' | 'master key';
// The most powerful principals go last: what they delete (a member, a key) only narrows the runs after them.
const PRINCIPALS: Principal[] = ['anonymous', 'member virtual key', 'member JWT', 'platform admin JWT', 'master key'];

describe('hostile input (property-based, every operation, every principal)', () => {
  let t: TestApp;
  let w: World;
  let db: DataSource;
  let operations: FuzzOperation[];
  let memberKey: string;
  let counts: () => Promise<Record<string, number>>;
  /** Answers by status class, printed at the end: how many requests got past validation to a handler. */
  const answered: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
    db = t.app.get(DataSource);
    counts = await rowCounter(db);
    operations = operationsOf((await t.http().get('/docs-json')).body as OpenApiDocument);
    const key = await t
      .http()
      .post('/key/generate')
      .set('Authorization', `Bearer ${MASTER_KEY}`)
      .send({ user_id: w.dev.email, team_id: w.alpha });
    expect(key.status).toBe(200);
    memberKey = key.body.key;
  });
  afterAll(async () => {
    const total = Object.values(answered).reduce((a, b) => a + b, 0);
    console.info(`fuzz: ${total} requests (${RUNS} per operation and principal, seed ${SEED}): ${JSON.stringify(answered)}`);
    await t.close();
  });

  function authorization(principal: Principal): string | undefined {
    switch (principal) {
      case 'anonymous':
        return undefined;
      case 'member virtual key':
        return `Bearer ${memberKey}`;
      case 'member JWT':
        return `Bearer ${w.dev.token}`;
      case 'platform admin JWT':
        return `Bearer ${w.admin.token}`;
      case 'master key':
        return `Bearer ${MASTER_KEY}`;
    }
  }

  /** Ids, emails and slugs of real rows, so that some requests get past "not found"; the member's own are left out. */
  async function fixtureValues(): Promise<string[]> {
    const columns: { table_name: string; column_name: string }[] = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name IN ('id', 'email', 'slug', 'key_alias', 'user_id', 'team_id')`,
    );
    const values = new Set<string>();
    for (const { table_name, column_name } of columns) {
      const rows: { v: string | null }[] = await db.query(`SELECT "${column_name}"::text AS v FROM "${table_name}" ORDER BY 1 LIMIT 4`);
      for (const { v } of rows) if (v) values.add(v);
    }
    values.delete(w.dev.email);
    return [...values];
  }

  async function send(request: FuzzRequest, auth: string | undefined): Promise<FuzzResponse> {
    const method = request.method.toLowerCase() as 'get';
    let call = t
      .http()
      [method](request.url)
      .set(request.headers)
      .timeout({ response: REQUEST_TIMEOUT_MS, deadline: REQUEST_TIMEOUT_MS })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
    if (auth) call = call.set('Authorization', auth);
    // As the bytes are: superagent would serialize a Buffer to JSON (`{"type": "Buffer", ...}`) for a JSON type.
    if (request.body !== undefined) call = call.serialize((data: unknown) => data as string).send(request.body as string);
    const res = await call;
    return { status: res.status, text: String(res.body ?? '') };
  }

  it.each(PRINCIPALS)(
    'as %s: no 5xx, no hang, the envelope on refusals, no rows changed by a refusal',
    async (principal) => {
      const auth = authorization(principal);
      const pool = fc.constantFrom(...(await fixtureValues()));
      const problems: string[] = [];
      let before = await counts();
      for (const [index, operation] of operations.entries()) {
        await fc.assert(
          fc.asyncProperty(requestsFor(operation, pool), async (request) => {
            let response: FuzzResponse;
            try {
              response = await send(request, auth);
            } catch (error) {
              problems.push(`${principal}: ${describeExchange(request)}: ${(error as Error).message}`);
              return;
            }
            const statusClass = `${String(response.status)[0]}xx`;
            answered[statusClass] = (answered[statusClass] ?? 0) + 1;
            const problem = answerProblem(request, response);
            if (problem) problems.push(`${principal}: ${problem}: ${describeExchange(request, response)}`);
            const after = await counts();
            if (response.status < 200 || response.status >= 300) {
              const changes = countChanges(before, after);
              if (changes.length)
                problems.push(
                  `${principal}: rows changed by a ${response.status} (${changes.join(', ')}): ${describeExchange(request, response)}`,
                );
            }
            before = after;
          }),
          { seed: SEED + index * 7919 + PRINCIPALS.indexOf(principal), numRuns: RUNS, endOnFailure: true },
        );
      }
      expect(problems).toEqual([]);
    },
    RUNS * 200 * 1_000 + 120_000,
  );
});
