import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { badRequest, conflict, forbidden, notFound } from '../../common/errors/domain-error.js';
import { KeysService } from '../keys/keys.service.js';
import { RolesService } from '../rbac/roles.service.js';
import type { NewUserRequest } from './dto/new-user.request.js';
import type { NewUserTeamInput } from './dto/new-user-team.input.js';
import type { UpdateUserRequest } from './dto/update-user.request.js';
import type { UserListQuery } from './dto/user-list.query.js';
import { toLitellmTeam } from './litellm-team.view.js';
import { toLitellmUser } from './litellm-user.view.js';
import { assertMayTouchAdminStanding, grantsAdmin, isAdminAccount } from '../users/admin-standing.js';
import { MembershipsService } from '../teams/memberships.service.js';
import { TeamsService } from '../teams/teams.service.js';
import { UsersService } from '../users/users.service.js';

const actorOf = (principal: Principal): string => principal.user?.userId ?? 'default_user_id';

/** The LiteLLM user use cases: create (with teams and a first key), read, update, delete. */
@Injectable()
export class LitellmUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly teams: TeamsService,
    private readonly keys: KeysService,
    private readonly roles: RolesService,
  ) {}

  async create(principal: Principal, request: NewUserRequest) {
    const role = request.user_role ?? 'internal_user';
    if (grantsAdmin(role)) await assertMayTouchAdminStanding(this.roles, principal, 'create proxy_admin users');
    await this.assertMaySetSpend(principal, request.spend);
    const joins = new Map<string, NewUserTeamInput>();
    if (request.team_id) joins.set(request.team_id, { team_id: request.team_id });
    for (const team of request.teams ?? []) if (!joins.has(team.team_id)) joins.set(team.team_id, team);
    for (const teamId of joins.keys()) {
      // The creator gets the new user's key back: putting that user into a team (as admin, or at all) needs the
      // right to add members there, or users.create alone would open every team.
      await this.roles.require(principal, 'teams.manage_members', { kind: 'team', teamId }, { route: '/user/new' });
    }
    return this.dataSource.transaction(async (tx) => {
      // user_id and email name users interchangeably (findByUserIdOrEmail): a user_id that is someone else's
      // email would make that name point at two people.
      if (request.user_id?.includes('@') && (await this.users.findByEmail(request.user_id, tx))) {
        throw conflict(`User with email=${request.user_id.toLowerCase()} already exists`, 'user_id');
      }
      const user = await this.users.create(
        tx,
        {
          userId: request.user_id,
          email: request.user_email,
          userAlias: request.user_alias,
          userRole: role,
          maxBudget: request.max_budget,
          budgetDuration: request.budget_duration,
          models: request.models ?? [],
          metadata: request.metadata ?? {},
          tpmLimit: request.tpm_limit,
          rpmLimit: request.rpm_limit,
          aliases: request.aliases ?? {},
          config: request.config ?? {},
          spend: request.spend ?? 0,
        },
        actorOf(principal),
      );
      const teamIds = [...joins.keys()];
      for (const join of joins.values()) {
        await this.teams.assertJoinable(tx, join.team_id);
        await this.memberships.add(tx, {
          teamId: join.team_id,
          userId: user.id,
          role: join.user_role === 'admin' ? 'owner' : 'member',
          invitedBy: principal.user?.id ?? null,
          maxBudgetInTeam: join.max_budget_in_team,
        });
      }
      const key =
        request.auto_create_key === false
          ? null
          : await this.keys.generate(
              principal,
              null,
              { user_id: user.userId, key_alias: request.key_alias, duration: request.duration, models: request.models },
              tx,
            );
      return {
        ...toLitellmUser(user, teamIds),
        key: key?.key ?? null,
        token: key?.token ?? null,
        key_alias: key?.key_alias ?? null,
        expires: key?.expires ?? null,
      };
    });
  }

  /**
   * The user the guard authorized (`userUuid`: null when the named user does not exist); `teams` as team objects,
   * `user_info.teams` as ids, as LiteLLM answers.
   */
  async info(userUuid: string | null, requestedUserId: string | undefined) {
    if (!userUuid) {
      if (!requestedUserId) throw badRequest('Pass ?user_id= (the master key is not a user)', 'user_id');
      throw notFound(`User ${requestedUserId}`);
    }
    const user = await this.users.findById(userUuid);
    if (!user) throw notFound(`User ${requestedUserId ?? userUuid}`);
    const teamIds = await this.memberships.teamIdsOf(user.id, this.dataSource.manager);
    const teams = await this.teams.findByIds(teamIds);
    return {
      user_id: user.userId,
      user_info: toLitellmUser(user, teamIds),
      keys: await this.keys.listForUser(user.id),
      teams: await Promise.all(teams.map(async (team) => toLitellmTeam(team, await this.teams.members(team.id)))),
    };
  }

  async list(query: UserListQuery) {
    const page = query.page ?? 1;
    const size = query.page_size ?? 25;
    const named = query.user_ids
      ?.split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const inTeam = query.team ? (await this.teams.members(query.team)).map((m) => m.user_id) : undefined;
    const userIds = named && inTeam ? named.filter((id) => inTeam.includes(id)) : (named ?? inTeam);
    const { users, total } = await this.users.list({
      page,
      size,
      role: query.role,
      userIds,
      emailContains: query.user_email,
      sortBy: query.sort_by,
      sortOrder: query.sort_order,
    });
    return {
      users: await Promise.all(users.map(async (u) => toLitellmUser(u, await this.memberships.teamIdsOf(u.id, this.dataSource.manager)))),
      total,
      page,
      page_size: size,
      total_pages: Math.ceil(total / size),
    };
  }

  async update(principal: Principal, request: UpdateUserRequest) {
    const reference = request.user_id ?? request.user_email;
    if (!reference) throw badRequest('Pass user_id or user_email', 'user_id');
    return this.dataSource.transaction(async (tx) => {
      const user = await this.users.findByUserIdOrEmail(reference, tx);
      if (!user) throw notFound(`User ${reference}`);
      if (request.password !== undefined && request.password !== null) {
        // Passwords are credentials with their own rules (strength, lockout, ending sessions): one place sets them.
        throw badRequest('password cannot be set via /user/update; use the ContextForge admin user routes', 'password');
      }
      await this.assertMaySetSpend(principal, request.spend);
      if (isAdminAccount(user) || grantsAdmin(request.user_role)) {
        await assertMayTouchAdminStanding(this.roles, principal, 'change proxy admins or grant proxy_admin roles');
      }
      if (request.user_role !== undefined && request.user_role !== user.userRole) {
        // A role is a grant: it changes through the role-management right, never through users.update alone.
        await this.roles.require(principal, 'admin.user_management', { kind: 'global' }, { route: '/user/update' });
      }
      if (request.user_id && request.user_email && request.user_email.toLowerCase() !== user.email) {
        user.email = request.user_email.toLowerCase();
        // Tokens name the user by email too (`sub`): a rename ends them, so changing it back cannot revive them.
        await this.users.endSessions(tx, user.id);
      }
      if (request.user_alias !== undefined) user.userAlias = request.user_alias;
      if (request.max_budget !== undefined) user.maxBudget = request.max_budget;
      if (request.budget_duration !== undefined) user.budgetDuration = request.budget_duration;
      if (request.models !== undefined) user.models = request.models ?? [];
      if (request.tpm_limit !== undefined) user.tpmLimit = request.tpm_limit;
      if (request.rpm_limit !== undefined) user.rpmLimit = request.rpm_limit;
      if (request.metadata !== undefined) user.metadata = request.metadata ?? {};
      if (request.aliases !== undefined) user.aliases = request.aliases ?? {};
      if (request.config !== undefined) user.config = request.config ?? {};
      if (request.spend !== undefined && request.spend !== null) user.spend = request.spend;
      if (request.user_role) await this.users.applyRole(tx, user, request.user_role, actorOf(principal));
      const saved = await this.users.save(tx, user);
      return { user_id: saved.userId, data: toLitellmUser(saved, await this.memberships.teamIdsOf(saved.id, tx)) };
    });
  }

  /** LiteLLM: "Only proxy admins can set spend" (403): spend is what budgets are checked against. */
  private async assertMaySetSpend(principal: Principal, spend: number | null | undefined): Promise<void> {
    if (spend === undefined || spend === null) return;
    if (!(await this.roles.isPlatformAdmin(principal))) throw forbidden('Only proxy admins can set spend');
  }

  async delete(principal: Principal, userIds: string[]) {
    return this.dataSource.transaction(async (tx) => {
      const deleted: string[] = [];
      for (const reference of userIds) {
        const user = await this.users.findByUserIdOrEmail(reference, tx);
        if (!user) throw notFound(`User ${reference}`);
        if (user.id === principal.user?.id) throw badRequest('You cannot delete yourself', 'user_ids');
        if (isAdminAccount(user)) await assertMayTouchAdminStanding(this.roles, principal, 'delete proxy admins');
        await this.users.delete(tx, user);
        deleted.push(user.userId);
      }
      return { deleted_users: deleted };
    });
  }
}
