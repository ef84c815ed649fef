import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_EMAIL, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';
import { buildWorld, callerWith, uniqueName, type World } from './catalog-fixtures.js';

/**
 * ContextForge's token-claim rules (normalize_token_teams), end to end: what a token's `teams` claim lets it see.
 * The rows: a public prompt, a team prompt in alpha and a private one, all created by alpha's developer.
 */
describe('ContextForge token teams claim', () => {
  let t: TestApp;
  let w: World;
  const rows = { public: '', team: '', private: '' };

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
    for (const visibility of ['public', 'team', 'private'] as const) {
      const res = await w.dev.post('/prompts', {
        prompt: { name: uniqueName('claims'), description: 'claims', template: 'Hi', arguments: [] },
        team_id: w.alpha,
        visibility,
      });
      expect(res.status).toBe(201);
      rows[visibility] = res.body.id;
    }
  });
  afterAll(() => t.close());

  async function seenWith(email: string, options: Parameters<typeof userToken>[1]) {
    const res = await callerWith(t, email, userToken(email, options)).get('/prompts?limit=500');
    expect(res.status).toBe(200);
    const ids = new Set((res.body as { id: string }[]).map((row) => row.id));
    return { public: ids.has(rows.public), team: ids.has(rows.team), private: ids.has(rows.private) };
  }

  const PUBLIC_ONLY = { public: true, team: false, private: false };
  const EVERYTHING_SHARED = { public: true, team: true, private: false };
  const OWNER_VIEW = { public: true, team: true, private: true };

  // [case, who, token options, what it sees]
  const CASES: Array<[string, 'dev' | 'admin', Parameters<typeof userToken>[1], typeof PUBLIC_ONLY]> = [
    ['no teams claim: public only', 'dev', { tokenUse: null }, PUBLIC_ONLY],
    ['no teams claim, admin: public only', 'admin', { tokenUse: null, isAdmin: true }, PUBLIC_ONLY],
    ['teams: [] — public only', 'dev', { teams: [] }, PUBLIC_ONLY],
    ['teams: [] — public only, even for an admin', 'admin', { teams: [], isAdmin: true }, PUBLIC_ONLY],
    ['teams: null, not admin: public only', 'dev', { teams: null }, PUBLIC_ONLY],
    [
      "teams: null, a token claiming admin for a non-admin: their own teams, not everyone's",
      'dev',
      { teams: null, isAdmin: true },
      OWNER_VIEW,
    ],
    ['teams: null, admin: everything shared', 'admin', { teams: null, isAdmin: true }, EVERYTHING_SHARED],
    ['token_use session: the database teams', 'dev', { tokenUse: 'session' }, OWNER_VIEW],
    ['token_use session, teams: [] — still the database teams', 'dev', { tokenUse: 'session', teams: [] }, OWNER_VIEW],
    ['teams: [alpha] narrows to alpha', 'dev', { teams: ['alpha'] }, OWNER_VIEW],
    ['teams: [{id: alpha}] is read too', 'dev', { teams: [{ id: 'alpha' }] }, OWNER_VIEW],
    ['teams: [beta], a team the user is not in: nothing but public rows', 'dev', { teams: ['beta'] }, PUBLIC_ONLY],
    ['an admin narrowed to beta does not see alpha', 'admin', { teams: ['beta'], isAdmin: true }, PUBLIC_ONLY],
  ];

  it.each(CASES)('%s', async (_name, who, options, expected) => {
    const email = who === 'admin' ? ADMIN_EMAIL : w.dev.email;
    const resolved = { ...options };
    if (Array.isArray(resolved.teams)) {
      resolved.teams = (resolved.teams as unknown[]).map((entry) =>
        typeof entry === 'string' ? w[entry as 'alpha' | 'beta'] : { id: w[(entry as { id: 'alpha' | 'beta' }).id] },
      );
    }
    expect(await seenWith(email, resolved)).toEqual(expected);
  });

  it('a public-only admin token reaches no team row by id, and its admin bypass is gone', async () => {
    const admin = callerWith(t, ADMIN_EMAIL, userToken(ADMIN_EMAIL, { teams: [], isAdmin: true }));
    expect((await admin.get(`/prompts/${rows.team}`)).status).toBe(404);
    expect((await admin.get(`/prompts/${rows.public}`)).status).toBe(200);
    expect((await admin.put(`/prompts/${rows.team}`, { description: 'x' })).status).toBe(404);
  });

  it('an unrestricted admin token reaches team rows by id', async () => {
    const admin = callerWith(t, ADMIN_EMAIL, userToken(ADMIN_EMAIL, { teams: null, isAdmin: true }));
    expect((await admin.get(`/prompts/${rows.team}`)).status).toBe(200);
  });

  it.each([
    ['a string', 'alpha'],
    ['a number', 3],
    ['an object', { id: 'x' }],
  ])('a teams claim that is %s is refused (401)', async (_name, teams) => {
    const res = await callerWith(t, w.dev.email, userToken(w.dev.email, { teams })).get('/prompts');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: expect.any(String) });
  });
});
