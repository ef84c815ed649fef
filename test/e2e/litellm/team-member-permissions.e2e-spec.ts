import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { litellm } from '../../support/litellm-client.js';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';

describe('LiteLLM team member permissions (the seed, and its neighbours)', () => {
  let t: TestApp;
  let api: ReturnType<typeof litellm>;

  beforeAll(async () => {
    t = await startTestApp();
    api = litellm(t.http);
  });
  afterAll(() => t.close());

  async function teamWithMember(permissions: string[] | null) {
    const team = await api.newTeam({ team_member_permissions: permissions });
    const user = await api.newUser({ user_id: `user_${Math.random().toString(16).slice(2, 10)}`, team_id: team.team_id });
    const teamKey = await api.adminKey({ team_id: team.team_id });
    const userKey = await api.adminKey({ user_id: user.user_id });
    return { teamId: team.team_id, userId: user.user_id, teamKey: teamKey.key, userKey: userKey.key };
  }

  it('by default a member may read team keys but not create, edit, delete or regenerate them', async () => {
    const { teamId, teamKey, userKey } = await teamWithMember(null);
    for (const [path, body] of [
      ['/key/generate', { team_id: teamId }],
      ['/key/update', { key: teamKey, metadata: { updated: true }, team_id: 'ATTACKER_TEAM_ID' }],
      ['/key/delete', { keys: [teamKey] }],
      ['/key/regenerate', { key: teamKey }],
    ] as const) {
      const res = await api.post(path, userKey, body);
      expect({ path, status: res.status, type: res.body.error?.type }).toEqual({ path, status: 401, type: 'team_member_permission_error' });
      expect(res.body.error).toEqual(expect.objectContaining({ code: '401', param: path }));
    }
    const info = await api.get(`/key/info?key=${teamKey}`, userKey);
    expect(info.status).toBe(200);
    expect(info.body.info.team_id).toBe(teamId);
    expect(info.body.info).not.toHaveProperty('token');
  });

  it('members allowed to edit and delete may do exactly that', async () => {
    const { teamId, teamKey, userKey } = await teamWithMember(['/key/update', '/key/delete', '/key/info']);
    const updated = await api.post('/key/update', userKey, { key: teamKey, metadata: { updated: true }, team_id: teamId });
    expect(updated.status).toBe(200);
    expect(updated.body.metadata).toEqual({ updated: true });
    expect((await api.generate(userKey, { team_id: teamId })).status).toBe(401);
    expect((await api.post('/key/regenerate', userKey, { key: teamKey, team_id: teamId })).status).toBe(401);
    const deleted = await api.post('/key/delete', userKey, { keys: [teamKey] });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted_keys).toEqual([teamKey]);
    // The deleted key no longer authenticates.
    const after = await api.get('/key/info', teamKey);
    expect(after.status).toBe(401);
    expect(after.body.error.type).toBe('token_not_found_in_db');
  });

  it('members allowed to create keys get team keys, and nothing else', async () => {
    const team = await api.newTeam({ team_member_permissions: ['/key/generate'] });
    const added = await api.post('/team/member_add', MASTER_KEY, { team_id: team.team_id, member: { role: 'user', user_id: 'creator_1' } });
    expect(added.status).toBe(200);
    const teamKey = await api.adminKey({ team_id: team.team_id });
    const userKey = await api.adminKey({ user_id: 'creator_1' });
    const created = await api.generate(userKey.key, { team_id: team.team_id });
    expect(created.status).toBe(200);
    expect(created.body).toEqual(expect.objectContaining({ team_id: team.team_id, user_id: 'creator_1' }));
    expect(created.body.key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    for (const [path, body] of [
      ['/key/update', { key: teamKey.key, team_id: team.team_id }],
      ['/key/delete', { keys: [teamKey.key] }],
      ['/key/regenerate', { key: teamKey.key }],
    ] as const) {
      expect((await api.post(path, userKey.key, body)).status).toBe(401);
    }
  });

  it('a non-member cannot create keys for a team (400 "not assigned"), nor read its keys (403)', async () => {
    const { teamId, teamKey } = await teamWithMember(['/key/generate']);
    const outsider = await api.newUser({ user_id: 'outsider_1' });
    const created = await api.generate(outsider.key, { team_id: teamId });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toContain('not assigned to team');
    const info = await api.get(`/key/info?key=${teamKey}`, outsider.key);
    expect(info.status).toBe(403);
  });

  it('a team admin manages the team keys; moving a key needs the permission in both teams', async () => {
    const teamA = await api.newTeam({ members_with_roles: [{ user_id: 'lead_a', role: 'admin' }] });
    const teamB = await api.newTeam({ members_with_roles: [{ user_id: 'lead_a', role: 'user' }] });
    const teamC = await api.newTeam({ members_with_roles: [{ user_id: 'lead_a', role: 'admin' }] });
    const lead = await api.adminKey({ user_id: 'lead_a' });
    const key = await api.adminKey({ team_id: teamA.team_id, user_id: 'lead_a' });
    expect((await api.post('/key/block', lead.key, { key: key.key })).status).toBe(200);
    const blocked = await api.get('/key/info', key.key);
    expect(blocked.status).toBe(401);
    expect(blocked.body.error.type).toBe('auth_error');
    expect((await api.post('/key/unblock', lead.key, { key: key.key })).status).toBe(200);
    // B gives plain members only the default routes: moving into B is refused.
    const intoB = await api.post('/key/update', lead.key, { key: key.key, team_id: teamB.team_id });
    expect(intoB.status).toBe(403);
    const intoC = await api.post('/key/update', lead.key, { key: key.key, team_id: teamC.team_id });
    expect(intoC.status).toBe(200);
    expect(intoC.body.team_id).toBe(teamC.team_id);
    const missing = await api.post('/key/update', lead.key, { key: key.key, team_id: 'no-such-team' });
    expect(missing.status).toBe(404);
  });

  it('changing the team permissions takes effect on the very next request', async () => {
    const { teamId, teamKey, userKey } = await teamWithMember(null);
    expect((await api.post('/key/delete', userKey, { keys: [teamKey] })).status).toBe(401);
    const updated = await api.post('/team/permissions_update', MASTER_KEY, { team_id: teamId, team_member_permissions: ['/key/delete'] });
    expect(updated.status).toBe(200);
    expect((await api.post('/key/delete', userKey, { keys: [teamKey] })).status).toBe(200);
  });
});
