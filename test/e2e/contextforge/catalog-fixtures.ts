import type supertest from 'supertest';
import { DataSource } from 'typeorm';
import { RoleAssignmentsService } from '../../../src/modules/rbac/role-assignments.service.js';
import { cachesCaughtUp } from '../../support/caches.js';
import { litellm } from '../../support/litellm-client.js';
import { ADMIN_EMAIL, MASTER_KEY, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/** Acting as one caller on the ContextForge surface. */
export interface Caller {
  email: string;
  token: string;
  post(path: string, body?: object): supertest.Test;
  get(path: string): supertest.Test;
  put(path: string, body?: object): supertest.Test;
  delete(path: string): supertest.Test;
}

export function callerWith(t: TestApp, email: string, token: string): Caller {
  const auth = (req: supertest.Test) => req.set('Authorization', `Bearer ${token}`).set('Accept', 'application/json');
  return {
    email,
    token,
    post: (path, body = {}) => auth(t.http().post(path)).send(body),
    get: (path) => auth(t.http().get(path)),
    put: (path, body = {}) => auth(t.http().put(path)).send(body),
    delete: (path) => auth(t.http().delete(path)),
  };
}

export interface World {
  alpha: string;
  beta: string;
  /** Member of alpha with the team-scoped `developer` role (as the seed sets it up). */
  dev: Caller;
  /** A second alpha developer: not the owner of dev's rows, but holds the permissions in alpha. */
  dev2: Caller;
  /** Member of alpha with `viewer` only. */
  viewer: Caller;
  /** Developer of beta, not in alpha. */
  outsider: Caller;
  admin: Caller;
  master: Caller;
  personalTeamOf(email: string): Promise<string>;
  /** Revoke a team role directly (as an admin would), to test what owners keep. */
  revokeTeamRole(email: string, role: string, teamId: string): Promise<void>;
  count(table: string): Promise<number>;
}

let counter = 0;

/** Two teams and the callers the suites act as; users, teams and roles made the way the seed's fixtures make them. */
export async function buildWorld(t: TestApp): Promise<World> {
  const api = litellm(t.http);
  const dataSource = t.app.get(DataSource);
  const assignments = t.app.get(RoleAssignmentsService);
  const suffix = `${process.pid}-${++counter}`;
  const alpha = (await api.newTeam({ team_alias: `alpha-${suffix}` })).team_id;
  const beta = (await api.newTeam({ team_alias: `beta-${suffix}` })).team_id;

  async function user(name: string, teams: [teamId: string, role: 'developer' | 'viewer'][]): Promise<Caller> {
    const email = `${name}-${suffix}@test.example.com`;
    await api.newUser({ user_id: email, user_email: email });
    const [{ id }] = await dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
    for (const [teamId, role] of teams) {
      const added = await api.post('/team/member_add', MASTER_KEY, { team_id: teamId, member: { role: 'user', user_email: email } });
      if (added.status !== 200) throw new Error(`member_add: ${added.status} ${added.text}`);
      await assignments.grantByName(dataSource.manager, id, role, 'team', teamId, 'test');
    }
    return callerWith(t, email, userToken(email, { tokenUse: 'session' }));
  }

  return {
    alpha,
    beta,
    dev: await user('dev', [[alpha, 'developer']]),
    dev2: await user('dev2', [[alpha, 'developer']]),
    viewer: await user('viewer', [[alpha, 'viewer']]),
    outsider: await user('outsider', [[beta, 'developer']]),
    admin: callerWith(t, ADMIN_EMAIL, userToken(ADMIN_EMAIL, { isAdmin: true })),
    master: callerWith(t, 'master', MASTER_KEY),
    async personalTeamOf(email: string) {
      const rows = await dataSource.query(
        `SELECT t.id FROM teams t JOIN users u ON u.id = t.created_by WHERE t.is_personal AND u.email = $1`,
        [email],
      );
      return rows[0].id as string;
    },
    async revokeTeamRole(email: string, role: string, teamId: string) {
      await dataSource.query(
        `UPDATE role_assignments a SET is_active = false, revoked_at = now()
           FROM roles r, users u
          WHERE r.id = a.role_id AND u.id = a.user_id AND r.name = $2 AND u.email = $1 AND a.scope_id = $3 AND a.is_active`,
        [email, role, teamId],
      );
      await cachesCaughtUp(t);
    },
    async count(table: string) {
      const rows = await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
      return rows[0].n as number;
    },
  };
}

/** A name no other test in the process uses. */
export const uniqueName = (prefix: string): string => `${prefix}-${Math.random().toString(16).slice(2, 10)}`;
