import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type supertest from 'supertest';
import { DataSource } from 'typeorm';
import { expectLitellmError, litellm } from '../../support/litellm-client.js';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * LiteLLM organizations (issue 10): LiteLLM's documented bodies, and the organization as a scope of the engine —
 * an org admin inside its organization (allowed) and outside it (refused), plain members read only, proxy admins
 * alone create and delete organizations, organizations bound their teams, and a refusal writes nothing.
 */
const TABLES = ['organizations', 'organization_members', 'teams', 'team_members', 'users'];

describe('LiteLLM organizations (/organization/*)', () => {
  let t: TestApp;
  let api: ReturnType<typeof litellm>;
  let seq = 0;
  const unique = (prefix: string) => `${prefix}_${++seq}_${Math.random().toString(16).slice(2, 8)}`;
  const send = (method: 'post' | 'patch' | 'delete', path: string, key: string, body: object = {}) =>
    t.http()[method](path).set('Authorization', `Bearer ${key}`).send(body);
  let fingerprint: () => Promise<Record<string, string>>;

  beforeAll(async () => {
    t = await startTestApp();
    api = litellm(t.http);
    const dataSource = t.app.get(DataSource);
    fingerprint = async () => {
      const rows: { t: string; h: string }[] = await dataSource.query(
        TABLES.map(
          (table) => `SELECT '${table}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM ${table} x`,
        ).join(' UNION ALL '),
      );
      return Object.fromEntries(rows.map((r) => [r.t, r.h]));
    };
  });
  afterAll(() => t.close());

  /** Refused, and nothing written. */
  async function expectRefused(request: () => Promise<supertest.Response>, status: number | number[], type?: string) {
    const before = await fingerprint();
    const res = await request();
    expectLitellmError(res, status, type);
    expect(await fingerprint()).toEqual(before);
    return res;
  }

  async function newOrg(body: object = {}) {
    const res = await api.post('/organization/new', MASTER_KEY, { organization_alias: unique('org'), ...body });
    if (res.status !== 200) throw new Error(`organization/new: ${res.status} ${res.text}`);
    return res.body.organization_id as string;
  }

  async function newUserKey(): Promise<{ userId: string; key: string }> {
    const userId = unique('user');
    return { userId, key: (await api.newUser({ user_id: userId })).key };
  }

  async function member(organizationId: string, role: string) {
    const user = await newUserKey();
    const res = await api.post('/organization/member_add', MASTER_KEY, {
      organization_id: organizationId,
      member: [{ user_id: user.userId, role }],
    });
    if (res.status !== 200) throw new Error(`member_add: ${res.status} ${res.text}`);
    return user;
  }

  describe("LiteLLM's documented bodies", () => {
    it('creates, reads, lists, updates and deletes an organization', async () => {
      // docs: curl /organization/new -d '{"organization_alias": "my-secret-org", "models": ["model1", "model2"], "max_budget": 100}'
      const created = await api.post('/organization/new', MASTER_KEY, {
        organization_alias: 'my-secret-org',
        models: ['model1', 'model2'],
        max_budget: 100,
      });
      expect(created.status).toBe(200);
      expect(created.body).toEqual(
        expect.objectContaining({
          organization_id: expect.any(String),
          organization_alias: 'my-secret-org',
          models: ['model1', 'model2'],
          spend: 0,
          metadata: {},
          created_by: 'default_user_id',
          litellm_budget_table: expect.objectContaining({ max_budget: 100 }),
        }),
      );
      const id = created.body.organization_id as string;

      const info = await api.get(`/organization/info?organization_id=${id}`, MASTER_KEY);
      expect(info.status).toBe(200);
      expect(info.body).toEqual(
        expect.objectContaining({ organization_id: id, organization_alias: 'my-secret-org', members: [], teams: [] }),
      );

      const list = await api.get('/organization/list', MASTER_KEY);
      expect(list.status).toBe(200);
      expect(list.body.map((o: { organization_id: string }) => o.organization_id)).toContain(id);

      // docs: curl -X PATCH /organization/update -d '{"organization_id": "...", "organization_alias": "...", "models": [...]}'
      const updated = await send('patch', '/organization/update', MASTER_KEY, {
        organization_id: id,
        organization_alias: 'renamed',
        models: ['model1'],
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toEqual(expect.objectContaining({ organization_id: id, organization_alias: 'renamed', models: ['model1'] }));

      // docs: curl -X DELETE /organization/delete -d '{"organization_ids": ["..."]}'
      const deleted = await send('delete', '/organization/delete', MASTER_KEY, { organization_ids: [id] });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual([expect.objectContaining({ organization_id: id })]);
      expectLitellmError(await api.get(`/organization/info?organization_id=${id}`, MASTER_KEY), 404, 'not_found_error');
    });

    it('adds (one member or a list), updates and deletes members', async () => {
      const id = await newOrg();
      const email = `${unique('krrish')}@berri.ai`;
      // docs: {"organization_id": "...", "member": {"role": "internal_user", "user_id": "krrish247652@berri.ai"}}
      const one = await api.post('/organization/member_add', MASTER_KEY, {
        organization_id: id,
        member: { role: 'internal_user', user_id: email },
      });
      expect(one.status).toBe(200);
      expect(one.body).toEqual({
        organization_id: id,
        updated_users: [expect.objectContaining({ user_id: email })],
        updated_organization_memberships: [expect.objectContaining({ organization_id: id, user_id: email, user_role: 'internal_user' })],
      });
      const other = unique('other');
      const many = await api.post('/organization/member_add', MASTER_KEY, {
        organization_id: id,
        member: [{ role: 'internal_user_viewer', user_id: other }],
      });
      expect(many.status).toBe(200);
      expectLitellmError(
        await api.post('/organization/member_add', MASTER_KEY, { organization_id: id, member: [{ role: 'org_admin', user_id: other }] }),
        400,
        'bad_request_error',
      );
      expectLitellmError(
        await api.post('/organization/member_add', MASTER_KEY, { organization_id: id, member: [{ role: 'proxy_admin', user_id: other }] }),
        [400, 422],
      );

      // docs: curl -X PATCH /organization/member_update -d '{"organization_id": "...", "user_id": "...", "role": "org_admin"}'
      const promoted = await send('patch', '/organization/member_update', MASTER_KEY, {
        organization_id: id,
        user_id: email,
        role: 'org_admin',
      });
      expect(promoted.status).toBe(200);
      expect(promoted.body).toEqual(expect.objectContaining({ organization_id: id, user_id: email, user_role: 'org_admin' }));

      const removed = await send('delete', '/organization/member_delete', MASTER_KEY, { organization_id: id, user_id: other });
      expect(removed.status).toBe(200);
      const info = await api.get(`/organization/info?organization_id=${id}`, MASTER_KEY);
      expect(info.body.members.map((m: { user_id: string; user_role: string }) => [m.user_id, m.user_role])).toEqual([
        [email, 'org_admin'],
      ]);
      expectLitellmError(await send('delete', '/organization/member_delete', MASTER_KEY, { organization_id: id, user_id: other }), 400);
    });

    it('answers 404 for an unknown organization, 400 for an existing organization_id, 422 for a wrong type', async () => {
      expectLitellmError(await api.get('/organization/info?organization_id=nope', MASTER_KEY), 404, 'not_found_error');
      expectLitellmError(
        await send('patch', '/organization/update', MASTER_KEY, { organization_id: 'nope', organization_alias: 'x' }),
        404,
      );
      const id = await newOrg();
      await expectRefused(
        () => api.post('/organization/new', MASTER_KEY, { organization_id: id, organization_alias: 'again' }),
        400,
        'bad_request_error',
      );
      await expectRefused(() => api.post('/organization/new', MASTER_KEY, { organization_alias: 'x', max_budget: 'lots' }), [400, 422]);
    });
  });

  describe('an org admin', () => {
    let inside: string;
    let outside: string;
    let admin: { userId: string; key: string };
    let teamInside: string;
    let teamOutside: string;

    beforeAll(async () => {
      inside = await newOrg({ models: ['gpt-4o', 'claude-3'], max_budget: 100 });
      outside = await newOrg();
      admin = await member(inside, 'org_admin');
      // Teams the org admin is not a member of: their organization alone makes them theirs to manage.
      teamInside = (await api.newTeam({ team_alias: unique('in'), organization_id: inside })).team_id;
      teamOutside = (await api.newTeam({ team_alias: unique('out'), organization_id: outside })).team_id;
    });

    it('manages its organization: info, update, members', async () => {
      const info = await api.get(`/organization/info?organization_id=${inside}`, admin.key);
      expect(info.status).toBe(200);
      expect(info.body.teams.map((team: { team_id: string }) => team.team_id)).toContain(teamInside);
      const updated = await send('patch', '/organization/update', admin.key, { organization_id: inside, metadata: { owner: 'me' } });
      expect(updated.status).toBe(200);
      const added = await api.post('/organization/member_add', admin.key, {
        organization_id: inside,
        member: [{ user_id: unique('hire'), role: 'internal_user' }],
      });
      expect(added.status).toBe(200);
      const list = await api.get('/organization/list', admin.key);
      expect(list.body.map((o: { organization_id: string }) => o.organization_id)).toEqual([inside]);
    });

    it("creates teams in it and manages its teams and their members, within the organization's bounds", async () => {
      const created = await api.post('/team/new', admin.key, {
        team_alias: unique('own'),
        organization_id: inside,
        models: ['gpt-4o'],
        max_budget: 50,
      });
      expect(created.status).toBe(200);
      expect(created.body.organization_id).toBe(inside);
      expect((await api.get(`/team/info?team_id=${teamInside}`, admin.key)).status).toBe(200);
      // The organization's teams are listed for its admin (who need not be a member); others' are not.
      const listed = ((await api.get('/team/list', admin.key)).body as { team_id: string }[]).map((team) => team.team_id);
      expect(listed).toContain(teamInside);
      expect(listed).not.toContain(teamOutside);
      expect((await api.post('/team/update', admin.key, { team_id: teamInside, team_alias: unique('renamed') })).status).toBe(200);
      const added = await api.post('/team/member_add', admin.key, {
        team_id: teamInside,
        member: [{ user_id: unique('dev'), role: 'user' }],
      });
      expect(added.status).toBe(200);

      await expectRefused(
        () => api.post('/team/new', admin.key, { team_alias: unique('rich'), organization_id: inside, max_budget: 1000 }),
        400,
        'bad_request_error',
      );
      await expectRefused(
        () => api.post('/team/new', admin.key, { team_alias: unique('o1'), organization_id: inside, models: ['o1'] }),
        400,
        'bad_request_error',
      );
      await expectRefused(() => api.post('/team/update', MASTER_KEY, { team_id: teamInside, models: ['o1'] }), 400, 'bad_request_error');
      await expectRefused(
        () => api.post('/team/new', MASTER_KEY, { team_alias: unique('x'), organization_id: 'no-such-org' }),
        404,
        'not_found_error',
      );
    });

    it('does nothing outside it', async () => {
      await expectRefused(() => api.get(`/organization/info?organization_id=${outside}`, admin.key), 403, 'auth_error');
      await expectRefused(
        () => send('patch', '/organization/update', admin.key, { organization_id: outside, organization_alias: 'mine' }),
        403,
        'auth_error',
      );
      await expectRefused(
        () =>
          api.post('/organization/member_add', admin.key, {
            organization_id: outside,
            member: [{ user_id: admin.userId, role: 'org_admin' }],
          }),
        403,
        'auth_error',
      );
      await expectRefused(() => api.post('/team/new', admin.key, { team_alias: unique('t'), organization_id: outside }), 403, 'auth_error');
      await expectRefused(() => api.post('/team/new', admin.key, { team_alias: unique('t') }), 401, 'auth_error');
      await expectRefused(() => api.post('/team/update', admin.key, { team_id: teamOutside, team_alias: 'mine' }), 403, 'auth_error');
      await expectRefused(
        () => api.post('/team/member_add', admin.key, { team_id: teamOutside, member: [{ user_id: admin.userId, role: 'admin' }] }),
        403,
        'auth_error',
      );
      await expectRefused(() => api.get(`/team/info?team_id=${teamOutside}`, admin.key), [403, 404]);
    });

    it("neither creates nor deletes organizations, nor lifts its own organization's ceilings", async () => {
      await expectRefused(() => api.post('/organization/new', admin.key, { organization_alias: 'mine' }), 401, 'auth_error');
      await expectRefused(() => send('delete', '/organization/delete', admin.key, { organization_ids: [inside] }), 401, 'auth_error');
      await expectRefused(
        () => send('patch', '/organization/update', admin.key, { organization_id: inside, max_budget: 1e6 }),
        401,
        'auth_error',
      );
      await expectRefused(
        () => send('patch', '/organization/update', admin.key, { organization_id: inside, models: ['o1'] }),
        401,
        'auth_error',
      );
    });
  });

  describe('plain members', () => {
    it('read their organization and change nothing; a promotion counts on the next request', async () => {
      const id = await newOrg();
      const user = await member(id, 'internal_user');
      const viewer = await member(id, 'internal_user_viewer');
      for (const caller of [user, viewer]) {
        expect((await api.get(`/organization/info?organization_id=${id}`, caller.key)).status).toBe(200);
        await expectRefused(
          () => send('patch', '/organization/update', caller.key, { organization_id: id, organization_alias: 'x' }),
          403,
          'auth_error',
        );
        await expectRefused(
          () =>
            api.post('/organization/member_add', caller.key, {
              organization_id: id,
              member: [{ user_id: unique('x'), role: 'org_admin' }],
            }),
          403,
          'auth_error',
        );
        await expectRefused(
          () =>
            send('patch', '/organization/member_update', caller.key, { organization_id: id, user_id: caller.userId, role: 'org_admin' }),
          403,
        );
        await expectRefused(() => api.post('/team/new', caller.key, { team_alias: unique('t'), organization_id: id }), 403, 'auth_error');
      }
      const outsider = await newUserKey();
      await expectRefused(() => api.get(`/organization/info?organization_id=${id}`, outsider.key), 403, 'auth_error');
      expect((await api.get('/organization/list', outsider.key)).body).toEqual([]);

      // The access epoch moves with organization_members: the cached snapshot is not served after the change.
      expect(
        (await send('patch', '/organization/member_update', MASTER_KEY, { organization_id: id, user_id: user.userId, role: 'org_admin' }))
          .status,
      ).toBe(200);
      expect((await send('patch', '/organization/update', user.key, { organization_id: id, organization_alias: 'promoted' })).status).toBe(
        200,
      );
      expect((await send('delete', '/organization/member_delete', MASTER_KEY, { organization_id: id, user_id: user.userId })).status).toBe(
        200,
      );
      await expectRefused(() => api.get(`/organization/info?organization_id=${id}`, user.key), 403, 'auth_error');
    });
  });

  it('keeps an organization with teams (400), and deletes it once they are gone', async () => {
    const id = await newOrg();
    const team = (await api.newTeam({ organization_id: id })).team_id;
    await expectRefused(() => send('delete', '/organization/delete', MASTER_KEY, { organization_ids: [id] }), 400, 'bad_request_error');
    expect((await api.post('/team/delete', MASTER_KEY, { team_ids: [team] })).status).toBe(200);
    expect((await send('delete', '/organization/delete', MASTER_KEY, { organization_ids: [id] })).status).toBe(200);
  });

  describe('a planted copy of organization_id (query and body with different values) is a 400 that writes nothing', () => {
    const routes: [method: 'post' | 'patch' | 'delete', path: string, body: (c: { user: string }) => object][] = [
      ['patch', '/organization/update', () => ({ organization_alias: 'planted' })],
      ['post', '/organization/update', () => ({ organization_alias: 'planted' })],
      ['post', '/organization/member_add', () => ({ member: [{ user_id: 'planted-user', role: 'org_admin' }] })],
      ['patch', '/organization/member_update', ({ user }) => ({ user_id: user, role: 'org_admin' })],
      ['delete', '/organization/member_delete', ({ user }) => ({ user_id: user })],
      ['post', '/team/new', () => ({ team_alias: 'planted' })],
    ];
    for (const [method, path, body] of routes) {
      it(`${method.toUpperCase()} ${path}`, async () => {
        const mine = await newOrg();
        const theirs = await newOrg();
        const admin = await member(mine, 'org_admin');
        const user = (await member(theirs, 'internal_user')).userId;
        for (const key of [admin.key, MASTER_KEY]) {
          for (const [declared, planted] of [
            [mine, theirs],
            [theirs, mine],
          ]) {
            const res = await expectRefused(
              () =>
                t
                  .http()
                  [method](path)
                  .query({ organization_id: planted })
                  .set('Authorization', `Bearer ${key}`)
                  .send({ ...body({ user }), organization_id: declared }),
              400,
              'bad_request_error',
            );
            expect(res.body.error.param).toBe('organization_id');
            expect(res.body.error.message).toContain('name the target once');
          }
        }
      });
    }

    // GET /organization/info declares the query: Fastify reads no body on a GET, so no copy can be planted there.
  });
});
