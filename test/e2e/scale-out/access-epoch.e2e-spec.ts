import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ChangeFeed } from '../../../src/common/cache/change-feed.js';
import { litellm } from '../../support/litellm-client.js';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * Several instances share one database and cache permission snapshots: a change made anywhere must count on the
 * very next request everywhere. On Postgres a second application instance makes the changes; on the embedded
 * database (one process only) they are written with plain SQL, which this instance's code never sees either.
 */
describe('permission caches across instances', () => {
  let a: TestApp;
  let b: TestApp | null = null;
  let api: ReturnType<typeof litellm>;

  beforeAll(async () => {
    a = await startTestApp();
    api = litellm(a.http);
    if (a.databaseUrl.startsWith('postgres')) b = await startTestApp({ databaseUrl: a.databaseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await a.close();
  });

  /**
   * A change made through B reaches A's caches through A's own listener, within milliseconds of the commit but not
   * in lockstep with B's answer: wait until A has heard everything committed so far (a barrier of A's own).
   */
  async function aCaughtUp(): Promise<void> {
    expect(await a.app.get(ChangeFeed).barrier()).toBe(true);
  }

  /** Changes a team's member permissions as another instance would. */
  async function elsewhereSetMemberRoutes(teamId: string, routes: string[]): Promise<void> {
    if (b) {
      const res = await b
        .http()
        .post('/team/permissions_update')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .send({ team_id: teamId, team_member_permissions: routes });
      expect(res.status).toBe(200);
      await aCaughtUp();
    } else {
      await a.app.get(DataSource).query(`UPDATE teams SET member_permissions = $2 WHERE id = $1`, [teamId, JSON.stringify(routes)]);
    }
  }

  async function elsewhereRemoveMember(teamId: string, userId: string): Promise<void> {
    if (b) {
      const res = await b
        .http()
        .post('/team/member_delete')
        .set('Authorization', `Bearer ${MASTER_KEY}`)
        .send({ team_id: teamId, user_id: userId });
      expect(res.status).toBe(200);
      await aCaughtUp();
    } else {
      await a.app
        .get(DataSource)
        .query(`DELETE FROM team_members WHERE team_id = $1 AND user_id = (SELECT id FROM users WHERE user_id = $2)`, [teamId, userId]);
    }
  }

  it('an org admin demoted elsewhere, or a team moved out of its organization, counts on the next request here', async () => {
    const stamp = Date.now();
    const created = await api.post('/organization/new', MASTER_KEY, { organization_alias: `epoch_org_${stamp}` });
    expect(created.status).toBe(200);
    const organizationId = created.body.organization_id as string;
    const admin = await api.newUser({ user_id: `epoch_org_admin_${stamp}` });
    const added = await api.post('/organization/member_add', MASTER_KEY, {
      organization_id: organizationId,
      member: [{ user_id: `epoch_org_admin_${stamp}`, role: 'org_admin' }],
    });
    expect(added.status).toBe(200);
    const team = await api.newTeam({ organization_id: organizationId });
    const rename = () => api.post('/team/update', admin.key, { team_id: team.team_id, team_alias: `renamed_${Math.random()}` });
    expect((await rename()).status).toBe(200);
    expect((await rename()).status).toBe(200);

    // No route moves a team between organizations: written with SQL, which no instance's code sees.
    const db = a.app.get(DataSource);
    await db.query(`UPDATE teams SET organization_id = NULL WHERE id = $1`, [team.team_id]);
    expect((await rename()).status).toBe(403);
    await db.query(`UPDATE teams SET organization_id = $2 WHERE id = $1`, [team.team_id, organizationId]);
    expect((await rename()).status).toBe(200);

    const demote = { organization_id: organizationId, user_id: `epoch_org_admin_${stamp}`, role: 'internal_user' };
    if (b) {
      expect((await b.http().patch('/organization/member_update').set('Authorization', `Bearer ${MASTER_KEY}`).send(demote)).status).toBe(
        200,
      );
      await aCaughtUp();
    } else {
      await db.query(
        `UPDATE organization_members SET user_role = 'internal_user' WHERE organization_id = $1 AND user_id = (SELECT id FROM users WHERE user_id = $2)`,
        [organizationId, demote.user_id],
      );
    }
    expect((await rename()).status).toBe(403);
  });

  it('a member permission granted or withdrawn elsewhere counts on the next request here', async () => {
    const team = await api.newTeam({ team_member_permissions: ['/key/update'] });
    const user = await api.newUser({ user_id: `epoch_user_${Date.now()}`, team_id: team.team_id });
    const teamKey = await api.adminKey({ team_id: team.team_id });
    const update = () => api.post('/key/update', user.key, { key: teamKey.key, metadata: { n: Math.random() } });

    // Twice: the second answer comes from this instance's cached snapshot.
    expect((await update()).status).toBe(200);
    expect((await update()).status).toBe(200);

    await elsewhereSetMemberRoutes(team.team_id, ['/key/info']);
    const refused = await update();
    expect(refused.status).toBe(401);
    expect(refused.body.error.type).toBe('team_member_permission_error');

    await elsewhereSetMemberRoutes(team.team_id, ['/key/update']);
    expect((await update()).status).toBe(200);
  });

  it('a member removed elsewhere loses the team on the next request here', async () => {
    const team = await api.newTeam({ team_member_permissions: ['/key/info'] });
    const user = await api.newUser({ user_id: `epoch_gone_${Date.now()}`, team_id: team.team_id });
    const teamKey = await api.adminKey({ team_id: team.team_id });
    expect((await api.get(`/key/info?key=${teamKey.key}`, user.key)).status).toBe(200);
    expect((await api.get(`/key/info?key=${teamKey.key}`, user.key)).status).toBe(200);

    await elsewhereRemoveMember(team.team_id, user.user_id);
    expect((await api.get(`/key/info?key=${teamKey.key}`, user.key)).status).toBe(403);
  });

  // With the change feed listening, the epoch is not consulted: a change counts when it is announced (per entity,
  // see change-feed.e2e-spec.ts, which also covers the fallback to the epoch while the feed is down).
  it('serves repeated requests from the cache until the change is announced (the cache is really used)', async () => {
    const db = a.app.get(DataSource);
    const team = await api.newTeam({ team_member_permissions: ['/key/update'] });
    const user = await api.newUser({ user_id: `epoch_cached_${Date.now()}`, team_id: team.team_id });
    const teamKey = await api.adminKey({ team_id: team.team_id });
    const update = () => api.post('/key/update', user.key, { key: teamKey.key, metadata: { n: Math.random() } });
    expect((await update()).status).toBe(200);

    // Behind the engine's back: the row changes, but with triggers off the epoch does not.
    await db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE teams SET member_permissions = '["/key/info"]' WHERE id = $1`, [team.team_id]);
    });
    expect((await update()).status).toBe(200);

    await db.query(`UPDATE access_epoch SET value = value + 1`);
    await db.query(`SELECT pg_notify('portcullis_changes', $1)`, [`teams:${team.team_id}:`]);
    await aCaughtUp();
    expect((await update()).status).toBe(401);
  });

  it('every committed change to the rows the engine reads moves the epoch; other writes do not', async () => {
    const db = a.app.get(DataSource);
    const epoch = async () => (await db.query(`SELECT value::text AS value FROM access_epoch`))[0].value as string;
    const before = await epoch();
    const team = await api.newTeam({});
    const afterTeam = await epoch();
    expect(BigInt(afterTeam)).toBeGreaterThan(BigInt(before));

    // A key is not part of any snapshot: generating one leaves the epoch alone.
    await api.adminKey({ team_id: team.team_id });
    expect(await epoch()).toBe(afterTeam);

    // A rolled-back change never moves it.
    await db
      .transaction(async (tx) => {
        await tx.query(`UPDATE teams SET member_permissions = '["/key/list"]' WHERE id = $1`, [team.team_id]);
        await tx.query(`SET CONSTRAINTS ALL IMMEDIATE`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await epoch()).toBe(afterTeam);
  });
});
