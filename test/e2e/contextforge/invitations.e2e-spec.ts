import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { sha256Hex } from '../../../src/common/crypto/secrets.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const PASSWORD = 'Changeme123!';

describe('ContextForge team invitations', () => {
  let t: TestApp;
  /** The seed's admin context: a JWT minted like ContextForge's helper, admin claims included. */
  const admin = () => `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;
  const as = (email: string) => `Bearer ${userToken(email, { isAdmin: false })}`;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const db = () => t.app.get(DataSource);
  const createUser = async (email: string) =>
    http().post('/auth/email/admin/users').set('Authorization', admin()).send({ email, password: PASSWORD, full_name: email }).expect(201);
  const createTeam = async (name: string, visibility = 'private') =>
    (
      await http()
        .post('/teams/')
        .set('Authorization', admin())
        .send({ name, description: `${name} team`, visibility })
        .expect(201)
    ).body as {
      id: string;
    };
  const invite = (teamId: string, body: object, auth = admin()) =>
    http().post(`/teams/${teamId}/invitations`).set('Authorization', auth).send(body);
  const accept = (token: string, auth: string) => http().post(`/teams/invitations/${token}/accept`).set('Authorization', auth);

  async function teamRoles(email: string, teamId: string): Promise<string[]> {
    const rows: { name: string }[] = await db().query(
      `SELECT r.name FROM role_assignments a JOIN roles r ON r.id = a.role_id JOIN users u ON u.id = a.user_id
        WHERE u.email = $1 AND a.is_active AND a.scope = 'team' AND a.scope_id = $2 ORDER BY r.name`,
      [email, teamId],
    );
    return rows.map((r) => r.name);
  }

  it("runs the seed's fixture flow end to end", async () => {
    const email = 'rbac-e2e-dev-1234abcd@test.example.com';
    // Team, as the admin JWT (posting to /teams/ with the trailing slash).
    const teamRes = await http()
      .post('/teams/')
      .set('Authorization', admin())
      .set('Accept', 'application/json')
      .send({ name: 'rbac-e2e-team-1234abcd', description: 'RBAC E2E test team', visibility: 'private' });
    expect(teamRes.status).toBe(201);
    const teamId = teamRes.body.id;

    const userRes = await http().post('/auth/email/admin/users').set('Authorization', admin()).send({
      email,
      password: PASSWORD,
      full_name: 'RBAC Test Developer',
      is_admin: false,
      is_active: true,
      password_change_required: false,
    });
    expect(userRes.status).toBe(201);

    const inviteRes = await invite(teamId, { email, role: 'member' });
    expect(inviteRes.status).toBe(201);
    expect(inviteRes.body).toEqual({
      id: expect.any(String),
      team_id: teamId,
      team_name: 'rbac-e2e-team-1234abcd',
      email,
      role: 'member',
      invited_by: ADMIN_EMAIL,
      invited_at: expect.any(String),
      expires_at: expect.any(String),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      is_active: true,
      is_expired: false,
    });
    const days = (Date.parse(inviteRes.body.expires_at) - Date.parse(inviteRes.body.invited_at)) / 86_400_000;
    expect(days).toBe(7);
    // Only the hash is stored.
    const [stored] = await db().query(`SELECT token_hash FROM team_invitations WHERE id = $1`, [inviteRes.body.id]);
    expect(stored.token_hash).toBe(sha256Hex(inviteRes.body.token));

    const accepted = await accept(inviteRes.body.token, as(email));
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({
      id: expect.any(String),
      team_id: teamId,
      user_email: email,
      role: 'member',
      joined_at: expect.any(String),
      invited_by: ADMIN_EMAIL,
      is_active: true,
    });
    expect(await teamRoles(email, teamId)).toEqual(['viewer']);
    expect((await http().get(`/teams/${teamId}`).set('Authorization', as(email))).status).toBe(200);

    expect((await http().delete(`/teams/${teamId}/members/${email}`).set('Authorization', admin())).status).toBe(200);
    expect(await teamRoles(email, teamId)).toEqual([]);
    expect((await http().delete(`/auth/email/admin/users/${email}`).set('Authorization', admin())).status).toBe(200);
    const deleted = await http().delete(`/teams/${teamId}`).set('Authorization', admin());
    expect(deleted.status).toBe(200);
    expect((await http().get(`/teams/${teamId}`).set('Authorization', admin())).status).toBe(404);
  });

  it('an owner invitation makes the invitee owner (team_admin), who may then manage members', async () => {
    const team = await createTeam('Owner Invite');
    await createUser('co-owner@example.com');
    const inv = await invite(team.id, { email: 'CO-OWNER@example.com', role: 'owner' });
    expect(inv.status).toBe(201);
    expect(inv.body.email).toBe('co-owner@example.com');
    const res = await accept(inv.body.token, as('co-owner@example.com'));
    expect(res.status).toBe(200);
    expect(res.body.role).toBe('owner');
    expect(await teamRoles('co-owner@example.com', team.id)).toEqual(['team_admin']);
    await createUser('invited-by-owner@example.com');
    const second = await invite(team.id, { email: 'invited-by-owner@example.com' }, as('co-owner@example.com'));
    expect(second.status).toBe(201);
    expect(second.body).toEqual(expect.objectContaining({ role: 'member', invited_by: 'co-owner@example.com' }));
  });

  it('refuses to invite a member or someone already invited (409); needs teams.manage_members (403)', async () => {
    const team = await createTeam('Conflicts');
    await createUser('already@example.com');
    await createUser('pending@example.com');
    await http().post(`/teams/${team.id}/members`).set('Authorization', admin()).send({ email: 'already@example.com' }).expect(201);
    const member = await invite(team.id, { email: 'already@example.com', role: 'member' });
    expect(member.status).toBe(409);
    expect(member.body.detail).toContain('already a member');
    expect((await invite(team.id, { email: 'pending@example.com' })).status).toBe(201);
    const twice = await invite(team.id, { email: 'Pending@example.com', role: 'owner' });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toContain('active invitation');

    // A plain member (viewer) and a stranger may not invite; nor list invitations.
    for (const auth of [as('already@example.com'), as('pending@example.com')]) {
      const denied = await invite(team.id, { email: 'x@example.com' }, auth);
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual({ detail: 'Access denied' });
      expect((await http().get(`/teams/${team.id}/invitations`).set('Authorization', auth)).status).toBe(403);
    }
    expect((await invite(team.id, { email: 'x@example.com', role: 'admin' })).status).toBe(422);
    expect((await invite(team.id, { email: 'not-an-email' })).status).toBe(422);
    expect((await invite('missing-team', { email: 'x@example.com' })).status).toBe(404);
    expect((await http().post(`/teams/${team.id}/invitations`).send({ email: 'x@example.com' })).status).toBe(401);
  });

  it('lists open invitations without their tokens', async () => {
    const team = await createTeam('Listing');
    const a = await invite(team.id, { email: 'list-a@example.com' });
    await invite(team.id, { email: 'list-b@example.com', role: 'owner' });
    const list = await http().get(`/teams/${team.id}/invitations`).set('Authorization', admin());
    expect(list.status).toBe(200);
    expect(list.body.map((i: { email: string; role: string }) => [i.email, i.role])).toEqual([
      ['list-a@example.com', 'member'],
      ['list-b@example.com', 'owner'],
    ]);
    for (const inv of list.body) expect(inv.token).toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(a.body.token);
    expect(list.body[0]).toEqual(
      expect.objectContaining({ team_name: 'Listing', invited_by: ADMIN_EMAIL, is_active: true, is_expired: false }),
    );
  });

  it('only the invited email may accept (403); a token works once (404)', async () => {
    const team = await createTeam('Single Use');
    await createUser('invitee@example.com');
    await createUser('thief@example.com');
    const inv = await invite(team.id, { email: 'invitee@example.com' });
    const stolen = await accept(inv.body.token, as('thief@example.com'));
    expect(stolen.status).toBe(403);
    expect(stolen.body.detail).toEqual(expect.any(String));
    expect((await accept(inv.body.token, `Bearer ${MASTER_KEY}`)).status).toBe(403);
    expect(await teamRoles('thief@example.com', team.id)).toEqual([]);
    expect((await accept(inv.body.token, as('invitee@example.com'))).status).toBe(200);
    const again = await accept(inv.body.token, as('invitee@example.com'));
    expect(again.status).toBe(404);
    expect((await accept('not-a-real-token', as('invitee@example.com'))).status).toBe(404);
    expect((await http().post(`/teams/invitations/${inv.body.token}/accept`)).status).toBe(401);
    // Accepted invitations are no longer open.
    const list = await http().get(`/teams/${team.id}/invitations`).set('Authorization', admin());
    expect(list.body).toEqual([]);
  });

  it('an expired invitation answers 400 and no longer blocks a new one', async () => {
    const team = await createTeam('Expiry');
    await createUser('late@example.com');
    const inv = await invite(team.id, { email: 'late@example.com' });
    await db().query(
      `UPDATE team_invitations SET invited_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE id = $1`,
      [inv.body.id],
    );
    const listed = await http().get(`/teams/${team.id}/invitations`).set('Authorization', admin());
    expect(listed.body[0]).toEqual(expect.objectContaining({ id: inv.body.id, is_expired: true }));
    const res = await accept(inv.body.token, as('late@example.com'));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'Invitation has expired' });
    expect(await teamRoles('late@example.com', team.id)).toEqual([]);
    const fresh = await invite(team.id, { email: 'late@example.com' });
    expect(fresh.status).toBe(201);
    expect((await accept(fresh.body.token, as('late@example.com'))).status).toBe(200);
  });

  it('an invitation can be sent before the person registers', async () => {
    const team = await createTeam('Early Invite');
    const inv = await invite(team.id, { email: 'future@example.com' });
    expect(inv.status).toBe(201);
    // Unknown to us until the account exists: the token alone is not a login.
    expect((await accept(inv.body.token, as('future@example.com'))).status).toBe(401);
    await createUser('future@example.com');
    expect((await accept(inv.body.token, as('future@example.com'))).status).toBe(200);
  });

  it('revoking needs teams.manage_members in the invitation’s team; revoked tokens are dead (404)', async () => {
    const team = await createTeam('Revocation');
    const other = await createTeam('Elsewhere');
    await createUser('revoked@example.com');
    await createUser('other-owner@example.com');
    await http()
      .post(`/teams/${other.id}/members`)
      .set('Authorization', admin())
      .send({ email: 'other-owner@example.com', role: 'owner' })
      .expect(201);
    const inv = await invite(team.id, { email: 'revoked@example.com' });
    // An owner of another team holds teams.manage_members there, not here.
    const denied = await http().delete(`/teams/invitations/${inv.body.id}`).set('Authorization', as('other-owner@example.com'));
    expect(denied.status).toBe(403);
    expect((await http().delete(`/teams/invitations/${inv.body.id}`).set('Authorization', as('revoked@example.com'))).status).toBe(403);
    const revoked = await http().delete(`/teams/invitations/${inv.body.id}`).set('Authorization', admin());
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ success: true, message: 'Team invitation cancelled successfully' });
    expect((await accept(inv.body.token, as('revoked@example.com'))).status).toBe(404);
    expect((await http().delete(`/teams/invitations/${inv.body.id}`).set('Authorization', admin())).status).toBe(404);
    expect((await http().delete('/teams/invitations/00000000-0000-4000-8000-000000000000').set('Authorization', admin())).status).toBe(404);
    expect((await http().delete('/teams/invitations/garbage').set('Authorization', admin())).status).toBe(404);
  });

  it('personal teams take no invitations; a full team takes no more members on accept', async () => {
    await createUser('solo@example.com');
    const list = await http().get('/teams/').set('Authorization', as('solo@example.com'));
    const personal = list.body.teams.find((x: { is_personal: boolean }) => x.is_personal);
    expect((await invite(personal.id, { email: 'friend@example.com' }, as('solo@example.com'))).status).toBe(400);

    const tiny = (await http().post('/teams/').set('Authorization', admin()).send({ name: 'Tiny Invite', max_members: 1 }).expect(201))
      .body;
    await createUser('no-room@example.com');
    const inv = await invite(tiny.id, { email: 'no-room@example.com' });
    expect(inv.status).toBe(201);
    expect((await accept(inv.body.token, as('no-room@example.com'))).status).toBe(400);
    // The refused accept did not use the token up.
    expect((await http().get(`/teams/${tiny.id}/invitations`).set('Authorization', admin())).body).toHaveLength(1);
  });

  it('accepting when already a member is 409', async () => {
    const team = await createTeam('Already In', 'public');
    await createUser('eager@example.com');
    const inv = await invite(team.id, { email: 'eager@example.com' });
    // Joined meanwhile through a join request its owner approved.
    const asked = await http().post(`/teams/${team.id}/join`).set('Authorization', as('eager@example.com')).expect(200);
    await http().post(`/teams/${team.id}/join-requests/${asked.body.id}/approve`).set('Authorization', admin()).expect(200);
    expect((await accept(inv.body.token, as('eager@example.com'))).status).toBe(409);
  });
});
