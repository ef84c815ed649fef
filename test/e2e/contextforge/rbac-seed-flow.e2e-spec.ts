import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_EMAIL, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/**
 * The acceptance seed's fixtures, end to end through the ContextForge routes only: create a user, invite and
 * accept into a team, resolve the role id from GET /rbac/roles, assign it (201, or 409 when the membership
 * already gave it), then the cleanup (revoke by name, remove from team, delete user).
 */
describe('RBAC fixtures of the seed (ContextForge routes only)', () => {
  let t: TestApp;
  let teamId: string;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const api = (email: string, isAdmin = false) => {
    const headers = { Authorization: `Bearer ${userToken(email, { isAdmin })}`, Accept: 'application/json' };
    return {
      get: (path: string) => t.http().get(path).set(headers),
      post: (path: string, body?: object) => t.http().post(path).set(headers).send(body),
      delete: (path: string) => t.http().delete(path).set(headers),
    };
  };
  const admin = () => api(ADMIN_EMAIL, true);

  async function createUserAndJoinTeam(email: string, rbacRole: string): Promise<number> {
    const created = await admin().post('/auth/email/admin/users', {
      email,
      password: 'Changeme123!',
      full_name: `RBAC Test ${rbacRole}`,
      is_admin: false,
      is_active: true,
      password_change_required: false,
    });
    expect([200, 201]).toContain(created.status);
    const invite = await admin().post(`/teams/${teamId}/invitations`, { email, role: 'member' });
    expect([200, 201]).toContain(invite.status);
    const accepted = await api(email).post(`/teams/invitations/${invite.body.token}/accept`);
    expect([200, 201]).toContain(accepted.status);

    const roles = await admin().get('/rbac/roles');
    expect(roles.status).toBe(200);
    const role = (roles.body as { name: string; id: string }[]).find((r) => r.name === rbacRole);
    expect(role).toBeDefined();
    const assigned = await admin().post(`/rbac/users/${email}/roles`, { role_id: role!.id, scope: 'team', scope_id: teamId });
    return assigned.status;
  }

  it('creates the team, a developer and a viewer, and cleans up as the seed does', async () => {
    const team = await admin().post('/teams/', { name: 'rbac-e2e-team', description: 'RBAC E2E test team', visibility: 'private' });
    expect([200, 201]).toContain(team.status);
    teamId = team.body.id;

    const dev = 'rbac-e2e-dev-1@test.example.com';
    const viewer = 'rbac-e2e-viewer-1@test.example.com';
    expect(await createUserAndJoinTeam(dev, 'developer')).toBe(201);
    // Accepting the invitation as a member already assigned viewer: the seed accepts 409.
    expect(await createUserAndJoinTeam(viewer, 'viewer')).toBe(409);

    const devCheck = await admin().post('/rbac/permissions/check', { user_email: dev, permission: 'gateways.create', team_id: teamId });
    expect(devCheck.body).toEqual(expect.objectContaining({ granted: true }));
    expect(devCheck.body.granted_by.map((g: { role_name: string }) => g.role_name)).toEqual(['developer']);
    const viewerCheck = await admin().post('/rbac/permissions/check', {
      user_email: viewer,
      permission: 'gateways.create',
      team_id: teamId,
    });
    expect(viewerCheck.body).toEqual(expect.objectContaining({ granted: false, reason: 'MISSING_PERMISSION' }));
    // Without a team in the URL ("All Teams" view) the developer may still create: any-team mode.
    const anyTeam = await admin().post('/rbac/permissions/check', { user_email: dev, permission: 'gateways.create' });
    expect(anyTeam.body.granted).toBe(true);

    for (const [email, role] of [
      [dev, 'developer'],
      [viewer, 'viewer'],
    ]) {
      const revoked = await admin().delete(`/rbac/users/${email}/roles/${role}?scope=team&scope_id=${teamId}`);
      expect(revoked.status).toBe(200);
      expect((await admin().delete(`/teams/${teamId}/members/${email}`)).status).toBeLessThan(300);
      expect((await admin().delete(`/auth/email/admin/users/${email}`)).status).toBeLessThan(300);
    }
    const after = await admin().post('/rbac/permissions/check', { user_email: dev, permission: 'gateways.create', team_id: teamId });
    expect(after.status).toBe(404); // the user is gone
  });
});
