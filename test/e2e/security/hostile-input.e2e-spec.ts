import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * The classes of hostile input the fuzzer (fuzz.e2e-spec.ts) found reaching a 500, one instance of each (issue 13):
 * each is refused in the surface's envelope before anything stores it, and the valid neighbour still works.
 */
describe('hostile input is a 4xx in the surface envelope', () => {
  let t: TestApp;
  let db: DataSource;
  const master = `Bearer ${MASTER_KEY}`;
  const get = (url: string) => t.http().get(url).set('Authorization', master);
  const post = (url: string, body: object) => t.http().post(url).set('Authorization', master).send(body);
  const postRaw = (url: string, body: string | Buffer, contentType = 'application/json') =>
    // superagent would serialize a Buffer to JSON (`{"type": "Buffer", ...}`) for a JSON content type.
    t
      .http()
      .post(url)
      .set('Authorization', master)
      .set('Content-Type', contentType)
      .serialize((data: unknown) => data as string)
      .send(body);
  const count = async (table: string) => ((await db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[])[0].n;
  const tool = (fields: object = {}) => ({
    tool: {
      name: `tool-${Math.random().toString(16).slice(2, 10)}`,
      url: 'https://example.com/api/tool',
      integration_type: 'REST',
      ...fields,
    },
    team_id: null,
    visibility: 'public',
  });

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  describe('the URL', () => {
    it.each([
      ['a NUL in a path parameter', '/v1/teams/%00', ['path', 'team_id']],
      ['a NUL in a query parameter', '/v1/teams?visibility=%00', ['query', 'visibility']],
      ['an escape character in a query parameter', '/v1/teams?visibility=a%1Bb', ['query', 'visibility']],
    ])('%s is a 422 naming it (ContextForge: {"detail"})', async (_, url, loc) => {
      const res = await get(url);
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ detail: [expect.objectContaining({ loc })] });
    });

    it.each([
      ['an escape that is not UTF-8', '/v1/teams?visibility=%ff'],
      ['a truncated escape', '/v1/teams?visibility=%E0%A4%A'],
    ])('%s is a 400', async (_, url) => {
      const res = await get(url);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ detail: expect.any(String) });
    });

    it('a truncated escape on login is a 400, not "URI malformed"', async () => {
      const res = await t.http().post('/auth/email/login?next=%E0%A4%A').send({ email: 'a@example.com', password: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('next');
    });

    it('a NUL on a LiteLLM route is refused in its envelope', async () => {
      const res = await get('/key/info?key=%00');
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual(expect.objectContaining({ param: 'key', code: '422' }));
    });

    it('a path the router cannot decode is in the envelope too, with its request id', async () => {
      const res = await get('/v1/teams/%zz');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ detail: expect.any(String) });
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
      expect((await get('/key/%zz/regenerate')).body.error.code).toBe('400');
    });
  });

  describe('bodies', () => {
    it('a NUL in a body string is a 422 naming the field, and nothing is stored', async () => {
      const before = await count('api_keys');
      const res = await post('/key/generate', { key_alias: 'a\u0000b' });
      expect(res.status).toBe(422);
      expect(res.body.error).toEqual(expect.objectContaining({ param: 'key_alias', code: '422' }));
      expect(await count('api_keys')).toBe(before);
    });

    it('a lone surrogate is refused; tabs and line breaks in text are not', async () => {
      const refused = await post('/tools', tool({ description: 'x\ud800' }));
      expect(refused.status).toBe(422);
      expect(refused.body.detail[0].loc).toEqual(['body', 'tool', 'description']);
      expect((await post('/tools', tool({ description: 'line one\n\tline two\r\n' }))).status).toBe(201);
    });

    it('a body that is not UTF-8 is a 400', async () => {
      const body = Buffer.concat([Buffer.from('{"team_alias":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
      const res = await postRaw('/team/new', body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('UTF-8');
    });

    it('JSON nested 3,000 levels deep is a 400; 64 levels still parse', async () => {
      const deep = '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000);
      const res = await postRaw('/v1/teams', deep);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('nested deeper than 64');
      const metadata = '{"a":'.repeat(60) + '1' + '}'.repeat(60);
      expect((await postRaw('/key/generate', `{"metadata":${metadata}}`)).status).toBe(200);
    });

    it('malformed and empty JSON keep their answers', async () => {
      expect((await postRaw('/v1/teams', '{"name":')).status).toBe(400);
      expect((await postRaw('/v1/teams', '')).status).toBe(400);
    });

    it('a multipart body without its boundary is a 400', async () => {
      const res = await postRaw('/v1/teams', '{"name":"x"}', 'multipart/form-data');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ detail: expect.stringContaining('boundary') });
    });
  });

  describe('null and lists where one value belongs: 422', () => {
    it.each([
      ['name', { name: null }],
      ['visibility', { name: 'nullable-check', visibility: null }],
    ])('null for a team %s', async (field, body) => {
      const before = await count('teams');
      const res = await post('/v1/teams', body);
      expect(res.status).toBe(422);
      expect(res.body.detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc: ['body', field] })]));
      expect(await count('teams')).toBe(before);
    });

    it('null for a tool url is a 422; null for team_id (documented as nullable) still creates', async () => {
      const refused = await post('/tools', tool({ url: null }));
      expect(refused.status).toBe(422);
      expect(refused.body.detail[0]).toEqual(expect.objectContaining({ loc: ['body', 'tool', 'url'], type: 'none_forbidden' }));
      expect((await post('/tools', tool())).status).toBe(201);
    });

    it('LiteLLM fields that clear with null still take it', async () => {
      const key = await post('/key/generate', { max_budget: 5 });
      const res = await post('/key/update', { key: key.body.key, max_budget: null, key_alias: null });
      expect(res.status).toBe(200);
      expect(res.body.max_budget).toBeNull();
    });

    it('a list where one prompt belongs', async () => {
      const res = await post('/prompts', { prompt: [{ name: 'p', template: 'Hello' }], visibility: 'public' });
      expect(res.status).toBe(422);
      expect(res.body.detail[0].loc).toEqual(['body', 'prompt']);
    });
  });

  describe('huge paging numbers: 422', () => {
    it.each(['/v1/teams?skip=99999999999999999999', '/v1/tokens?offset=1e300', '/key/list?page=9007199254740993'])('%s', async (url) => {
      const res = await get(url);
      expect(res.status).toBe(422);
    });

    it('the largest allowed skip is an empty page', async () => {
      const res = await get('/v1/teams?skip=2147483647');
      expect(res.status).toBe(200);
      expect(res.body.teams ?? res.body).toEqual([]);
    });
  });
});
