import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

const PASSWORD = 'Changeme123!';
/** The database server of this run: each app started below points DATABASE_URL at its own database. */
const SERVER_URL = process.env.DATABASE_URL;

describe('ContextForge teams (/teams)', () => {
  let t: TestApp;
  const admin = () => `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;
  const as = (email: string) => `Bearer ${userToken(email)}`;

  beforeAll(async () => {
    t = await startTestApp();
    for (const email of ['owner@example.com', 'member@example.com', 'outsider@example.com', 'joiner@example.com']) {
      const res = await t.http().post('/auth/email/admin/users').set('Authorization', admin()).send({ email, password: PASSWORD });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const createTeam = async (body: object, auth = admin(), path = '/teams/') => {
    const res = await http().post(path).set('Authorization', auth).send(body);
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string };
  };
  /** A team whose owner is owner@example.com (added by the admin, who then leaves) and with member@example.com. */
  async function ownedTeam(name: string, visibility: 'private' | 'public' = 'private') {
    const team = await createTeam({ name, visibility });
    await http()
      .post(`/teams/${team.id}/members`)
      .set('Authorization', admin())
      .send({ email: 'owner@example.com', role: 'owner' })
      .expect(201);
    await http()
      .post(`/teams/${team.id}/members`)
      .set('Authorization', admin())
      .send({ email: 'member@example.com', role: 'member' })
      .expect(201);
    await http().delete(`/teams/${team.id}/leave`).set('Authorization', admin()).expect(200);
    return team;
  }
  async function teamRoles(email: string, teamId: string): Promise<string[]> {
    const rows: { name: string }[] = await t.app.get(DataSource).query(
      `SELECT r.name FROM role_assignments a JOIN roles r ON r.id = a.role_id JOIN users u ON u.id = a.user_id
        WHERE u.email = $1 AND a.is_active AND a.scope = 'team' AND a.scope_id = $2 ORDER BY r.name`,
      [email, teamId],
    );
    return rows.map((r) => r.name);
  }

  describe('create', () => {
    it('answers 201 with a TeamResponse; the creator becomes owner (team_admin)', async () => {
      const res = await http()
        .post('/teams/')
        .set('Authorization', admin())
        .send({ name: 'Platform Team', description: 'ours', visibility: 'private' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Platform Team',
        slug: 'platform-team',
        description: 'ours',
        created_by: ADMIN_EMAIL,
        is_personal: false,
        visibility: 'private',
        max_members: null,
        member_count: 1,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        is_active: true,
        // ContextForge's TeamCreateResponse: how each of `members` was resolved (none here).
        members_added: [],
        invitations_sent: [],
      });
      const members = await http().get(`/teams/${res.body.id}/members`).set('Authorization', admin());
      expect(members.body).toEqual([
        {
          id: expect.any(String),
          team_id: res.body.id,
          user_email: ADMIN_EMAIL,
          role: 'owner',
          joined_at: expect.any(String),
          invited_by: ADMIN_EMAIL,
          is_active: true,
        },
      ]);
      expect(await teamRoles(ADMIN_EMAIL, res.body.id)).toEqual(['team_admin']);
    });

    it('works without the trailing slash too, and refuses taken names (409)', async () => {
      const team = await createTeam({ name: 'No Slash', visibility: 'public', max_members: 10 }, admin(), '/teams');
      expect(team).toEqual(expect.objectContaining({ name: 'No Slash', visibility: 'public', max_members: 10 }));
      for (const name of ['No Slash', 'no slash', 'NO-SLASH']) {
        const dup = await http().post('/teams/').set('Authorization', admin()).send({ name });
        expect(dup.status).toBe(409);
        expect(dup.body.detail).toEqual(expect.any(String));
      }
    });

    it('any signed-in user may create a team and owns it; 401 anonymous; validates the body (422)', async () => {
      expect((await http().post('/teams/').send({ name: 'anon' })).status).toBe(401);
      const mine = await http().post('/teams/').set('Authorization', as('owner@example.com')).send({ name: 'Made By A User' });
      expect(mine.status).toBe(201);
      expect(mine.body).toEqual(expect.objectContaining({ name: 'Made By A User', created_by: 'owner@example.com', member_count: 1 }));
      expect(await teamRoles('owner@example.com', mine.body.id)).toEqual(['team_admin']);
      // The explain endpoint says the same as the route.
      const explained = await http()
        .post('/rbac/permissions/check')
        .set('Authorization', admin())
        .send({ user_email: 'owner@example.com', permission: 'teams.create' });
      expect(explained.body).toEqual(expect.objectContaining({ granted: true, granted_by: [{ source: 'team_creation' }] }));
      // LiteLLM's /team/new keeps its own rule: proxy admins (and org admins in their organization) only.
      const litellm = await http().post('/team/new').set('Authorization', as('owner@example.com')).send({ team_alias: 'not-mine' });
      expect(litellm.status).toBe(401);
      for (const body of [{}, { name: '' }, { name: 'x', visibility: 'team' }, { name: 'x', max_members: 0 }]) {
        expect({ body, status: (await http().post('/teams/').set('Authorization', admin()).send(body)).status }).toEqual({
          body,
          status: 422,
        });
      }
      // An unknown field is ignored, never applied: `owner` does not make someone else the owner.
      const ignored = await http()
        .post('/teams/')
        .set('Authorization', admin())
        .send({ name: 'Owner ignored', owner: 'owner@example.com' });
      expect(ignored.status).toBe(201);
      expect(ignored.body).not.toHaveProperty('owner');
      const members = await http().get(`/teams/${ignored.body.id}/members`).set('Authorization', admin());
      expect(members.body.map((m: { user_email: string }) => m.user_email)).not.toContain('owner@example.com');
    });
  });

  describe('create with members (ContextForge TeamCreateRequest.members)', () => {
    it('adds active users at once and invites other addresses, in the same transaction; the creator is skipped', async () => {
      const res = await http()
        .post('/teams/')
        .set('Authorization', as('owner@example.com'))
        .send({
          name: 'Seeded Team',
          members: [
            { email: 'Member@Example.com' },
            { email: 'joiner@example.com', role: 'owner' },
            { email: 'newcomer@example.com' },
            { email: 'owner@example.com', role: 'member' },
          ],
        });
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          name: 'Seeded Team',
          member_count: 3,
          members_added: [
            { email: 'member@example.com', role: 'member' },
            { email: 'joiner@example.com', role: 'owner' },
          ],
          invitations_sent: [
            { email: 'newcomer@example.com', role: 'member', invitation_id: expect.any(String), token: expect.any(String) },
          ],
        }),
      );
      const members = await http().get(`/teams/${res.body.id}/members`).set('Authorization', as('owner@example.com'));
      expect(members.body.map((m: { user_email: string; role: string }) => `${m.user_email}/${m.role}`).sort()).toEqual(
        ['joiner@example.com/owner', 'member@example.com/member', 'owner@example.com/owner'].sort(),
      );
      expect(await teamRoles('member@example.com', res.body.id)).toEqual(['viewer']);
      expect(await teamRoles('joiner@example.com', res.body.id)).toEqual(['team_admin']);
      const invitations = await http().get(`/teams/${res.body.id}/invitations`).set('Authorization', as('owner@example.com'));
      expect(invitations.body).toEqual([
        expect.objectContaining({ id: res.body.invitations_sent[0].invitation_id, email: 'newcomer@example.com', token: null }),
      ]);
    });

    it('refuses a repeated address or more members than max_members with a 400, creating nothing', async () => {
      const count = async () => ((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM teams`)) as { n: number }[])[0].n;
      const before = await count();
      const duplicate = await http()
        .post('/teams/')
        .set('Authorization', as('owner@example.com'))
        .send({ name: 'Never Made', members: [{ email: 'member@example.com' }, { email: 'MEMBER@example.com' }] });
      expect(duplicate.status).toBe(400);
      expect(duplicate.body).toEqual({ detail: 'members[1] (member@example.com): duplicate address, already listed at members[0]' });
      const tooMany = await http()
        .post('/teams/')
        .set('Authorization', as('owner@example.com'))
        .send({ name: 'Never Made', max_members: 2, members: [{ email: 'member@example.com' }, { email: 'joiner@example.com' }] });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body).toEqual({ detail: 'Team would start with 3 members, exceeding the maximum of 2' });
      for (const members of [[{ email: 'not-an-email' }], [{ email: 'member@example.com', role: 'admin' }], 'member@example.com', [42]]) {
        const res = await http().post('/teams/').set('Authorization', as('owner@example.com')).send({ name: 'Never Made', members });
        expect({ members, status: res.status }).toEqual({ members, status: 422 });
      }
      expect(await count()).toBe(before);
      // The name was never taken.
      expect((await http().post('/teams/').set('Authorization', as('owner@example.com')).send({ name: 'Never Made' })).status).toBe(201);
    });
  });

  describe('read', () => {
    it('lists the caller’s teams (personal included); admins see every non-personal team', async () => {
      const team = await ownedTeam('Listed Team');
      const other = await createTeam({ name: 'Someone Else' });
      const mine = await http().get('/teams/').set('Authorization', as('member@example.com'));
      expect(mine.status).toBe(200);
      const ids = mine.body.teams.map((x: { id: string }) => x.id);
      expect(ids).toContain(team.id);
      expect(ids).not.toContain(other.id);
      expect(mine.body.total).toBe(mine.body.teams.length);
      const personal = mine.body.teams.filter((x: { is_personal: boolean }) => x.is_personal);
      expect(personal).toHaveLength(1);
      expect(personal[0].created_by).toBe('member@example.com');

      const all = await http().get('/teams').set('Authorization', admin());
      const allIds = all.body.teams.map((x: { id: string }) => x.id);
      expect(allIds).toEqual(expect.arrayContaining([team.id, other.id]));
      // Other people's personal teams never show.
      expect(
        all.body.teams.filter((x: { is_personal: boolean; created_by: string }) => x.is_personal && x.created_by !== ADMIN_EMAIL),
      ).toEqual([]);
      const paged = await http().get('/teams/?skip=1&limit=1').set('Authorization', admin());
      expect(paged.body).toEqual({ teams: [all.body.teams[1]], total: all.body.total });
    });

    it('GET /teams/{id}: members, admins and (for public teams) anyone; others 404', async () => {
      const privateTeam = await ownedTeam('Private Read');
      const publicTeam = await ownedTeam('Public Read', 'public');
      expect((await http().get(`/teams/${privateTeam.id}`).set('Authorization', as('member@example.com'))).status).toBe(200);
      expect((await http().get(`/teams/${privateTeam.id}`).set('Authorization', admin())).status).toBe(200);
      const hidden = await http().get(`/teams/${privateTeam.id}`).set('Authorization', as('outsider@example.com'));
      expect(hidden.status).toBe(404);
      const shown = await http().get(`/teams/${publicTeam.id}`).set('Authorization', as('outsider@example.com'));
      expect(shown.status).toBe(200);
      expect(shown.body).toEqual(expect.objectContaining({ id: publicTeam.id, member_count: 2, created_by: ADMIN_EMAIL }));
      expect((await http().get('/teams/does-not-exist').set('Authorization', admin())).status).toBe(404);
      expect((await http().get(`/teams/${privateTeam.id}`)).status).toBe(401);
    });

    it('members are listed for members and admins only', async () => {
      const privateTeam = await ownedTeam('Private Members');
      const publicTeam = await ownedTeam('Public Members', 'public');
      const listed = await http().get(`/teams/${privateTeam.id}/members`).set('Authorization', as('member@example.com'));
      expect(listed.status).toBe(200);
      expect(listed.body.map((m: { user_email: string; role: string }) => [m.user_email, m.role])).toEqual([
        ['owner@example.com', 'owner'],
        ['member@example.com', 'member'],
      ]);
      expect((await http().get(`/teams/${privateTeam.id}/members`).set('Authorization', as('outsider@example.com'))).status).toBe(404);
      expect((await http().get(`/teams/${publicTeam.id}/members`).set('Authorization', as('outsider@example.com'))).status).toBe(403);
    });
  });

  describe('update and delete', () => {
    it('PUT needs teams.update in that team (owners), and keeps names unique', async () => {
      const team = await ownedTeam('Before Rename');
      await createTeam({ name: 'Taken Name' });
      const body = { name: 'After Rename', description: 'new', visibility: 'public', max_members: 5 };
      expect((await http().put(`/teams/${team.id}`).set('Authorization', as('member@example.com')).send(body)).status).toBe(403);
      expect((await http().put(`/teams/${team.id}`).set('Authorization', as('outsider@example.com')).send(body)).status).toBe(403);
      const ok = await http().put(`/teams/${team.id}`).set('Authorization', as('owner@example.com')).send(body);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual(
        expect.objectContaining({
          id: team.id,
          name: 'After Rename',
          slug: 'after-rename',
          description: 'new',
          visibility: 'public',
          max_members: 5,
        }),
      );
      expect(
        (await http().put(`/teams/${team.id}`).set('Authorization', as('owner@example.com')).send({ name: 'taken name' })).status,
      ).toBe(409);
      expect(
        (await http().put(`/teams/${team.id}`).set('Authorization', as('owner@example.com')).send({ visibility: 'secret' })).status,
      ).toBe(422);
      expect((await http().put('/teams/missing-team').set('Authorization', admin()).send({ name: 'x' })).status).toBe(404);
    });

    it('a personal team stays private and cannot be deleted', async () => {
      const list = await http().get('/teams/').set('Authorization', as('owner@example.com'));
      const personal = list.body.teams.find((x: { is_personal: boolean }) => x.is_personal);
      const put = await http().put(`/teams/${personal.id}`).set('Authorization', as('owner@example.com')).send({ visibility: 'public' });
      expect(put.status).toBe(400);
      const del = await http().delete(`/teams/${personal.id}`).set('Authorization', as('owner@example.com'));
      expect(del.status).toBe(400);
      expect(del.body).toEqual({ detail: 'Personal teams cannot be deleted' });
      // Nobody else even gets that far.
      expect((await http().delete(`/teams/${personal.id}`).set('Authorization', as('member@example.com'))).status).toBe(403);
    });

    it('DELETE needs teams.delete in that team; the team, its memberships and roles go', async () => {
      const team = await ownedTeam('Doomed');
      expect((await http().delete(`/teams/${team.id}`).set('Authorization', as('member@example.com'))).status).toBe(403);
      const res = await http().delete(`/teams/${team.id}`).set('Authorization', as('owner@example.com'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, message: 'Team deleted successfully' });
      expect((await http().get(`/teams/${team.id}`).set('Authorization', admin())).status).toBe(404);
      expect(await teamRoles('owner@example.com', team.id)).toEqual([]);
      expect((await http().delete(`/teams/${team.id}`).set('Authorization', admin())).status).toBe(404);
    });
  });

  describe('members', () => {
    it('add, change role and remove, with the team roles following; never the last owner', async () => {
      const team = await ownedTeam('Membership');
      const add = (auth: string, body: object) => http().post(`/teams/${team.id}/members`).set('Authorization', auth).send(body);
      expect((await add(as('member@example.com'), { email: 'joiner@example.com' })).status).toBe(403);
      expect((await add(as('outsider@example.com'), { email: 'joiner@example.com' })).status).toBe(403);
      const added = await add(as('owner@example.com'), { email: 'Joiner@example.com', role: 'member' });
      expect(added.status).toBe(201);
      expect(added.body).toEqual({
        id: expect.any(String),
        team_id: team.id,
        user_email: 'joiner@example.com',
        role: 'member',
        joined_at: expect.any(String),
        invited_by: 'owner@example.com',
        is_active: true,
      });
      expect(await teamRoles('joiner@example.com', team.id)).toEqual(['viewer']);
      expect((await add(as('owner@example.com'), { email: 'joiner@example.com' })).status).toBe(409);
      expect((await add(as('owner@example.com'), { email: 'unknown@example.com' })).status).toBe(404);
      expect((await add(as('owner@example.com'), { email: 'outsider@example.com', role: 'admin' })).status).toBe(422);

      const promote = await http()
        .put(`/teams/${team.id}/members/joiner@example.com`)
        .set('Authorization', as('owner@example.com'))
        .send({ role: 'owner' });
      expect(promote.status).toBe(200);
      expect(promote.body.role).toBe('owner');
      expect(await teamRoles('joiner@example.com', team.id)).toEqual(['team_admin']);
      // The new owner can now manage members.
      expect(
        (
          await http()
            .put(`/teams/${team.id}/members/owner@example.com`)
            .set('Authorization', as('joiner@example.com'))
            .send({ role: 'member' })
        ).status,
      ).toBe(200);
      // ...but not demote the last owner (themselves).
      const lastOwner = await http()
        .put(`/teams/${team.id}/members/joiner@example.com`)
        .set('Authorization', as('joiner@example.com'))
        .send({ role: 'member' });
      expect(lastOwner.status).toBe(400);
      expect(
        (await http().delete(`/teams/${team.id}/members/joiner@example.com`).set('Authorization', as('joiner@example.com'))).status,
      ).toBe(400);
      expect(
        (
          await http()
            .put(`/teams/${team.id}/members/outsider@example.com`)
            .set('Authorization', as('joiner@example.com'))
            .send({ role: 'owner' })
        ).status,
      ).toBe(404);

      const removed = await http().delete(`/teams/${team.id}/members/member@example.com`).set('Authorization', as('joiner@example.com'));
      expect(removed.status).toBe(200);
      expect(removed.body).toEqual({ success: true, message: 'Team member removed successfully' });
      expect(await teamRoles('member@example.com', team.id)).toEqual([]);
      expect((await http().get(`/teams/${team.id}`).set('Authorization', as('member@example.com'))).status).toBe(404);
      expect(
        (await http().delete(`/teams/${team.id}/members/member@example.com`).set('Authorization', as('joiner@example.com'))).status,
      ).toBe(404);
    });

    it('respects max_members and refuses members for personal teams', async () => {
      const team = await createTeam({ name: 'Tiny', max_members: 1 });
      const full = await http().post(`/teams/${team.id}/members`).set('Authorization', admin()).send({ email: 'joiner@example.com' });
      expect(full.status).toBe(400);
      const list = await http().get('/teams/').set('Authorization', as('owner@example.com'));
      const personal = list.body.teams.find((x: { is_personal: boolean }) => x.is_personal);
      expect(
        (
          await http()
            .post(`/teams/${personal.id}/members`)
            .set('Authorization', as('owner@example.com'))
            .send({ email: 'joiner@example.com' })
        ).status,
      ).toBe(400);
    });
  });

  describe('join and leave', () => {
    it('joining a public team files a request (see join-requests.e2e-spec.ts); once approved, the member may leave', async () => {
      const publicTeam = await ownedTeam('Open Door', 'public');
      const privateTeam = await ownedTeam('Closed Door');
      const asked = await http().post(`/teams/${publicTeam.id}/join`).set('Authorization', as('outsider@example.com'));
      expect(asked.status).toBe(200);
      expect(asked.body).toEqual(
        expect.objectContaining({ team_id: publicTeam.id, user_email: 'outsider@example.com', status: 'pending' }),
      );
      expect(await teamRoles('outsider@example.com', publicTeam.id)).toEqual([]);
      const approved = await http()
        .post(`/teams/${publicTeam.id}/join-requests/${asked.body.id}/approve`)
        .set('Authorization', as('owner@example.com'));
      expect(approved.status).toBe(200);
      expect(approved.body).toEqual(
        expect.objectContaining({ team_id: publicTeam.id, user_email: 'outsider@example.com', role: 'member' }),
      );
      expect(await teamRoles('outsider@example.com', publicTeam.id)).toEqual(['viewer']);
      expect((await http().post(`/teams/${publicTeam.id}/join`).set('Authorization', as('outsider@example.com'))).status).toBe(400);
      const closed = await http().post(`/teams/${privateTeam.id}/join`).set('Authorization', as('outsider@example.com'));
      expect(closed.status).toBe(403);
      expect((await http().post('/teams/nope/join').set('Authorization', as('outsider@example.com'))).status).toBe(404);

      const left = await http().delete(`/teams/${publicTeam.id}/leave`).set('Authorization', as('outsider@example.com'));
      expect(left.status).toBe(200);
      expect(await teamRoles('outsider@example.com', publicTeam.id)).toEqual([]);
      expect((await http().delete(`/teams/${publicTeam.id}/leave`).set('Authorization', as('outsider@example.com'))).status).toBe(404);
      // The last owner cannot leave, nor anyone their personal team.
      expect((await http().delete(`/teams/${publicTeam.id}/leave`).set('Authorization', as('owner@example.com'))).status).toBe(400);
      const list = await http().get('/teams/').set('Authorization', as('outsider@example.com'));
      const personal = list.body.teams.find((x: { is_personal: boolean }) => x.is_personal);
      expect((await http().delete(`/teams/${personal.id}/leave`).set('Authorization', as('outsider@example.com'))).status).toBe(400);
    });
  });

  describe('one model behind both surfaces', () => {
    it('a LiteLLM team shows on /teams/{id}, its admin/user members as owner/member', async () => {
      const created = await http()
        .post('/team/new')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .send({
          team_alias: 'litellm-made',
          members_with_roles: [
            { role: 'admin', user_id: 'owner@example.com' },
            { role: 'user', user_id: 'member@example.com' },
          ],
        });
      expect(created.status).toBe(200);
      const teamId = created.body.team_id;
      const team = await http().get(`/teams/${teamId}`).set('Authorization', as('member@example.com'));
      expect(team.status).toBe(200);
      expect(team.body).toEqual(
        expect.objectContaining({ id: teamId, name: 'litellm-made', is_personal: false, visibility: 'private', member_count: 2 }),
      );
      const members = await http().get(`/teams/${teamId}/members`).set('Authorization', as('member@example.com'));
      // Added in one transaction (same joined_at): compare without order.
      expect(members.body.map((m: { user_email: string; role: string }) => [m.user_email, m.role]).sort()).toEqual([
        ['member@example.com', 'member'],
        ['owner@example.com', 'owner'],
      ]);
      // The LiteLLM admin manages members on the ContextForge surface too.
      expect(
        (await http().post(`/teams/${teamId}/members`).set('Authorization', as('owner@example.com')).send({ email: 'joiner@example.com' }))
          .status,
      ).toBe(201);
      expect(
        (
          await http()
            .post(`/teams/${teamId}/members`)
            .set('Authorization', as('member@example.com'))
            .send({ email: 'outsider@example.com' })
        ).status,
      ).toBe(403);
    });

    it('a ContextForge team shows on /team/info, its owner/member as admin/user', async () => {
      const team = await ownedTeam('Both Ways');
      const info = await http().get(`/team/info?team_id=${team.id}`).set('Authorization', `Bearer ${MASTER_KEY}`);
      expect(info.status).toBe(200);
      expect(info.body.team_info.team_alias).toBe('Both Ways');
      expect(info.body.team_memberships.map((m: { user_id: string; role: string }) => [m.user_id, m.role])).toEqual([
        ['owner@example.com', 'admin'],
        ['member@example.com', 'user'],
      ]);
      const litellmList = await http().get('/team/list').set('Authorization', as('member@example.com'));
      expect(litellmList.status).toBe(200);
      expect(litellmList.body.map((x: { team_id: string }) => x.team_id)).toContain(team.id);
      // Deleting on the LiteLLM surface removes it from the ContextForge one.
      expect(
        (
          await http()
            .post('/team/delete')
            .set('Authorization', `Bearer ${MASTER_KEY}`)
            .send({ team_ids: [team.id] })
        ).status,
      ).toBe(200);
      expect((await http().get(`/teams/${team.id}`).set('Authorization', admin())).status).toBe(404);
    });
  });
});

describe('ContextForge teams with ALLOW_TEAM_CREATION=false', () => {
  let t: TestApp;
  const admin = () => `Bearer ${userToken(ADMIN_EMAIL, { isAdmin: true })}`;
  const as = (email: string) => `Bearer ${userToken(email)}`;

  beforeAll(async () => {
    if (SERVER_URL === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = SERVER_URL;
    t = await startTestApp({ env: { ALLOW_TEAM_CREATION: 'false' } });
    const res = await t
      .http()
      .post('/auth/email/admin/users')
      .set('Authorization', admin())
      .send({ email: 'user@example.com', password: PASSWORD });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    delete process.env.ALLOW_TEAM_CREATION;
    await t?.close();
  });

  it('refuses users (403, ContextForge words) while platform admins and the master key still create', async () => {
    const refused = await t.http().post('/teams/').set('Authorization', as('user@example.com')).send({ name: 'Not Allowed' });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ detail: 'Team creation is currently disabled' });
    const explained = await t
      .http()
      .post('/rbac/permissions/check')
      .set('Authorization', admin())
      .send({ user_email: 'user@example.com', permission: 'teams.create' });
    expect(explained.body).toEqual(expect.objectContaining({ granted: false, reason: 'TEAM_CREATION_DISABLED' }));
    expect((await t.http().post('/teams/').set('Authorization', admin()).send({ name: 'By The Admin' })).status).toBe(201);
    expect((await t.http().post('/teams/').set('Authorization', `Bearer ${MASTER_KEY}`).send({ name: 'By The Master Key' })).status).toBe(
      201,
    );
  });
});
