import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { litellm } from '../../support/litellm-client.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/** One rule on both surfaces: some active admin user always remains (its own database: no other admins exist). */
describe('the last admin user', () => {
  let t: TestApp;
  let api: ReturnType<typeof litellm>;
  const adminJwt = () => `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;

  beforeAll(async () => {
    t = await startTestApp();
    api = litellm(t.http);
  });
  afterAll(() => t.close());

  it('is never deleted through /user/delete (400), and stays', async () => {
    const refused = await api.post('/user/delete', MASTER_KEY, { user_ids: [ADMIN_EMAIL] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({
      message: 'Cannot delete the last remaining admin user',
      type: 'bad_request_error',
      param: null,
      code: '400',
    });
    expect((await t.http().get(`/auth/email/admin/users/${ADMIN_EMAIL}`).set('Authorization', adminJwt())).status).toBe(200);
  });

  it('may be deleted once a second admin exists, who then cannot be', async () => {
    const second = 'second-admin@example.com';
    const created = await t
      .http()
      .post('/auth/email/admin/users')
      .set('Authorization', adminJwt())
      .send({ email: second, password: 'Changeme123!', full_name: 'Second', is_admin: true });
    expect(created.status).toBe(201);
    const deleted = await api.post('/user/delete', MASTER_KEY, { user_ids: [second] });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted_users).toEqual([second]);
    expect((await api.post('/user/delete', MASTER_KEY, { user_ids: [ADMIN_EMAIL] })).status).toBe(400);
  });
});
