import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ADMIN_EMAIL, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const PASSWORD = 'Changeme123!';

/**
 * ContextForge join requests: `POST /teams/{id}/join` files a pending request for a public team; its owners list,
 * approve (the requester becomes a member) or reject it; the requester may withdraw it. Attackers first: a
 * request is only ever acted on through the team it belongs to, and only by those the engine allows.
 */
describe('ContextForge team join requests', () => {
  let t: TestApp;
  let db: DataSource;
  const admin = () => `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;
  const as = (email: string) => `Bearer ${userToken(email)}`;
  const http = () => t.http();
  let seq = 0;

  const USERS = ['owner-a', 'owner-b', 'member-a', 'requester', 'other', 'late'].map((name) => `${name}@example.com`);
  const [OWNER_A, OWNER_B, MEMBER_A, REQUESTER, OTHER, LATE] = USERS;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    for (const email of USERS) {
      const res = await http().post('/auth/email/admin/users').set('Authorization', admin()).send({ email, password: PASSWORD });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  /** A team owned by `owner` (the admin creates it, adds the owner and members, then leaves). */
  async function team(owner: string, visibility: 'public' | 'private' = 'public', members: string[] = []): Promise<string> {
    const created = await http()
      .post('/teams/')
      .set('Authorization', admin())
      .send({ name: `Team ${++seq}`, visibility });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (const [email, role] of [[owner, 'owner'], ...members.map((m) => [m, 'member'])]) {
      expect((await http().post(`/teams/${id}/members`).set('Authorization', admin()).send({ email, role })).status).toBe(201);
    }
    expect((await http().delete(`/teams/${id}/leave`).set('Authorization', admin())).status).toBe(200);
    return id;
  }
  const ask = (teamId: string, who: string, body?: object) => {
    const req = http().post(`/teams/${teamId}/join`).set('Authorization', as(who));
    return body ? req.send(body) : req;
  };
  async function pending(teamId: string, who: string, message?: string): Promise<string> {
    const res = await ask(teamId, who, message ? { message } : {});
    expect(res.status).toBe(200);
    return res.body.id as string;
  }
  const approve = (teamId: string, requestId: string, who: string) =>
    http().post(`/teams/${teamId}/join-requests/${requestId}/approve`).set('Authorization', as(who));
  const reject = (teamId: string, requestId: string, who: string) =>
    http().delete(`/teams/${teamId}/join-requests/${requestId}`).set('Authorization', as(who));
  const cancel = (teamId: string, requestId: string, auth: string) =>
    http().delete(`/teams/${teamId}/join-request/${requestId}`).set('Authorization', auth);
  const list = (teamId: string, who: string) => http().get(`/teams/${teamId}/join-requests`).set('Authorization', as(who));
  async function statusOf(requestId: string): Promise<string> {
    const [row]: { status: string }[] = await db.query(`SELECT status FROM team_join_requests WHERE id = $1`, [requestId]);
    return row.status;
  }
  async function isMember(teamId: string, email: string): Promise<boolean> {
    const rows = await db.query(
      `SELECT 1 FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 AND u.email = $2 AND m.is_active`,
      [teamId, email],
    );
    return rows.length > 0;
  }

  describe('attackers', () => {
    it("an owner of team A cannot approve or reject team B's request through A's path (404) nor through B's (403)", async () => {
      const teamA = await team(OWNER_A);
      const teamB = await team(OWNER_B);
      const requestOfB = await pending(teamB, REQUESTER);

      const viaA = await approve(teamA, requestOfB, OWNER_A);
      expect(viaA.status).toBe(404);
      expect(viaA.body).toEqual({ detail: 'Join request not found or already processed' });
      expect((await reject(teamA, requestOfB, OWNER_A)).status).toBe(404);
      expect((await approve(teamB, requestOfB, OWNER_A)).status).toBe(403);
      expect((await reject(teamB, requestOfB, OWNER_A)).status).toBe(403);
      // A platform admin may act in team B, but still not through A's path.
      expect((await http().post(`/teams/${teamA}/join-requests/${requestOfB}/approve`).set('Authorization', admin())).status).toBe(404);

      expect(await statusOf(requestOfB)).toBe('pending');
      expect(await isMember(teamB, REQUESTER)).toBe(false);
      expect(await isMember(teamA, REQUESTER)).toBe(false);
    });

    it('those who do not manage members neither list nor approve nor reject (403), unknown ids are 404', async () => {
      const teamA = await team(OWNER_A, 'public', [MEMBER_A]);
      const requestId = await pending(teamA, REQUESTER);
      for (const who of [MEMBER_A, OTHER, REQUESTER, OWNER_B]) {
        expect({ who, status: (await list(teamA, who)).status }).toEqual({ who, status: 403 });
        expect({ who, status: (await approve(teamA, requestId, who)).status }).toEqual({ who, status: 403 });
        expect({ who, status: (await reject(teamA, requestId, who)).status }).toEqual({ who, status: 403 });
      }
      expect((await http().get(`/teams/${teamA}/join-requests`)).status).toBe(401);
      expect((await approve(teamA, '00000000-0000-4000-8000-000000000000', OWNER_A)).status).toBe(404);
      expect((await approve(teamA, 'not-a-uuid', OWNER_A)).status).toBe(404);
      expect(await statusOf(requestId)).toBe('pending');
      expect(await isMember(teamA, REQUESTER)).toBe(false);
    });

    it('only the requester withdraws a request: anyone else, the owner and admins included, gets 404', async () => {
      const teamA = await team(OWNER_A);
      const teamB = await team(OWNER_B);
      const requestId = await pending(teamA, REQUESTER);
      for (const auth of [as(OTHER), as(OWNER_A), admin()]) {
        const res = await cancel(teamA, requestId, auth);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ detail: 'Join request not found' });
      }
      // Not through another team's path either.
      expect((await cancel(teamB, requestId, as(REQUESTER))).status).toBe(404);
      expect(await statusOf(requestId)).toBe('pending');

      const res = await cancel(teamA, requestId, as(REQUESTER));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, message: 'Join request cancelled successfully' });
      expect(await statusOf(requestId)).toBe('cancelled');
      expect((await list(teamA, OWNER_A)).body).toEqual([]);
      expect((await approve(teamA, requestId, OWNER_A)).status).toBe(404);
      expect((await cancel(teamA, requestId, as(REQUESTER))).status).toBe(404);
    });
  });

  describe('requests', () => {
    it('files a pending request (TeamJoinRequestResponse); a second one is 409; nobody joins yet', async () => {
      const teamA = await team(OWNER_A);
      const res = await ask(teamA, REQUESTER, { message: 'let me in' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: expect.any(String),
        team_id: teamA,
        team_name: expect.stringMatching(/^Team \d+$/),
        user_email: REQUESTER,
        message: 'let me in',
        status: 'pending',
        requested_at: expect.any(String),
        expires_at: expect.any(String),
      });
      const days = (Date.parse(res.body.expires_at) - Date.parse(res.body.requested_at)) / 86_400_000;
      expect(days).toBe(7);
      expect(await isMember(teamA, REQUESTER)).toBe(false);

      const again = await ask(teamA, REQUESTER);
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ detail: 'User already has a pending join request for this team' });
      // Without a body too.
      const bare = await ask(teamA, OTHER);
      expect(bare.status).toBe(200);
      expect(bare.body.message).toBeNull();
      const listed = await list(teamA, OWNER_A);
      expect(listed.status).toBe(200);
      expect(listed.body.map((r: { user_email: string; status: string }) => `${r.user_email}/${r.status}`)).toEqual([
        `${OTHER}/pending`,
        `${REQUESTER}/pending`,
      ]);
    });

    it('a member asking again is 400; private and personal teams are refused (403); unknown teams 404', async () => {
      const teamA = await team(OWNER_A, 'public', [MEMBER_A]);
      const member = await ask(teamA, MEMBER_A);
      expect(member.status).toBe(400);
      expect(member.body).toEqual({ detail: 'User is already a member of this team' });
      expect((await ask(teamA, OWNER_A)).status).toBe(400);

      const closed = await team(OWNER_A, 'private');
      const refused = await ask(closed, REQUESTER);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ detail: 'Can only request to join public teams' });
      const me = await http().get('/teams/').set('Authorization', as(OTHER));
      const personal = me.body.teams.find((x: { is_personal: boolean }) => x.is_personal);
      expect((await ask(personal.id, REQUESTER)).status).toBe(403);
      expect((await ask('no-such-team', REQUESTER)).status).toBe(404);
      expect((await ask(teamA, REQUESTER, { message: 42 })).status).toBe(422);
      const rows: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM team_join_requests WHERE team_id = ANY($1)`, [
        [teamA, closed, personal.id],
      ]);
      expect(rows[0].n).toBe(0);
    });

    it('approving makes the requester a member (viewer role), in one step with the status', async () => {
      const teamA = await team(OWNER_A);
      const requestId = await pending(teamA, REQUESTER);
      const res = await approve(teamA, requestId, OWNER_A);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: expect.any(String),
        team_id: teamA,
        user_email: REQUESTER,
        role: 'member',
        joined_at: expect.any(String),
        invited_by: OWNER_A,
        is_active: true,
      });
      expect(await statusOf(requestId)).toBe('approved');
      const roles: { name: string }[] = await db.query(
        `SELECT r.name FROM role_assignments a JOIN roles r ON r.id = a.role_id JOIN users u ON u.id = a.user_id
          WHERE u.email = $1 AND a.scope_id = $2 AND a.is_active`,
        [REQUESTER, teamA],
      );
      expect(roles.map((r) => r.name)).toEqual(['viewer']);
      expect((await list(teamA, OWNER_A)).body).toEqual([]);
      expect((await approve(teamA, requestId, OWNER_A)).status).toBe(404);
      // The new member sees the team; asking again is a 400.
      expect((await http().get(`/teams/${teamA}/members`).set('Authorization', as(REQUESTER))).status).toBe(200);
      expect((await ask(teamA, REQUESTER)).status).toBe(400);
    });

    it('a full team refuses the approval (400) and the request stays pending', async () => {
      const created = await http()
        .post('/teams/')
        .set('Authorization', as(OWNER_A))
        .send({ name: `Full ${++seq}`, visibility: 'public', max_members: 1 });
      expect(created.status).toBe(201);
      const requestId = await pending(created.body.id, REQUESTER);
      const res = await approve(created.body.id, requestId, OWNER_A);
      expect(res.status).toBe(400);
      expect(await statusOf(requestId)).toBe('pending');
      expect(await isMember(created.body.id, REQUESTER)).toBe(false);
    });

    it('rejecting closes the request without a membership; the user may ask again later', async () => {
      const teamA = await team(OWNER_A);
      const requestId = await pending(teamA, REQUESTER);
      const res = await reject(teamA, requestId, OWNER_A);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, message: 'Join request rejected successfully' });
      expect(await statusOf(requestId)).toBe('rejected');
      expect(await isMember(teamA, REQUESTER)).toBe(false);
      expect((await reject(teamA, requestId, OWNER_A)).status).toBe(404);
      const again = await pending(teamA, REQUESTER);
      expect(again).not.toBe(requestId);
    });

    it('an expired request cannot be approved (400, recorded as expired) and no longer blocks a new one', async () => {
      const teamA = await team(OWNER_A);
      const requestId = await pending(teamA, LATE);
      await db.query(
        `UPDATE team_join_requests SET requested_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE id = $1`,
        [requestId],
      );
      const res = await approve(teamA, requestId, OWNER_A);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ detail: 'Join request has expired' });
      expect(await statusOf(requestId)).toBe('expired');
      expect(await isMember(teamA, LATE)).toBe(false);
      expect((await pending(teamA, LATE)) !== requestId).toBe(true);
    });
  });

  describe('under concurrency', () => {
    it('two simultaneous requests leave one pending (the other 409); two simultaneous approvals add one member (the other 404)', async () => {
      const teamA = await team(OWNER_A);
      const asked = await Promise.all([ask(teamA, OTHER, {}), ask(teamA, OTHER, {})]);
      expect(asked.map((r) => r.status).sort()).toEqual([200, 409]);
      const requestId = asked.find((r) => r.status === 200)!.body.id as string;
      const approved = await Promise.all([approve(teamA, requestId, OWNER_A), approve(teamA, requestId, OWNER_A)]);
      expect(approved.map((r) => r.status).sort()).toEqual([200, 404]);
      const rows: { n: number }[] = await db.query(
        `SELECT count(*)::int AS n FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 AND u.email = $2`,
        [teamA, OTHER],
      );
      expect(rows[0].n).toBe(1);
    });
  });

  describe('discover', () => {
    it('lists public, non-personal teams the caller is not in (TeamDiscoveryResponse), with skip/limit', async () => {
      const open1 = await team(OWNER_B);
      const open2 = await team(OWNER_B);
      const mine = await team(OWNER_B, 'public', [OTHER]);
      const closed = await team(OWNER_B, 'private');
      const res = await http().get('/teams/discover').set('Authorization', as(OTHER));
      expect(res.status).toBe(200);
      const ids = res.body.map((x: { id: string }) => x.id);
      expect(ids).toEqual(expect.arrayContaining([open1, open2]));
      expect(ids).not.toContain(mine);
      expect(ids).not.toContain(closed);
      const personal: { id: string }[] = await db.query(`SELECT id FROM teams WHERE is_personal`);
      expect(ids.filter((id: string) => personal.some((p) => p.id === id))).toEqual([]);
      expect(res.body.find((x: { id: string }) => x.id === open1)).toEqual({
        id: open1,
        name: expect.any(String),
        description: null,
        member_count: 1,
        created_at: expect.any(String),
        is_joinable: true,
      });
      const page = await http().get('/teams/discover?skip=1&limit=1').set('Authorization', as(OTHER));
      expect(page.body).toEqual([res.body[1]]);
      expect((await http().get('/teams/discover?limit=0').set('Authorization', as(OTHER))).status).toBe(422);
      expect((await http().get('/teams/discover')).status).toBe(401);
    });
  });
});
