import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { litellm } from '../../support/litellm-client.js';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { buildWorld, uniqueName, type World } from './catalog-fixtures.js';

type Kind = 'servers' | 'tools' | 'resources' | 'prompts';
const KINDS: Kind[] = ['servers', 'tools', 'resources', 'prompts'];
const ENVELOPE: Record<Kind, string> = { servers: 'server', tools: 'tool', resources: 'resource', prompts: 'prompt' };
const TABLE: Record<Kind, string> = { servers: 'servers', tools: 'tools', resources: 'resources', prompts: 'prompts' };

/** The fields of one row of each kind, as ContextForge's `*Create` models take them. */
function fields(kind: Kind, name: string): Record<string, unknown> {
  switch (kind) {
    case 'servers':
      return { name, description: 'bodies test server' };
    case 'tools':
      return { name, description: 'bodies test tool', url: 'https://example.com/api/tool', integration_type: 'REST', input_schema: {} };
    case 'resources':
      return { uri: `file:///bodies-test/${name}`, name, description: 'bodies test resource', mimeType: 'text/plain' };
    case 'prompts':
      return { name, description: 'bodies test prompt', template: 'Hello {{name}}', arguments: [] };
  }
}

const nested = (kind: Kind, inner: Record<string, unknown>, outer: Record<string, unknown> = {}) => ({ [ENVELOPE[kind]]: inner, ...outer });

describe('ContextForge request handling: bodies and query strings as FastAPI reads them', () => {
  let t: TestApp;
  let w: World;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const ids = (res: { body: { id: string }[] }) => res.body.map((row) => row.id);
  const rowsNamed = async (kind: Kind, name: string) =>
    (await db.query(`SELECT team_id, visibility FROM ${TABLE[kind]} WHERE name = $1`, [name])) as { team_id: string; visibility: string }[];

  describe('nested and flat create bodies', () => {
    // Attacker first: a team named only inside the nested object is the team the guard authorizes.
    it.each(KINDS)(
      '%s: a team_id inside the nested object, of a team the caller is not in, is 403 and nothing is written',
      async (kind) => {
        const name = uniqueName(kind);
        const res = await w.outsider.post(`/${kind}`, nested(kind, { ...fields(kind, name), team_id: w.alpha, visibility: 'team' }));
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ detail: 'Access denied' });
        expect(await rowsNamed(kind, name)).toEqual([]);
      },
    );

    it.each(KINDS)('%s: the same in a flat body is 403 too', async (kind) => {
      const name = uniqueName(kind);
      const res = await w.outsider.post(`/${kind}`, { ...fields(kind, name), team_id: w.alpha, visibility: 'team' });
      expect(res.status).toBe(403);
      expect(await rowsNamed(kind, name)).toEqual([]);
    });

    it.each(KINDS)('%s: a nested team_id different from the top-level one is a 400, never one of them silently', async (kind) => {
      const name = uniqueName(kind);
      // The caller is in alpha (top level) and names beta inside: neither is picked.
      const res = await w.dev.post(
        `/${kind}`,
        nested(kind, { ...fields(kind, name), team_id: w.beta }, { team_id: w.alpha, visibility: 'team' }),
      );
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('team_id');
      expect(await rowsNamed(kind, name)).toEqual([]);
      // And the other way round, from a caller in both places' neither.
      const swapped = await w.outsider.post(
        `/${kind}`,
        nested(kind, { ...fields(kind, name), team_id: w.alpha }, { team_id: w.beta, visibility: 'team' }),
      );
      expect(swapped.status).toBe(400);
      expect(await rowsNamed(kind, name)).toEqual([]);
    });

    it.each(KINDS)('%s: a nested visibility different from the top-level one is a 400', async (kind) => {
      const name = uniqueName(kind);
      const res = await w.dev.post(
        `/${kind}`,
        nested(kind, { ...fields(kind, name), visibility: 'public' }, { team_id: w.alpha, visibility: 'team' }),
      );
      expect(res.status).toBe(400);
      expect(await rowsNamed(kind, name)).toEqual([]);
    });

    it.each(KINDS)('%s: team_id and visibility inside the nested object are used (201 in that team)', async (kind) => {
      const name = uniqueName(kind);
      const res = await w.dev.post(`/${kind}`, nested(kind, { ...fields(kind, name), team_id: w.alpha, visibility: 'team' }));
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ name, team_id: w.alpha, visibility: 'team', owner_email: w.dev.email }));
    });

    it.each(KINDS)('%s: a flat body is taken as the nested one (201)', async (kind) => {
      const name = uniqueName(kind);
      const res = await w.dev.post(`/${kind}`, { ...fields(kind, name), team_id: w.alpha, visibility: 'private' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ name, team_id: w.alpha, visibility: 'private' }));
      // Without a team it goes to the personal team, as the nested shape does.
      const personal = await w.dev.post(`/${kind}`, fields(kind, uniqueName(kind)));
      expect(personal.status).toBe(201);
      expect(personal.body.team_id).toBe(await w.personalTeamOf(w.dev.email));
    });

    it.each(KINDS)('%s: the same team on both sides is fine', async (kind) => {
      const res = await w.dev.post(`/${kind}`, nested(kind, { ...fields(kind, uniqueName(kind)), team_id: w.alpha }, { team_id: w.alpha }));
      expect(res.status).toBe(201);
      expect(res.body.team_id).toBe(w.alpha);
    });
  });

  describe('query strings', () => {
    it('a repeated scalar parameter takes its last value (FastAPI), for the filter and for the guard alike', async () => {
      const team = await w.dev.post(
        '/tools',
        nested('tools', fields('tools', uniqueName('tool')), { team_id: w.alpha, visibility: 'team' }),
      );
      const pub = await w.dev.post(
        '/tools',
        nested('tools', fields('tools', uniqueName('tool')), { team_id: w.alpha, visibility: 'public' }),
      );
      const res = await w.dev.get(`/tools?visibility=public&visibility=team&limit=500`);
      expect(res.status).toBe(200);
      expect(ids(res)).toContain(team.body.id);
      expect(ids(res)).not.toContain(pub.body.id);
      expect(res.body.every((row: { visibility: string }) => row.visibility === 'team')).toBe(true);

      // team_id=<beta>&team_id=<alpha>: alpha is both what the guard decides on and what is listed.
      const listed = await w.dev.get(`/tools?team_id=${w.beta}&team_id=${w.alpha}&limit=500`);
      expect(listed.status).toBe(200);
      expect(ids(listed)).toContain(team.body.id);
      // And the other order names beta, where dev is not a member: an empty list, as for any team they are not in.
      const other = await w.dev.get(`/tools?team_id=${w.alpha}&team_id=${w.beta}&limit=500`);
      expect(other.status).toBe(200);
      expect(other.body).toEqual([]);
    });

    it('a repeated limit takes the last one', async () => {
      for (let i = 0; i < 3; i++) await w.dev.post('/prompts', nested('prompts', fields('prompts', uniqueName('p')), { team_id: w.alpha }));
      const res = await w.dev.get('/prompts?limit=500&limit=1');
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(1);
    });
  });

  describe('validation errors name where the bad value was', () => {
    it('a bad query parameter: ["query", name]', async () => {
      const res = await w.dev.get('/tools?limit=abc');
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc: ['query', 'limit'] })]));
      const visibility = await w.dev.get('/tools?visibility=everyone');
      expect(visibility.body.detail).toEqual([expect.objectContaining({ loc: ['query', 'visibility'] })]);
      const repeated = await w.dev.get('/tools?visibility=public&visibility=nope');
      expect(repeated.status).toBe(422);
      expect(repeated.body.detail).toEqual([expect.objectContaining({ loc: ['query', 'visibility'] })]);
    });

    it('a bad path parameter: ["path", name]', async () => {
      // A control character cannot name a row: refused before any lookup.
      const res = await w.dev.get('/tools/a%01b');
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual([expect.objectContaining({ loc: ['path', 'id'] })]);
    });

    it('a bad body field: ["body", ...], nested fields under their object', async () => {
      const res = await w.dev.post('/tools', nested('tools', { ...fields('tools', uniqueName('tool')), request_type: 'TRACE' }));
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'tool', 'request_type'] })]);
      const top = await w.dev.post('/gateways', { name: 'gw', url: 'http://127.0.0.1:1/sse', transport: 'CARRIER-PIGEON' });
      expect(top.status).toBe(422);
      expect(top.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'transport'] })]);
    });
  });

  describe('listings', () => {
    it.each([...KINDS, 'gateways' as const])('%s: include_pagination=true answers {"<kind>": [...], "nextCursor"}', async (kind) => {
      if (kind !== 'gateways') {
        for (let i = 0; i < 2; i++)
          await w.dev.post(`/${kind}`, nested(kind, fields(kind, uniqueName(kind)), { team_id: w.alpha, visibility: 'team' }));
      }
      const first = await w.dev.get(`/${kind}?include_pagination=true&limit=1&team_id=${kind === 'gateways' ? '' : w.alpha}`);
      expect(first.status).toBe(200);
      expect(Object.keys(first.body).sort()).toEqual([kind, 'nextCursor'].sort());
      expect(Array.isArray(first.body[kind])).toBe(true);
      if (kind !== 'gateways') {
        expect(first.body[kind]).toHaveLength(1);
        expect(first.body.nextCursor).toEqual(expect.any(String));
        expect(first.headers['x-next-cursor']).toBe(first.body.nextCursor);
        const next = await w.dev.get(`/${kind}?include_pagination=true&limit=1&team_id=${w.alpha}&cursor=${first.body.nextCursor}`);
        expect(next.body[kind][0].id).not.toBe(first.body[kind][0].id);
      }
      const all = await w.dev.get(`/${kind}?include_pagination=true&limit=0`);
      expect(all.body.nextCursor).toBeNull();
      // Without it: the bare list, as before.
      expect(Array.isArray((await w.dev.get(`/${kind}`)).body)).toBe(true);
    });

    it.each(KINDS)('%s: include_metrics=true adds empty execution metrics to each row', async (kind) => {
      await w.dev.post(`/${kind}`, nested(kind, fields(kind, uniqueName(kind)), { team_id: w.alpha }));
      const res = await w.dev.get(`/${kind}?include_metrics=true&team_id=${w.alpha}`);
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThan(0);
      for (const row of res.body) {
        expect(row.metrics).toEqual(
          expect.objectContaining({ total_executions: 0, successful_executions: 0, failed_executions: 0, failure_rate: 0 }),
        );
      }
      expect((await w.dev.get(`/${kind}?team_id=${w.alpha}`)).body[0]).not.toHaveProperty('metrics');
    });

    it.each(KINDS)('%s: tags filters by any of the comma-separated tags', async (kind) => {
      const tag = (label: string) => `${label}-${kind}-${Math.random().toString(16).slice(2, 8)}`;
      const [red, blue, green] = [tag('red'), tag('blue'), tag('green')];
      const make = async (tags: string[]) =>
        (await w.dev.post(`/${kind}`, nested(kind, { ...fields(kind, uniqueName(kind)), tags }, { team_id: w.alpha }))).body.id as string;
      const r = await make([red]);
      const b = await make([blue, 'shared']);
      const g = await make([green]);
      expect(ids(await w.dev.get(`/${kind}?tags=${red}`))).toEqual([r]);
      const either = ids(await w.dev.get(`/${kind}?tags=${red},%20${blue},`));
      expect(either.sort()).toEqual([r, b].sort());
      expect(either).not.toContain(g);
      expect((await w.dev.get(`/${kind}?tags=nobody-has-this`)).body).toEqual([]);
    });

    it('teams: include_pagination=true answers {"teams", "nextCursor"}, and the cursor continues; members too', async () => {
      for (let i = 0; i < 3; i++) expect((await w.admin.post('/teams/', { name: uniqueName('paged-team') })).status).toBe(201);
      const plain = await w.admin.get('/teams/?limit=2');
      expect(Object.keys(plain.body).sort()).toEqual(['teams', 'total']);
      const first = await w.admin.get('/teams/?limit=2&include_pagination=true');
      expect(first.status).toBe(200);
      expect(Object.keys(first.body).sort()).toEqual(['nextCursor', 'teams']);
      expect(first.body.teams).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await w.admin.get(`/teams/?limit=2&include_pagination=true&cursor=${first.body.nextCursor}`);
      expect(second.body.teams.map((team: { id: string }) => team.id)).not.toContain(first.body.teams[0].id);
      expect((await w.admin.get('/teams/?include_pagination=true&cursor=garbage')).status).toBe(400);

      const members = await w.dev.get(`/teams/${w.alpha}/members?include_pagination=true`);
      expect(members.status).toBe(200);
      expect(members.body).toEqual({
        members: expect.arrayContaining([expect.objectContaining({ user_email: w.dev.email })]),
        nextCursor: null,
      });
      expect(Array.isArray((await w.dev.get(`/teams/${w.alpha}/members`)).body)).toBe(true);
    });

    it('gateways take tags too', async () => {
      expect((await w.dev.get('/gateways?tags=nobody-has-this')).status).toBe(200);
    });

    it('limit=0 is every row, up to a cap of 10000 (the cursor continues beyond)', async () => {
      const before = (await w.master.get('/prompts?limit=0')).body.length;
      const tag = `bulk-${Math.random().toString(16).slice(2, 8)}`;
      await db.query(
        `INSERT INTO prompts (name, original_name, visibility, tags)
         SELECT $1 || '-' || g, $1 || '-' || g, 'public', jsonb_build_array($1::text) FROM generate_series(1, 60) g`,
        [tag],
      );
      const all = await w.master.get('/prompts?limit=0');
      expect(all.status).toBe(200);
      expect(all.body.length).toBe(before + 60);
      expect(all.headers['x-next-cursor']).toBeUndefined();
      expect((await w.master.get('/prompts')).body).toHaveLength(50);
      expect((await w.master.get('/prompts?limit=501')).status).toBe(422);

      await db.query(
        `INSERT INTO prompts (name, original_name, visibility)
         SELECT $1 || '-more-' || g, $1 || '-more-' || g, 'public' FROM generate_series(1, 10000) g`,
        [tag],
      );
      const capped = await w.master.get('/prompts?limit=0');
      expect(capped.body).toHaveLength(10000);
      expect(capped.headers['x-next-cursor']).toEqual(expect.any(String));
      const rest = await w.master.get(`/prompts?limit=0&cursor=${capped.headers['x-next-cursor']}`);
      expect(rest.body).toHaveLength(before + 60);
      expect(new Set([...ids(capped), ...ids(rest)]).size).toBe(10000 + before + 60);
    });
  });

  describe("ContextForge's input validation", () => {
    const SCRIPT = '<script>alert(1)</script>';

    it.each(KINDS)('%s: a name holding HTML is a 422 value_error at the name, and nothing is written', async (kind) => {
      const before = await w.count(TABLE[kind]);
      const res = await w.dev.post(`/${kind}`, nested(kind, fields(kind, SCRIPT), { team_id: w.alpha }));
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual(
        expect.arrayContaining([
          { loc: ['body', ENVELOPE[kind], 'name'], msg: expect.stringMatching(/^Value error, /), type: 'value_error' },
        ]),
      );
      expect(await w.count(TABLE[kind])).toBe(before);
    });

    it.each(KINDS)('%s: renaming to HTML is refused too', async (kind) => {
      const made = await w.dev.post(`/${kind}`, nested(kind, fields(kind, uniqueName(kind)), { team_id: w.alpha }));
      const res = await w.dev.put(`/${kind}/${made.body.id}`, { name: SCRIPT });
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'name'], type: 'value_error' })]);
      expect((await w.dev.get(`/${kind}/${made.body.id}`)).body.name).toBe(made.body.name);
    });

    it('descriptions with script-capable markup are refused', async () => {
      const res = await w.dev.post(
        '/tools',
        nested('tools', { ...fields('tools', uniqueName('tool')), description: '<img src=x onerror=alert(1)>' }),
      );
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc: ['body', 'tool', 'description'] })]));
    });

    it.each(['file:///docs/../etc/passwd', '../secret', 'file:///docs/%2e%2e/secret'])(
      'a resource URI %p is refused (422)',
      async (uri) => {
        const before = await w.count('resources');
        const res = await w.dev.post(
          '/resources',
          nested('resources', { ...fields('resources', uniqueName('res')), uri }, { team_id: w.alpha }),
        );
        expect(res.status).toBe(422);
        expect(res.body.detail).toEqual([
          { loc: ['body', 'resource', 'uri'], msg: expect.stringContaining('directory traversal'), type: 'value_error' },
        ]);
        expect(await w.count('resources')).toBe(before);
      },
    );

    it('tool and gateway URLs with script protocols are refused', async () => {
      const tool = await w.dev.post(
        '/tools',
        nested('tools', { ...fields('tools', uniqueName('tool')), url: 'https://example.com/?next=javascript:alert(1)' }),
      );
      expect(tool.status).toBe(422);
      expect(tool.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'tool', 'url'], type: 'value_error' })]);
      const before = await w.count('gateways');
      const gateway = await w.dev.post('/gateways', { name: 'gw-js', url: 'http://example.com/<script>', team_id: w.alpha });
      expect(gateway.status).toBe(422);
      expect(await w.count('gateways')).toBe(before);
    });

    it('gateway and team names holding HTML are refused, nothing written', async () => {
      const gateways = await w.count('gateways');
      const gateway = await w.dev.post('/gateways', { name: SCRIPT, url: 'http://127.0.0.1:1/sse', team_id: w.alpha });
      expect(gateway.status).toBe(422);
      expect(gateway.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'name'], type: 'value_error' })]);
      expect(await w.count('gateways')).toBe(gateways);

      const teams = await w.count('teams');
      const team = await w.admin.post('/teams/', { name: SCRIPT, visibility: 'private' });
      expect(team.status).toBe(422);
      expect(team.body.detail).toEqual([expect.objectContaining({ loc: ['body', 'name'], type: 'value_error' })]);
      const description = await w.admin.post('/teams/', { name: uniqueName('team'), description: '<iframe src=x>' });
      expect(description.status).toBe(422);
      expect(await w.count('teams')).toBe(teams);
    });

    it("the seeds' names pass", async () => {
      const team = await w.admin.post('/teams/', {
        name: 'rbac-e2e-team-1a2b3c4d',
        description: 'RBAC E2E test team',
        visibility: 'private',
      });
      expect(team.status).toBe(201);
      const tool = await w.dev.post(
        '/tools',
        nested('tools', fields('tools', 'rbac-e2e-api-dev-tool-1a2b3c4d'), { team_id: null, visibility: 'public' }),
      );
      expect(tool.status).toBe(201);
    });
  });

  describe('unknown fields are ignored, never applied, never a 422', () => {
    it('ContextForge bodies, at the top and inside the nested object (nested unknowns too)', async () => {
      const name = uniqueName('tool');
      const res = await w.dev.post('/tools', {
        tool: { ...fields('tools', name), owner_email: 'someone@else.example.com', jsonpath_filter: '', extra: { deep: { deeper: 1 } } },
        team_id: w.alpha,
        visibility: 'team',
        created_via: 'api',
        owner_email: 'someone@else.example.com',
        unknown: [1, { x: 2 }],
      });
      expect(res.status).toBe(201);
      expect(res.body.owner_email).toBe(w.dev.email);
      expect(res.body).not.toHaveProperty('extra');
      expect(res.body).not.toHaveProperty('unknown');

      const server = await w.dev.post('/servers', {
        server: { ...fields('servers', uniqueName('srv')), bogus: { a: 1 } },
        team_id: w.alpha,
        whatever: true,
      });
      expect(server.status).toBe(201);
      const team = await w.admin.post('/teams/', {
        name: uniqueName('team'),
        visibility: 'private',
        slug_override: 'x',
        settings: { a: { b: 1 } },
      });
      expect(team.status).toBe(201);
    });

    it('LiteLLM bodies, including nested unknowns', async () => {
      const api = litellm(t.http);
      const team = await api.post('/team/new', MASTER_KEY, { team_alias: uniqueName('lt'), not_a_field: 1, deep: { unknown: { x: [1] } } });
      expect(team.status).toBe(200);
      expect(team.body).not.toHaveProperty('not_a_field');
      const key = await api.post('/key/generate', MASTER_KEY, {
        team_id: team.body.team_id,
        key_alias: uniqueName('k'),
        unknown_flag: true,
        metadata: { note: 'kept: metadata is a modelled free-form field' },
        nested_unknown: { a: { b: 1 } },
      });
      expect(key.status).toBe(200);
      expect(key.body).not.toHaveProperty('unknown_flag');
      expect(key.body).not.toHaveProperty('nested_unknown');
    });
  });
});
