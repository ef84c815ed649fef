import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RouteDecisionAudit } from '../../../src/modules/rbac/route-decision.audit.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/** Odd path parameters, queries and bodies: what a fuzzer or a careless client sends first. */
const PATH_VALUES = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', 'x'.repeat(300), "'; DROP TABLE users; --", '%E2%82%AC'];
const QUERIES = ['', '?team_id=nope&limit=-1&page=0', '?limit=abc&cursor=%%%&skip=1e309', '?user_id[]=a&team_id[x]=1'];
const BODIES: unknown[] = [
  {},
  { team_id: 12, name: ['a'], email: 'not-an-email', visibility: 'everyone', role: 'god', permissions: 'all', key: {} },
  { team_id: 'x'.repeat(5000), metadata: { deep: { deeper: [1, 2, { a: null }] } }, max_budget: 1e308, duration: '9999999999d' },
  { tool: 'x', server: null, resource: [], prompt: { arguments: 'nope' }, input_schema: '{not json' },
];

/**
 * Every route with bad input, as admins (so nothing stops at the permission check) and as a plain user (so the
 * scope resolvers and services see junk too): a 4xx or a success, never a 5xx. The route list is the guard's own,
 * so a new route is swept without being named here.
 */
describe('bad input never makes a 500', () => {
  let t: TestApp;
  let userKey: string;
  beforeAll(async () => {
    t = await startTestApp();
    const admin = `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;
    await t
      .http()
      .post('/auth/email/admin/users')
      .set('Authorization', admin)
      .send({ email: 'sweeper@example.com', password: 'Changeme123!', full_name: 'Sweeper' });
    userKey = (await t.http().post('/key/generate').set('Authorization', `Bearer ${MASTER_KEY}`).send({ user_id: 'sweeper@example.com' }))
      .body.key;
  });
  afterAll(() => t.close());

  it('on any route, for admins and for a plain user (token and virtual key)', async () => {
    const routes = t.app
      .get(RouteDecisionAudit)
      .list()
      .filter((route) => route.path !== '/key/health');
    const credentials = [
      `Bearer ${MASTER_KEY}`,
      `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`,
      `Bearer ${userToken('sweeper@example.com')}`,
      `Bearer ${userKey}`,
    ];
    expect(userKey).toMatch(/^sk-/);
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes) {
      for (const [i, value] of PATH_VALUES.entries()) {
        for (const [j, credential] of credentials.entries()) {
          const path = route.path.replace(/:\w+/g, encodeURIComponent(value)) + QUERIES[(i + j) % QUERIES.length];
          const body = BODIES[(i + j) % BODIES.length];
          // Routes that take every method (forward auth) are swept with bodies.
          const method = (route.method === 'ALL' ? 'post' : route.method.toLowerCase()) as 'get' | 'post' | 'put' | 'patch' | 'delete';
          let request = t.http()[method](path).set('Authorization', credential);
          if (method !== 'get' && method !== 'delete') request = request.send(body as object);
          const res = await request;
          requests++;
          if (res.status >= 500) failures.push(`${route.method} ${path} (credential ${j}) -> ${res.status} ${res.text.slice(0, 200)}`);
        }
      }
    }
    expect(requests).toBeGreaterThan(2000);
    expect(failures).toEqual([]);
  }, 180_000);
});
