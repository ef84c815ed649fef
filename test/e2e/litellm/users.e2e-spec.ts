import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectLitellmError, litellm } from '../../support/litellm-client.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const PASSWORD = 'Changeme123!';
const CF_USERS = '/auth/email/admin/users';

describe('LiteLLM users (/user/*)', () => {
  let t: TestApp;
  let api: ReturnType<typeof litellm>;
  let seq = 0;
  const unique = (prefix: string) => `${prefix}_${++seq}_${Math.random().toString(16).slice(2, 8)}`;
  const adminJwt = () => userToken(ADMIN_EMAIL, { isAdmin: true });
  const cf = () => t.http();

  beforeAll(async () => {
    t = await startTestApp();
    api = litellm(t.http);
  });
  afterAll(() => t.close());

  const info = (userId: string, credential = MASTER_KEY) => api.get(`/user/info?user_id=${encodeURIComponent(userId)}`, credential);
  const userCount = async () => (await api.get('/user/list?page_size=1', MASTER_KEY)).body.total as number;

  describe('POST /user/new', () => {
    it('creates a user by user_id with a working personal key (auto_create_key defaults to true)', async () => {
      const userId = unique('alice');
      const res = await api.post('/user/new', MASTER_KEY, {
        user_id: userId,
        user_alias: 'Alice',
        max_budget: 10,
        models: ['gpt-4o'],
        metadata: { dept: 'ml' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          user_id: userId,
          user_email: null,
          user_alias: 'Alice',
          user_role: 'internal_user',
          teams: [],
          max_budget: 10,
          models: ['gpt-4o'],
          metadata: { dept: 'ml' },
          key: expect.stringMatching(/^sk-/),
        }),
      );
      // The key authenticates as the new user.
      const keyInfo = await api.get('/key/info', res.body.key);
      expect(keyInfo.status).toBe(200);
      expect(keyInfo.body.info.user_id).toBe(userId);
      const own = await api.get('/user/info', res.body.key);
      expect(own.status).toBe(200);
      expect(own.body.user_id).toBe(userId);
      expect(own.body.keys).toEqual([expect.objectContaining({ user_id: userId, key_name: `sk-...${res.body.key.slice(-4)}` })]);
    });

    it('creates a user by email with user_id = email, the same person a JWT for that email names', async () => {
      const email = `${unique('bob')}@example.com`;
      const res = await api.post('/user/new', MASTER_KEY, { user_email: email });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({ user_id: email, user_email: email, user_role: 'internal_user', key: expect.stringMatching(/^sk-/) }),
      );
      const viaJwt = await api.get('/user/info', userToken(email));
      expect(viaJwt.status).toBe(200);
      expect(viaJwt.body.user_id).toBe(email);
      const onContextforge = await cf().get(`${CF_USERS}/${email}`).set('Authorization', `Bearer ${adminJwt()}`);
      expect(onContextforge.status).toBe(200);
      expect(onContextforge.body).toEqual(expect.objectContaining({ email, is_admin: false, is_active: true }));
    });

    it('refuses a duplicate user_id or email (409) and writes nothing', async () => {
      const userId = unique('carol');
      const email = `${userId}@example.com`;
      await api.newUser({ user_id: userId, user_email: email });
      const before = await userCount();
      for (const [body, param] of [
        [{ user_id: userId }, 'user_id'],
        [{ user_id: unique('other'), user_email: email }, 'user_email'],
        [{ user_email: email.toUpperCase() }, 'user_email'],
        // user_id and email name users interchangeably: someone else's email is taken as a user_id too.
        [{ user_id: email }, 'user_id'],
      ] as const) {
        const res = await api.post('/user/new', MASTER_KEY, body);
        expectLitellmError(res, 409);
        expect({ body, param: res.body.error.param }).toEqual({ body, param });
      }
      expect(await userCount()).toBe(before);
      const original = await info(email);
      expect(original.body.user_id).toBe(userId);
      expect(original.body.keys).toHaveLength(1);
    });

    it('joins team_id (and teams) as a plain `user`; an unknown or personal team is refused and nothing is written', async () => {
      const team = await api.newTeam({ team_alias: unique('team') });
      const other = await api.newTeam({ team_alias: unique('team') });
      const userId = unique('dave');
      const res = await api.post('/user/new', MASTER_KEY, { user_id: userId, team_id: team.team_id, teams: [other.team_id] });
      expect(res.status).toBe(200);
      expect([...res.body.teams].sort()).toEqual([team.team_id, other.team_id].sort());
      const teamInfo = await api.get(`/team/info?team_id=${team.team_id}`, res.body.key);
      expect(teamInfo.status).toBe(200);
      expect(teamInfo.body.team_memberships).toEqual([expect.objectContaining({ user_id: userId, role: 'user' })]);
      // `/user/info` lists teams as objects (LiteLLM clients read team["team_id"]), `user_info.teams` as ids.
      const joined = (await info(userId)).body;
      expect(joined.teams.map((x: { team_id: string }) => x.team_id).sort()).toEqual([team.team_id, other.team_id].sort());
      expect(joined.user_info.teams.sort()).toEqual([team.team_id, other.team_id].sort());

      const before = await userCount();
      const ghost = unique('ghost');
      const unknown = await api.post('/user/new', MASTER_KEY, { user_id: ghost, team_id: unique('no-such-team') });
      expectLitellmError(unknown, 404, 'not_found_error');
      expectLitellmError(await info(ghost), 404, 'not_found_error');

      const ownerEmail = `${unique('owner')}@example.com`;
      await api.newUser({ user_email: ownerEmail, auto_create_key: false });
      const listed = await cf()
        .get('/teams/')
        .set('Authorization', `Bearer ${userToken(ownerEmail)}`);
      const personal = listed.body.teams.find((x: { is_personal: boolean }) => x.is_personal);
      expect(personal).toBeDefined();
      const intoPersonal = await api.post('/user/new', MASTER_KEY, { user_id: ghost, team_id: personal.id });
      expectLitellmError(intoPersonal, 400, 'bad_request_error');
      expectLitellmError(await info(ghost), 404, 'not_found_error');

      // A ContextForge team at max_members (its creator fills the one seat) takes nobody else, whichever the route.
      const full = await cf()
        .post('/teams/')
        .set('Authorization', `Bearer ${adminJwt()}`)
        .send({ name: unique('full team'), max_members: 1 });
      expect(full.status).toBe(201);
      const intoFull = await api.post('/user/new', MASTER_KEY, { user_id: ghost, team_id: full.body.id });
      expectLitellmError(intoFull, 400, 'bad_request_error');
      expectLitellmError(await info(ghost), 404, 'not_found_error');
      expect(await userCount()).toBe(before + 1);
    });

    it('creates no key when auto_create_key is false', async () => {
      const userId = unique('erin');
      const res = await api.post('/user/new', MASTER_KEY, { user_id: userId, auto_create_key: false });
      expect(res.status).toBe(200);
      expect(res.body.user_id).toBe(userId);
      expect(res.body.key).toBeNull();
      expect((await info(userId)).body.keys).toEqual([]);
    });

    it('is for proxy admins; only a proxy admin creates proxy_admin users, who then act as admins', async () => {
      const plain = await api.newUser({ user_id: unique('plain') });
      const before = await userCount();
      for (const role of [undefined, 'proxy_admin']) {
        const res = await api.post('/user/new', plain.key, { user_id: unique('made_by_plain'), user_role: role });
        expectLitellmError(res, 401, 'auth_error');
      }

      // A user granted users.create globally (a custom role) creates users, but not admins.
      const creatorEmail = `${unique('creator')}@example.com`;
      const creator = await api.newUser({ user_email: creatorEmail });
      const role = await cf()
        .post('/rbac/roles')
        .set('Authorization', `Bearer ${adminJwt()}`)
        .send({ name: 'user_creator', scope: 'global', permissions: ['users.create'] });
      expect(role.status).toBe(201);
      const granted = await cf()
        .post(`/rbac/users/${creatorEmail}/roles`)
        .set('Authorization', `Bearer ${adminJwt()}`)
        .send({ role_id: role.body.id, scope: 'global' });
      expect([200, 201]).toContain(granted.status);
      const ordinary = await api.post('/user/new', creator.key, { user_id: unique('ordinary'), auto_create_key: false });
      expect(ordinary.status).toBe(200);
      expect(ordinary.body.user_role).toBe('internal_user');
      for (const adminRole of ['proxy_admin', 'proxy_admin_viewer']) {
        const res = await api.post('/user/new', creator.key, { user_id: unique('wannabe'), user_role: adminRole, auto_create_key: false });
        expectLitellmError(res, [401, 403], 'auth_error');
      }
      expect(await userCount()).toBe(before + 2);

      const made = await api.post('/user/new', MASTER_KEY, { user_id: unique('root'), user_role: 'proxy_admin' });
      expect(made.status).toBe(200);
      expect(made.body.user_role).toBe('proxy_admin');
      expect((await api.post('/team/new', made.body.key, { team_alias: 'made by a proxy admin user' })).status).toBe(200);
      expect((await api.get('/user/list', made.body.key)).status).toBe(200);
    });

    it('answers bad bodies with 400/422 (413 when huge) in the LiteLLM envelope, never 500', async () => {
      const before = await userCount();
      const malformed = await t
        .http()
        .post('/user/new')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .set('Content-Type', 'application/json')
        .send('{"user_id": "x",');
      expectLitellmError(malformed, 400);
      for (const [body, field] of [
        [{ user_id: 42 }, 'user_id'],
        [{ user_email: 'not-an-email' }, 'user_email'],
        [{ user_role: 'root' }, 'user_role'],
        [{ team_id: ['a'] }, 'team_id'],
        [{ teams: 'a' }, 'teams'],
        [{ max_budget: 'lots' }, 'max_budget'],
        [{ models: [1, 2] }, 'models'],
        [{ metadata: [] }, 'metadata'],
        [{ auto_create_key: 'no' }, 'auto_create_key'],
        [{ duration: 'forever' }, 'duration'],
      ] as const) {
        const res = await api.post('/user/new', MASTER_KEY, { user_id: unique('typed'), ...body });
        expectLitellmError(res, [400, 422], 'bad_request_error');
        expect({ body, message: res.body.error.message }).toEqual({ body, message: expect.stringContaining(field) });
      }
      const huge = await api.post('/user/new', MASTER_KEY, { user_id: unique('huge'), metadata: { blob: 'x'.repeat(1_100_000) } });
      expectLitellmError(huge, 413);
      expect(await userCount()).toBe(before);
    });
  });

  describe('GET /user/info', () => {
    it('shows users their own record, admins anyone; unknown users are 404', async () => {
      const team = await api.newTeam({ team_alias: unique('team') });
      const email = `${unique('frank')}@example.com`;
      const frank = await api.newUser({ user_email: email, team_id: team.team_id });
      for (const [path, credential] of [
        ['/user/info', frank.key],
        [`/user/info?user_id=${encodeURIComponent(email)}`, frank.key],
        ['/user/info', userToken(email)],
        [`/user/info?user_id=${encodeURIComponent(email)}`, MASTER_KEY],
        [`/user/info?user_id=${encodeURIComponent(email)}`, adminJwt()],
      ] as const) {
        const res = await api.get(path, credential);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expect(res.body).toEqual({
          user_id: email,
          user_info: expect.objectContaining({ user_id: email, user_email: email, user_role: 'internal_user', teams: [team.team_id] }),
          keys: [expect.objectContaining({ user_id: email })],
          teams: [
            expect.objectContaining({ team_id: team.team_id, team_alias: expect.any(String), members_with_roles: expect.any(Array) }),
          ],
        });
        expect(JSON.stringify(res.body)).not.toMatch(/password/i);
      }
      expectLitellmError(await info(unique('nobody')), 404, 'not_found_error');
      expectLitellmError(await api.get('/user/info', MASTER_KEY), [400, 422], 'bad_request_error');
    });

    it("refuses other users' records to non-admins with 403, whether or not they exist", async () => {
      const mine = await api.newUser({ user_id: unique('grace') });
      const theirs = await api.newUser({ user_id: unique('heidi') });
      for (const userId of [theirs.user_id, ADMIN_EMAIL, unique('nobody')]) {
        const res = await info(userId, mine.key);
        expectLitellmError(res, 403);
        expect(JSON.stringify(res.body)).not.toContain(theirs.key);
      }
    });

    it('finds a user created by email on ContextForge by /user/info?user_id=<email>', async () => {
      const email = `${unique('ivan')}@example.com`;
      const created = await cf()
        .post(CF_USERS)
        .set('Authorization', `Bearer ${adminJwt()}`)
        .send({ email, password: PASSWORD, full_name: 'Ivan' });
      expect(created.status).toBe(201);
      const res = await info(email);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          user_id: email,
          user_info: expect.objectContaining({ user_id: email, user_email: email, user_role: 'internal_user' }),
          keys: [],
          teams: [],
        }),
      );
      const own = await api.get('/user/info', userToken(email));
      expect(own.status).toBe(200);
      expect(own.body.user_id).toBe(email);

      // A ContextForge admin is a LiteLLM proxy_admin.
      const adminEmail = `${unique('judy')}@example.com`;
      expect(
        (
          await cf()
            .post(CF_USERS)
            .set('Authorization', `Bearer ${adminJwt()}`)
            .send({ email: adminEmail, password: PASSWORD, is_admin: true })
        ).status,
      ).toBe(201);
      expect((await info(adminEmail)).body.user_info.user_role).toBe('proxy_admin');
    });
  });

  describe('GET /user/list', () => {
    it('pages every user for admins; filters by role; refuses non-admins; validates paging', async () => {
      const a = await api.newUser({ user_id: unique('list_a'), auto_create_key: false });
      const b = await api.newUser({ user_id: unique('list_b'), user_role: 'proxy_admin', auto_create_key: false });
      const all = await api.get('/user/list?page_size=100', MASTER_KEY);
      expect(all.status).toBe(200);
      const ids = all.body.users.map((u: { user_id: string }) => u.user_id);
      expect(ids).toEqual(expect.arrayContaining([a.user_id, b.user_id, ADMIN_EMAIL]));
      expect(all.body).toEqual(expect.objectContaining({ total: ids.length, page: 1, page_size: 100, total_pages: 1 }));

      const second = await api.get('/user/list?page=2&page_size=1', MASTER_KEY);
      expect(second.status).toBe(200);
      expect(second.body.users.map((u: { user_id: string }) => u.user_id)).toEqual([ids[1]]);
      expect(second.body).toEqual(expect.objectContaining({ total: ids.length, page: 2, page_size: 1, total_pages: ids.length }));

      const admins = await api.get('/user/list?role=proxy_admin&page_size=100', MASTER_KEY);
      const adminIds = admins.body.users.map((u: { user_id: string }) => u.user_id);
      expect(adminIds).toEqual(expect.arrayContaining([b.user_id, ADMIN_EMAIL]));
      expect(adminIds).not.toContain(a.user_id);
      expect(admins.body.users.every((u: { user_role: string }) => u.user_role === 'proxy_admin')).toBe(true);

      const plain = await api.newUser({ user_id: unique('list_plain') });
      expectLitellmError(await api.get('/user/list', plain.key), [401, 403], 'auth_error');
      for (const query of ['page=0', 'page=x', 'page_size=1000', 'role=root']) {
        expectLitellmError(await api.get(`/user/list?${query}`, MASTER_KEY), [400, 422], 'bad_request_error');
      }
    });
  });

  describe('POST /user/update', () => {
    it('changes what it is given and answers {user_id, data}; by user_id or user_email', async () => {
      const email = `${unique('kate')}@example.com`;
      const kate = await api.newUser({ user_id: unique('kate'), user_email: email, models: ['gpt-4o'], auto_create_key: false });
      const res = await api.post('/user/update', MASTER_KEY, {
        user_id: kate.user_id,
        user_alias: 'Kate',
        max_budget: 3,
        metadata: { x: 1 },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        user_id: kate.user_id,
        data: expect.objectContaining({ user_id: kate.user_id, user_alias: 'Kate', max_budget: 3, metadata: { x: 1 }, models: ['gpt-4o'] }),
      });
      const taken = await api.newUser({ user_email: `${unique('taken')}@example.com`, auto_create_key: false });
      const clash = await api.post('/user/update', MASTER_KEY, { user_id: kate.user_id, user_email: taken.user_id, user_alias: 'Clash' });
      expectLitellmError(clash, 409);
      const byEmail = await api.post('/user/update', MASTER_KEY, { user_email: email, tpm_limit: 100 });
      expect(byEmail.status).toBe(200);
      expect((await info(kate.user_id)).body.user_info).toEqual(
        expect.objectContaining({
          user_email: email,
          user_alias: 'Kate',
          max_budget: 3,
          tpm_limit: 100,
          metadata: { x: 1 },
          models: ['gpt-4o'],
        }),
      );
    });

    it('a role change takes effect on the next request; non-admins cannot update (nor promote themselves)', async () => {
      const user = await api.newUser({ user_id: unique('leo') });
      expectLitellmError(await api.post('/team/new', user.key, {}), 401, 'auth_error');
      expect((await api.post('/user/update', MASTER_KEY, { user_id: user.user_id, user_role: 'proxy_admin' })).status).toBe(200);
      expect((await api.post('/team/new', user.key, {})).status).toBe(200);
      expect((await api.post('/user/update', MASTER_KEY, { user_id: user.user_id, user_role: 'internal_user' })).status).toBe(200);
      expectLitellmError(await api.post('/team/new', user.key, {}), 401, 'auth_error');

      const other = await api.newUser({ user_id: unique('mia'), auto_create_key: false });
      for (const body of [
        { user_id: user.user_id, user_role: 'proxy_admin' },
        { user_id: other.user_id, user_alias: 'defaced' },
      ]) {
        expectLitellmError(await api.post('/user/update', user.key, body), [401, 403], 'auth_error');
      }
      expect((await info(user.user_id)).body.user_info.user_role).toBe('internal_user');
      expect((await info(other.user_id)).body.user_info.user_alias).toBeNull();
      expectLitellmError(await api.post('/team/new', user.key, {}), 401, 'auth_error');
    });

    it('404s unknown users and validates the body', async () => {
      const user = await api.newUser({ user_id: unique('nina'), auto_create_key: false });
      expectLitellmError(await api.post('/user/update', MASTER_KEY, { user_id: unique('ghost'), user_alias: 'x' }), 404, 'not_found_error');
      for (const body of [
        { user_alias: 'nobody named' },
        { user_id: user.user_id, user_role: 'root' },
        { user_id: user.user_id, max_budget: 'lots' },
        { user_id: user.user_id, user_email: 'not-an-email' },
      ]) {
        const res = await api.post('/user/update', MASTER_KEY, body);
        expectLitellmError(res, [400, 422], 'bad_request_error');
      }
      const malformed = await t
        .http()
        .post('/user/update')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .set('Content-Type', 'application/json')
        .send('[');
      expectLitellmError(malformed, 400);
    });
  });

  describe('POST /user/delete', () => {
    it('deletes the user everywhere: their keys and tokens stop working, ContextForge no longer knows them', async () => {
      const team = await api.newTeam({ team_alias: unique('team') });
      const email = `${unique('oscar')}@example.com`;
      const oscar = await api.newUser({ user_email: email, team_id: team.team_id });
      const second = await api.adminKey({ user_id: email });
      expect((await api.get('/key/info', oscar.key)).status).toBe(200);

      const res = await api.post('/user/delete', MASTER_KEY, { user_ids: [email] });
      expect(res.status).toBe(200);
      expect(res.body.deleted_users).toEqual([email]);

      for (const key of [oscar.key, second.key]) {
        expectLitellmError(await api.get('/key/info', key), 401, 'token_not_found_in_db');
      }
      expectLitellmError(await api.get('/user/info', userToken(email)), 401);
      expectLitellmError(await info(email), 404, 'not_found_error');
      const onContextforge = await cf().get(`${CF_USERS}/${email}`).set('Authorization', `Bearer ${adminJwt()}`);
      expect(onContextforge.status).toBe(404);
      const teamInfo = await api.get(`/team/info?team_id=${team.team_id}`, MASTER_KEY);
      expect(teamInfo.body.team_memberships).toEqual([]);
    });

    it('deletes a ContextForge-created user by email too', async () => {
      const email = `${unique('pat')}@example.com`;
      expect((await cf().post(CF_USERS).set('Authorization', `Bearer ${adminJwt()}`).send({ email, password: PASSWORD })).status).toBe(201);
      expect((await api.post('/user/delete', MASTER_KEY, { user_ids: [email] })).status).toBe(200);
      expect((await cf().get(`${CF_USERS}/${email}`).set('Authorization', `Bearer ${adminJwt()}`)).status).toBe(404);
      expect((await cf().post('/auth/email/login').send({ email, password: PASSWORD })).status).toBe(401);
    });

    it('is all or nothing, for admins only, and never deletes the caller', async () => {
      const keep = await api.newUser({ user_id: unique('quinn') });
      const partial = await api.post('/user/delete', MASTER_KEY, { user_ids: [keep.user_id, unique('ghost')] });
      expectLitellmError(partial, 404, 'not_found_error');
      expect((await info(keep.user_id)).status).toBe(200);
      expect((await api.get('/key/info', keep.key)).status).toBe(200);

      const plain = await api.newUser({ user_id: unique('rita') });
      expectLitellmError(await api.post('/user/delete', plain.key, { user_ids: [keep.user_id] }), [401, 403], 'auth_error');
      expect((await api.get('/key/info', keep.key)).status).toBe(200);

      const root = await api.newUser({ user_id: unique('root'), user_role: 'proxy_admin' });
      expectLitellmError(await api.post('/user/delete', root.key, { user_ids: [root.user_id] }), 400, 'bad_request_error');
      expect((await api.get('/key/info', root.key)).status).toBe(200);

      for (const body of [{}, { user_ids: [] }, { user_ids: keep.user_id }, { user_ids: [1] }]) {
        expectLitellmError(await api.post('/user/delete', MASTER_KEY, body), [400, 422], 'bad_request_error');
      }
    });
  });
});
