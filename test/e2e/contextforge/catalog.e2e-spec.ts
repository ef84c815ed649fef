import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { buildWorld, type Caller, uniqueName, type World } from './catalog-fixtures.js';

type Kind = 'servers' | 'tools' | 'resources' | 'prompts';
const KINDS: Kind[] = ['servers', 'tools', 'resources', 'prompts'];

/** The create bodies of the seed (TestRBACRestAPI / TestRBACRestAPIEntityCreate), per type. */
function createBody(kind: Kind, name: string, extra: { team_id?: string | null; visibility?: string } = {}) {
  const envelope = { team_id: null, visibility: 'public', ...extra };
  switch (kind) {
    case 'servers':
      return { server: { name, description: 'RBAC API test server' }, ...envelope };
    case 'tools':
      return {
        tool: {
          name,
          description: 'RBAC API test tool',
          url: 'https://example.com/api/tool',
          integration_type: 'REST',
          input_schema: '{}',
        },
        ...envelope,
      };
    case 'resources':
      return {
        resource: { uri: `file:///rbac-test/${name}`, name, description: 'RBAC API test resource', mimeType: 'text/plain' },
        ...envelope,
      };
    case 'prompts':
      return { prompt: { name, description: 'RBAC API test prompt', template: 'Hello {{name}}', arguments: [] }, ...envelope };
  }
}

describe('ContextForge catalog: servers, tools, resources, prompts under team-scoped RBAC', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  async function create(caller: Caller, kind: Kind, extra: { team_id?: string | null; visibility?: string } = {}) {
    const res = await caller.post(`/${kind}`, createBody(kind, uniqueName(kind), extra));
    expect({ kind, status: res.status, body: res.body }).toEqual({ kind, status: 201, body: expect.anything() });
    return res.body as { id: string; name: string; team_id: string; owner_email: string; visibility: string };
  }

  const ids = (res: { body: { id: string }[] }) => res.body.map((row) => row.id);

  describe('create', () => {
    it.each(KINDS)('a team developer creates %s without team_id (the seed body): 201, in their personal team', async (kind) => {
      const res = await w.dev.post(`/${kind}`, createBody(kind, uniqueName(kind)));
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          team_id: await w.personalTeamOf(w.dev.email),
          owner_email: w.dev.email,
          visibility: 'public',
          enabled: true,
          created_at: expect.any(String),
          updated_at: expect.any(String),
        }),
      );
      const fetched = await w.dev.get(`/${kind}/${res.body.id}`);
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(res.body);
    });

    it.each(KINDS)('a team developer creates %s in their team', async (kind) => {
      const row = await create(w.dev, kind, { team_id: w.alpha, visibility: 'team' });
      expect(row).toEqual(expect.objectContaining({ team_id: w.alpha, visibility: 'team', owner_email: w.dev.email }));
    });

    it.each(KINDS)('a viewer is refused every create of %s (403 "Access denied"), with or without team_id', async (kind) => {
      for (const team_id of [null, w.alpha]) {
        const res = await w.viewer.post(`/${kind}`, createBody(kind, uniqueName(kind), { team_id }));
        expect({ team_id, status: res.status, body: res.body }).toEqual({ team_id, status: 403, body: { detail: 'Access denied' } });
      }
    });

    it.each(KINDS)('a developer of another team cannot create %s in alpha (403)', async (kind) => {
      const res = await w.outsider.post(`/${kind}`, createBody(kind, uniqueName(kind), { team_id: w.alpha, visibility: 'team' }));
      expect(res.status).toBe(403);
      // ...while in their own team they may.
      await create(w.outsider, kind, { team_id: w.beta });
    });

    it('a user whose only roles are in their personal team gets 403 without team_id (any-team mode skips it)', async () => {
      // The viewer's personal team_admin does not count in any-team mode (ContextForge #2900).
      const res = await w.viewer.post('/tools', createBody('tools', uniqueName('tool')));
      expect(res.status).toBe(403);
      // Naming the personal team explicitly is allowed: it is their own team.
      const own = await w.viewer.post(
        '/tools',
        createBody('tools', uniqueName('tool'), { team_id: await w.personalTeamOf(w.viewer.email) }),
      );
      expect(own.status).toBe(201);
    });

    it('tool input_schema may be JSON text or an object; anything else is a 422', async () => {
      const asText = await w.dev.post('/tools', createBody('tools', uniqueName('tool')));
      expect(asText.body.input_schema).toEqual({});
      const schema = { type: 'object', properties: { q: { type: 'string' } } };
      const body = createBody('tools', uniqueName('tool')) as { tool: Record<string, unknown> };
      body.tool.input_schema = schema;
      const asObject = await w.dev.post('/tools', body);
      expect(asObject.status).toBe(201);
      expect(asObject.body.input_schema).toEqual(schema);
      body.tool.input_schema = 'not json';
      body.tool.name = uniqueName('tool');
      const bad = await w.dev.post('/tools', body);
      expect(bad.status).toBe(422);
      expect(bad.body.detail[0].loc).toEqual(expect.arrayContaining(['body']));
    });

    it('unknown fields are ignored (owner_email in the body does not set the owner); MCP tools created by hand are refused', async () => {
      const unknown = await w.dev.post('/tools', { ...createBody('tools', uniqueName('tool')), owner_email: 'someone@else' });
      expect(unknown.status).toBe(201);
      expect(unknown.body.owner_email).toBe(w.dev.email);
      expect((await w.dev.get(`/tools/${unknown.body.id}`)).body.owner_email).toBe(w.dev.email);
      const nested = createBody('tools', uniqueName('tool')) as { tool: Record<string, unknown> };
      nested.tool.owner_email = 'someone@else';
      const inTool = await w.dev.post('/tools', nested);
      expect(inTool.status).toBe(201);
      expect(inTool.body.owner_email).toBe(w.dev.email);
      const body = createBody('tools', uniqueName('tool')) as { tool: Record<string, unknown> };
      body.tool.integration_type = 'MCP';
      expect((await w.dev.post('/tools', body)).status).toBe(400);
    });

    it('header values of REST tools are never shown', async () => {
      const body = createBody('tools', uniqueName('tool')) as { tool: Record<string, unknown> };
      body.tool.headers = { 'X-Api-Key': 'super-secret-header-value' };
      const res = await w.dev.post('/tools', body);
      expect(res.status).toBe(201);
      expect(res.body.headers).toEqual({ 'X-Api-Key': '*****' });
      expect(JSON.stringify((await w.dev.get(`/tools/${res.body.id}`)).body)).not.toContain('super-secret-header-value');
    });

    it('the master key creates public rows without a team, but not private ones', async () => {
      const pub = await w.master.post('/prompts', createBody('prompts', uniqueName('prompt')));
      expect(pub.status).toBe(201);
      expect(pub.body).toEqual(expect.objectContaining({ team_id: null, owner_email: null, visibility: 'public' }));
      const priv = await w.master.post('/prompts', createBody('prompts', uniqueName('prompt'), { visibility: 'private' }));
      expect(priv.status).toBe(400);
    });
  });

  describe('names', () => {
    it.each(KINDS)('public %s names are unique (409); team names only within their team', async (kind) => {
      const name = uniqueName(kind);
      expect((await w.dev.post(`/${kind}`, createBody(kind, name))).status).toBe(201);
      const again = await w.outsider.post(`/${kind}`, createBody(kind, name));
      expect(again.status).toBe(409);
      expect(again.body.detail).toEqual(expect.any(String));
      // The same name as a team row: once per team.
      expect((await w.dev.post(`/${kind}`, createBody(kind, name, { team_id: w.alpha, visibility: 'team' }))).status).toBe(201);
      expect((await w.outsider.post(`/${kind}`, createBody(kind, name, { team_id: w.beta, visibility: 'team' }))).status).toBe(201);
      expect((await w.dev2.post(`/${kind}`, createBody(kind, name, { team_id: w.alpha, visibility: 'private' }))).status).toBe(409);
    });
  });

  describe('visibility', () => {
    it.each(KINDS)('%s: private and team rows stay inside their team; public rows are seen by all', async (kind) => {
      const priv = await create(w.dev, kind, { team_id: w.alpha, visibility: 'private' });
      const team = await create(w.dev, kind, { team_id: w.alpha, visibility: 'team' });
      const pub = await create(w.dev, kind, { team_id: w.alpha, visibility: 'public' });

      const ownList = ids(await w.dev.get(`/${kind}?limit=500`));
      expect(ownList).toEqual(expect.arrayContaining([priv.id, team.id, pub.id]));

      const teammate = ids(await w.viewer.get(`/${kind}?limit=500`));
      expect(teammate).toEqual(expect.arrayContaining([team.id, pub.id]));
      expect(teammate).not.toContain(priv.id);

      const outsider = ids(await w.outsider.get(`/${kind}?limit=500`));
      expect(outsider).toContain(pub.id);
      expect(outsider).not.toContain(team.id);
      expect(outsider).not.toContain(priv.id);

      // Admins see every team row, never someone else's private row.
      const admin = ids(await w.admin.get(`/${kind}?limit=500`));
      expect(admin).toEqual(expect.arrayContaining([team.id, pub.id]));
      expect(admin).not.toContain(priv.id);

      for (const [caller, id, status] of [
        [w.viewer, priv.id, 404],
        [w.viewer, team.id, 200],
        [w.outsider, priv.id, 404],
        [w.outsider, team.id, 404],
        [w.outsider, pub.id, 200],
        [w.admin, team.id, 200],
        [w.admin, priv.id, 404],
        [w.dev, priv.id, 200],
      ] as const) {
        const res = await caller.get(`/${kind}/${id}`);
        expect({ who: caller.email, id, status: res.status }).toEqual({ who: caller.email, id, status });
      }
    });

    it.each(KINDS)('%s?team_id= of a team the caller is not in: 200 []; of their own team: only its rows', async (kind) => {
      const row = await create(w.dev, kind, { team_id: w.alpha, visibility: 'team' });
      const foreign = await w.outsider.get(`/${kind}?team_id=${w.alpha}`);
      expect(foreign.status).toBe(200);
      expect(foreign.body).toEqual([]);
      const own = await w.viewer.get(`/${kind}?team_id=${w.alpha}&limit=500`);
      expect(own.status).toBe(200);
      expect(ids(own)).toContain(row.id);
      expect(own.body.every((r: { team_id: string }) => r.team_id === w.alpha)).toBe(true);
    });

    it('unknown and malformed ids are 404', async () => {
      expect((await w.dev.get('/tools/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await w.dev.get('/tools/not-a-uuid')).body).toEqual({ detail: 'Tool not found' });
    });

    it('a public-only token (teams: []) sees public rows only, not even its own team rows', async () => {
      const team = await create(w.dev, 'prompts', { team_id: w.alpha, visibility: 'team' });
      const pub = await create(w.dev, 'prompts', { team_id: w.alpha });
      const { callerWith } = await import('./catalog-fixtures.js');
      const { userToken } = await import('../../support/tokens.js');
      const narrow = callerWith(t, w.dev.email, userToken(w.dev.email, { teams: [] }));
      const seen = ids(await narrow.get('/prompts?limit=500'));
      expect(seen).toContain(pub.id);
      expect(seen).not.toContain(team.id);
      expect((await narrow.get(`/prompts/${team.id}`)).status).toBe(404);
    });
  });

  describe('ownership of changes', () => {
    it.each(KINDS)('%s: owner, team permission holders and admins change rows; viewers get 403, outsiders 403/404', async (kind) => {
      const team = await create(w.dev, kind, { team_id: w.alpha, visibility: 'team' });
      const pub = await create(w.dev, kind, { team_id: w.alpha, visibility: 'public' });
      const priv = await create(w.dev, kind, { team_id: w.alpha, visibility: 'private' });
      const change = { description: 'changed' };

      expect((await w.viewer.put(`/${kind}/${team.id}`, change)).body).toEqual({ detail: 'Access denied' });
      expect((await w.viewer.delete(`/${kind}/${team.id}`)).status).toBe(403);
      expect((await w.outsider.put(`/${kind}/${pub.id}`, change)).status).toBe(403);
      expect((await w.outsider.put(`/${kind}/${team.id}`, change)).status).toBe(404);
      expect((await w.dev2.put(`/${kind}/${priv.id}`, change)).status).toBe(404);
      expect((await w.admin.put(`/${kind}/${priv.id}`, change)).status).toBe(404);

      const byTeammate = await w.dev2.put(`/${kind}/${team.id}`, change);
      expect(byTeammate.status).toBe(200);
      expect(byTeammate.body).toEqual(expect.objectContaining({ id: team.id, description: 'changed', owner_email: w.dev.email }));
      expect((await w.dev.put(`/${kind}/${priv.id}`, { description: 'mine' })).body.description).toBe('mine');
      expect((await w.admin.put(`/${kind}/${pub.id}`, { description: 'by admin' })).status).toBe(200);

      expect((await w.outsider.delete(`/${kind}/${pub.id}`)).status).toBe(403);
      const deleted = await w.admin.delete(`/${kind}/${pub.id}`);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual(expect.objectContaining({ status: 'success' }));
      expect((await w.dev.get(`/${kind}/${pub.id}`)).status).toBe(404);
      expect((await w.dev.delete(`/${kind}/${priv.id}`)).status).toBe(200);
      expect((await w.dev2.delete(`/${kind}/${team.id}`)).status).toBe(200);
    });

    it('the owner keeps the right to change their row after losing the team role; others without it do not', async () => {
      const row = await create(w.dev2, 'tools', { team_id: w.alpha, visibility: 'team' });
      const other = await create(w.dev, 'tools', { team_id: w.alpha, visibility: 'team' });
      await w.revokeTeamRole(w.dev2.email, 'developer', w.alpha);
      expect((await w.dev2.post('/tools', createBody('tools', uniqueName('tool'), { team_id: w.alpha }))).status).toBe(403);
      expect((await w.dev2.put(`/tools/${row.id}`, { description: 'still mine' })).status).toBe(200);
      expect((await w.dev2.put(`/tools/${other.id}`, { description: 'not mine' })).status).toBe(403);
      expect((await w.dev2.delete(`/tools/${row.id}`)).status).toBe(200);
    });

    it('a row cannot be made team-visible without a team', async () => {
      const row = await w.master.post('/tools', createBody('tools', uniqueName('tool')));
      expect((await w.master.put(`/tools/${row.body.id}`, { visibility: 'team' })).status).toBe(400);
    });
  });

  describe('toggle', () => {
    it.each(KINDS)('%s: disabled rows leave the default listing and come back with include_inactive', async (kind) => {
      const row = await create(w.dev, kind, { team_id: w.alpha, visibility: 'team' });
      expect((await w.viewer.post(`/${kind}/${row.id}/toggle?activate=false`)).status).toBe(403);
      const off = await w.dev.post(`/${kind}/${row.id}/toggle?activate=false`);
      expect(off.status).toBe(200);
      expect(off.body.status).toBe('success');
      expect((await w.dev.get(`/${kind}/${row.id}`)).body.enabled).toBe(false);
      expect(ids(await w.dev.get(`/${kind}?limit=500`))).not.toContain(row.id);
      expect(ids(await w.dev.get(`/${kind}?limit=500&include_inactive=true`))).toContain(row.id);
      const on = await w.admin.post(`/${kind}/${row.id}/state?activate=true`);
      expect(on.status).toBe(200);
      expect((await w.dev.get(`/${kind}/${row.id}`)).body.enabled).toBe(true);
    });
  });

  describe('servers bundle catalog items the caller can see', () => {
    it('associates visible tools, resources and prompts; refuses invisible or unknown ids (400)', async () => {
      const tool = await create(w.dev, 'tools', { team_id: w.alpha, visibility: 'team' });
      const resource = await create(w.dev, 'resources');
      const prompt = await create(w.dev, 'prompts');
      const server = await w.dev.post('/servers', {
        server: {
          name: uniqueName('srv'),
          associated_tools: [tool.id],
          associated_resources: [resource.id],
          associated_prompts: prompt.id,
        },
        team_id: w.alpha,
        visibility: 'team',
      });
      expect(server.status).toBe(201);
      expect(server.body).toEqual(
        expect.objectContaining({ associated_tools: [tool.id], associated_resources: [resource.id], associated_prompts: [prompt.id] }),
      );

      // The outsider cannot see alpha's team tool, so cannot bundle it.
      const foreign = await w.outsider.post('/servers', {
        server: { name: uniqueName('srv'), associated_tools: [tool.id] },
        team_id: w.beta,
      });
      expect(foreign.status).toBe(400);
      const unknown = await w.dev.post('/servers', {
        server: { name: uniqueName('srv'), associated_tools: ['00000000-0000-4000-8000-000000000000'] },
      });
      expect(unknown.status).toBe(400);

      const other = await create(w.dev, 'tools');
      const updated = await w.dev.put(`/servers/${server.body.id}`, { associated_tools: [tool.id, other.id] });
      expect(updated.status).toBe(200);
      expect([...updated.body.associated_tools].sort()).toEqual([tool.id, other.id].sort());

      // Deleting a tool unbundles it.
      expect((await w.dev.delete(`/tools/${tool.id}`)).status).toBe(200);
      expect((await w.dev.get(`/servers/${server.body.id}`)).body.associated_tools).toEqual([other.id]);
    });
  });

  describe('pagination', () => {
    it('pages with limit and the X-Next-Cursor header until the end, without gaps or repeats', async () => {
      const made = [];
      for (let i = 0; i < 5; i++) made.push((await create(w.outsider, 'prompts', { team_id: w.beta, visibility: 'team' })).id);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await w.outsider.get(`/prompts?team_id=${w.beta}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.length).toBeLessThanOrEqual(2);
        seen.push(...ids(res));
        cursor = res.headers['x-next-cursor'];
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(expect.arrayContaining(made));
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBeGreaterThanOrEqual(3);
      expect((await w.outsider.get('/prompts?cursor=garbage')).status).toBe(400);
      expect((await w.outsider.get('/prompts?limit=-1')).status).toBe(422);
    });
  });
});
