import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';
import { buildWorld, type World } from './catalog-fixtures.js';

/** ContextForge's `/v1/…` paths: the same routes, the same decisions; the unversioned ones are deprecated aliases. */
describe('ContextForge /v1 paths', () => {
  let t: TestApp;
  let w: World;
  const admin = () => `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('answers /v1/teams as /teams, without a Deprecation header; /teams carries one naming its successor', async () => {
    const versioned = await t.http().get('/v1/teams').set('Authorization', admin());
    const plain = await t.http().get('/teams').set('Authorization', admin());
    expect(versioned.status).toBe(200);
    expect(versioned.body).toEqual(plain.body);
    expect(versioned.headers.deprecation).toBeUndefined();
    expect(plain.headers.deprecation).toBe('true');
    expect(plain.headers.link).toBe('</v1/teams>; rel="successor-version"');
  });

  it('creates, reads and deletes through /v1 paths, query strings kept', async () => {
    const created = await t
      .http()
      .post('/v1/teams/')
      .set('Authorization', admin())
      .send({ name: `v1-team-${process.pid}`, visibility: 'private' });
    expect(created.status).toBe(201);
    expect((await t.http().get(`/v1/teams/${created.body.id}?include_members=true`).set('Authorization', admin())).status).toBe(200);
    expect((await t.http().delete(`/v1/teams/${created.body.id}`).set('Authorization', admin())).status).toBe(200);
    expect((await t.http().get(`/v1/teams/${created.body.id}`).set('Authorization', admin())).status).toBe(404);
  });

  it('decides /v1 calls exactly as the unversioned ones: 401, 403 and hidden rows 404 in the ContextForge envelope', async () => {
    const anonymous = await t.http().get('/v1/tools');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ detail: expect.any(String) });
    const created = await w.dev.post('/tools', {
      tool: { name: `v1-tool-${process.pid}`, url: 'https://example.com/t', integration_type: 'REST' },
      team_id: w.alpha,
      visibility: 'team',
    });
    expect(created.status).toBe(201);
    const outsider = (path: string) => t.http().get(path).set('Authorization', `Bearer ${w.outsider.token}`);
    expect((await outsider(`/v1/tools/${created.body.id}`)).status).toBe(404);
    expect((await outsider(`/tools/${created.body.id}`)).status).toBe(404);
    const viewerDelete = await t.http().delete(`/v1/tools/${created.body.id}`).set('Authorization', `Bearer ${w.viewer.token}`);
    expect(viewerDelete.status).toBe(403);
    expect(viewerDelete.body).toEqual({ detail: 'Access denied' });
  });

  it('versions every ContextForge area, and nothing else', async () => {
    for (const path of ['/v1/rbac/roles', '/v1/gateways', '/v1/servers', '/v1/resources', '/v1/prompts', '/v1/auth/email/me']) {
      const res = await t.http().get(path).set('Authorization', admin());
      expect([path, res.status]).toEqual([path, 200]);
    }
    const litellm = await t.http().get('/v1/key/list').set('Authorization', `Bearer ${MASTER_KEY}`);
    expect(litellm.status).toBe(404);
    expect((await t.http().get('/v1/admin').set('Authorization', admin())).status).toBe(404);
  });

  it('documents each ContextForge operation once, under /v1, with its alias noted', async () => {
    const doc = await t.http().get('/docs-json');
    const paths = Object.keys(doc.body.paths);
    expect(paths).toContain('/v1/teams');
    expect(paths).not.toContain('/teams');
    expect(paths).toContain('/key/generate');
    expect(doc.body.paths['/v1/teams'].get.description).toContain('`/teams` (deprecated alias');
  });
});
