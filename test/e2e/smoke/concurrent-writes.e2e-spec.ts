import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { litellm } from '../../support/litellm-client.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const count = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

/** Racing writers: the database's constraints decide, one wins, the others get the surface's conflict answer. */
describe('concurrent conflicting writes', () => {
  let t: TestApp;
  let api: ReturnType<typeof litellm>;
  const admin = () => `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;

  beforeAll(async () => {
    t = await startTestApp();
    api = litellm(t.http);
  });
  afterAll(() => t.close());

  it('ten POST /teams with one name: one 201, nine 409', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () =>
        t
          .http()
          .post('/teams')
          .set('Authorization', admin())
          .send({ name: 'race team' })
          .then((r) => r.status),
      ),
    );
    expect(count(statuses)).toEqual({ 201: 1, 409: 9 });
  });

  it('ten /key/generate with one key_alias: one key, nine 400s', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => api.post('/key/generate', MASTER_KEY, { key_alias: 'race-alias' })),
    );
    expect(count(responses.map((r) => r.status))).toEqual({ 200: 1, 400: 9 });
    const listed = await api.get('/key/list?key_alias=race-alias', MASTER_KEY);
    expect(listed.body.total_count).toBe(1);
  });

  it('ten invitations of one email to one team: one 201, nine 409', async () => {
    const team = await t.http().post('/teams').set('Authorization', admin()).send({ name: 'invite race' });
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () =>
        t
          .http()
          .post(`/teams/${team.body.id}/invitations`)
          .set('Authorization', admin())
          .send({ email: 'racer@example.com', role: 'member' })
          .then((r) => r.status),
      ),
    );
    expect(count(statuses)).toEqual({ 201: 1, 409: 9 });
  });

  it('ten /team/member_add of one user: one member, nine team_member_already_in_team', async () => {
    const team = await api.newTeam({});
    await api.newUser({ user_id: 'race-member', auto_create_key: false });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.post('/team/member_add', MASTER_KEY, { team_id: team.team_id, member: { user_id: 'race-member', role: 'user' } }),
      ),
    );
    expect(count(responses.map((r) => r.status))).toEqual({ 200: 1, 400: 9 });
    expect(responses.filter((r) => r.status === 400).every((r) => r.body.error.type === 'team_member_already_in_team')).toBe(true);
    const info = await api.get(`/team/info?team_id=${team.team_id}`, MASTER_KEY);
    expect(info.body.team_info.members_with_roles.filter((m: { user_id: string }) => m.user_id === 'race-member')).toHaveLength(1);
  });
});
