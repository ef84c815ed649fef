import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { badRequest, notFound } from '../../common/errors/domain-error.js';
import { KeysService } from '../keys/keys.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { MEMBER_ROUTES } from '../rbac/litellm-member-routes.js';
import { RolesService } from '../rbac/roles.service.js';
import { MembershipsService } from '../teams/memberships.service.js';
import type { MemberAddRequest } from './dto/member-add.request.js';
import type { MemberDeleteRequest } from './dto/member-delete.request.js';
import type { MemberUpdateRequest } from './dto/member-update.request.js';
import type { NewTeamRequest } from './dto/new-team.request.js';
import type { TeamMemberInput } from './dto/team-member.input.js';
import type { TeamListV2Query } from './dto/team-list-v2.query.js';
import type { UpdateTeamRequest } from './dto/update-team.request.js';
import type { TeamEntity } from '../teams/entities/team.entity.js';
import { toLitellmMembership, toLitellmTeam } from './litellm-team.view.js';
import { type MemberRef, TeamsService } from '../teams/teams.service.js';

const toMemberRef = (m: TeamMemberInput): MemberRef => ({
  userId: m.user_id,
  email: m.user_email,
  role: m.role === 'admin' ? 'owner' : 'member',
  maxBudgetInTeam: m.max_budget_in_team,
});

/** LiteLLM's team use cases, translated onto the shared TeamsService. */
@Injectable()
export class LitellmTeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly teams: TeamsService,
    private readonly memberships: MembershipsService,
    private readonly keys: KeysService,
    private readonly roles: RolesService,
    private readonly organizations: OrganizationsService,
  ) {}

  /** `organizationId`: the organization the guard authorized the create in (none: a team outside organizations). */
  async create(principal: Principal, request: NewTeamRequest, organizationId: string | null) {
    assertKnownMemberRoutes(request.team_member_permissions);
    // Named but not found: the guard had nothing to decide on, so nothing may happen.
    if (request.organization_id && !organizationId) throw notFound(`Organization ${request.organization_id}`);
    if (organizationId) {
      await this.organizations.assertTeamWithin(organizationId, { models: request.models, maxBudget: request.max_budget });
    }
    const team = await this.teams.create(
      principal,
      {
        id: request.team_id,
        name: request.team_alias,
        slugFromName: false,
        memberPermissions: request.team_member_permissions,
        models: request.models,
        maxBudget: request.max_budget,
        budgetDuration: request.budget_duration,
        tpmLimit: request.tpm_limit,
        rpmLimit: request.rpm_limit,
        metadata: request.metadata,
        blocked: request.blocked,
        organizationId,
        modelAliases: request.model_aliases,
        tags: request.tags,
        guardrails: request.guardrails,
        objectPermission: request.object_permission,
        teamMemberBudget: request.team_member_budget,
        teamMemberRpmLimit: request.team_member_rpm_limit,
        teamMemberTpmLimit: request.team_member_tpm_limit,
      },
      (request.members_with_roles ?? []).map(toMemberRef),
    );
    return this.view(team);
  }

  /** Members, the team's own keys and platform readers get here: the engine's team visibility rule. */
  async info(teamId: string) {
    const team = await this.teams.get(teamId);
    const members = await this.teams.members(teamId);
    return {
      team_id: team.id,
      team_info: toLitellmTeam(team, members),
      // Team members read this too: the key hashes (`token`, `token_id`) stay with the key's holder and admins.
      keys: (await this.keys.listForTeam(team.id)).map(({ token: _hash, token_id: _hashId, ...key }) => key),
      team_memberships: members.map((m) => toLitellmMembership(team.id, m)),
    };
  }

  async list(principal: Principal, userId?: string) {
    const teams = await this.teams.listVisible(principal);
    const views = await Promise.all(teams.map((team) => this.view(team)));
    return userId ? views.filter((team) => hasMember(team, userId)) : views;
  }

  /**
   * LiteLLM `/v2/team/list`: a page of the teams the caller may see (all for admins), filtered. Filters narrow
   * that set and never widen it: `user_id` names someone else's teams only where the caller sees them too.
   */
  async listPage(principal: Principal, query: TeamListV2Query) {
    const page = query.page ?? 1;
    const size = query.page_size ?? 10;
    let teams = await this.teams.listVisible(principal);
    if (query.team_id) teams = teams.filter((team) => team.id === query.team_id);
    if (query.team_alias) {
      const alias = query.team_alias.toLowerCase();
      teams = teams.filter((team) => team.name?.toLowerCase().includes(alias));
    }
    const views = await Promise.all(teams.map((team) => this.view(team)));
    const matching = query.user_id ? views.filter((team) => hasMember(team, query.user_id!)) : views;
    if (query.sort_by) {
      const field = query.sort_by;
      const direction = query.sort_order === 'desc' ? -1 : 1;
      matching.sort((a, b) => direction * compare(a[field], b[field]));
    }
    return {
      teams: matching.slice((page - 1) * size, page * size),
      total: matching.length,
      page,
      page_size: size,
      total_pages: Math.ceil(matching.length / size),
    };
  }

  /** Public teams the caller may join and is not in (see TeamsService.listAvailable); their members stay hidden. */
  async available(principal: Principal) {
    const teams = await this.teams.listAvailable(principal);
    return teams.map((team) => toLitellmTeam(team, []));
  }

  async update(principal: Principal, teamId: string, request: UpdateTeamRequest) {
    assertKnownMemberRoutes(request.team_member_permissions);
    return this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      if (team.organizationId) {
        await this.organizations.assertTeamWithin(team.organizationId, { models: request.models, maxBudget: request.max_budget }, tx);
      }
      if (raisesCeilings(team, request)) {
        // A team's block, budget, models and limits are set by whoever may block teams (proxy admins), not by the
        // team's own admins: otherwise they would lift what was imposed on them.
        await this.roles.require(principal, 'teams.update', { kind: 'global' }, { route: '/team/update' });
      }
      if (request.team_alias !== undefined) team.name = request.team_alias;
      if (request.team_member_permissions !== undefined) team.memberPermissions = request.team_member_permissions ?? [];
      if (request.models !== undefined) team.models = request.models ?? [];
      if (request.max_budget !== undefined) team.maxBudget = request.max_budget;
      if (request.budget_duration !== undefined) team.budgetDuration = request.budget_duration;
      if (request.tpm_limit !== undefined) team.tpmLimit = request.tpm_limit;
      if (request.rpm_limit !== undefined) team.rpmLimit = request.rpm_limit;
      if (request.metadata !== undefined) team.metadata = request.metadata ?? {};
      if (request.blocked !== undefined && request.blocked !== null) team.blocked = request.blocked;
      if (request.model_aliases !== undefined) team.modelAliases = request.model_aliases ?? {};
      if (request.tags !== undefined) team.tags = request.tags ?? [];
      if (request.guardrails !== undefined) team.guardrails = request.guardrails ?? [];
      if (request.object_permission !== undefined) team.objectPermission = request.object_permission;
      if (request.team_member_budget !== undefined) team.teamMemberBudget = request.team_member_budget;
      if (request.team_member_rpm_limit !== undefined) team.teamMemberRpmLimit = request.team_member_rpm_limit;
      if (request.team_member_tpm_limit !== undefined) team.teamMemberTpmLimit = request.team_member_tpm_limit;
      const saved = await this.teams.save(tx, team);
      return { team_id: saved.id, data: toLitellmTeam(saved, await this.teams.members(saved.id, tx)) };
    });
  }

  async delete(teamIds: string[]) {
    return { deleted_teams: await this.teams.delete(teamIds) };
  }

  async setBlocked(teamId: string, blocked: boolean) {
    return this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      team.blocked = blocked;
      return this.view(await this.teams.save(tx, team), tx);
    });
  }

  async addMembers(principal: Principal, teamId: string, request: MemberAddRequest) {
    return this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      // Every user is team admin of their personal team; it still never gets other members (as on ContextForge).
      if (team.isPersonal) throw badRequest('Personal teams cannot have other members', 'team_id');
      const updated = [];
      for (const member of request.member) {
        const ref = toMemberRef(member);
        ref.maxBudgetInTeam ??= request.max_budget_in_team ?? team.teamMemberBudget;
        updated.push(await this.teams.addMember(principal, tx, team.id, ref));
      }
      const members = await this.teams.members(team.id, tx);
      return {
        ...toLitellmTeam(team, members),
        updated_users: updated.map((m) => ({ user_id: m.user_id, user_email: m.user_email })),
        updated_team_memberships: updated.map((m) => toLitellmMembership(team.id, m)),
      };
    });
  }

  async deleteMember(teamId: string, request: MemberDeleteRequest) {
    return this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      const { member } = await this.teams.membershipOf(tx, team.id, { userId: request.user_id, email: request.user_email });
      await this.memberships.remove(tx, member);
      return toLitellmTeam(team, await this.teams.members(team.id, tx));
    });
  }

  async updateMember(principal: Principal, teamId: string, request: MemberUpdateRequest) {
    return this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      const { user, member } = await this.teams.membershipOf(tx, team.id, { userId: request.user_id, email: request.user_email });
      if (request.max_budget_in_team !== undefined) member.maxBudgetInTeam = request.max_budget_in_team;
      const role = request.role ? (request.role === 'admin' ? 'owner' : 'member') : member.role;
      const saved = await this.memberships.changeRole(tx, member, role, principal.user?.id ?? null);
      return {
        team_id: team.id,
        user_id: user.userId,
        user_email: user.email,
        role: request.role ?? (saved.role === 'owner' ? 'admin' : 'user'),
        max_budget_in_team: saved.maxBudgetInTeam,
      };
    });
  }

  /** For those who may change them (teams.update in the team: team admins and proxy admins). */
  async permissionsList(teamId: string) {
    const team = await this.teams.get(teamId);
    return {
      team_id: team.id,
      team_member_permissions: toLitellmTeam(team, []).team_member_permissions,
      all_available_permissions: MEMBER_ROUTES,
    };
  }

  async permissionsUpdate(teamId: string, routes: string[]) {
    assertKnownMemberRoutes(routes);
    return this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      team.memberPermissions = routes;
      return this.view(await this.teams.save(tx, team), tx);
    });
  }

  private async view(team: TeamEntity, manager?: Parameters<TeamsService['members']>[1]) {
    return toLitellmTeam(team, await this.teams.members(team.id, manager));
  }
}

/** LiteLLM names users by user_id or email. */
function hasMember(team: ReturnType<typeof toLitellmTeam>, userId: string): boolean {
  return team.members_with_roles.some((m) => m.user_id === userId || m.user_email === userId.toLowerCase());
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** LiteLLM refuses member permissions that name no key route with a 400. */
function assertKnownMemberRoutes(routes: readonly string[] | null | undefined): void {
  const unknown = (routes ?? []).filter((route) => !MEMBER_ROUTES.includes(route));
  if (unknown.length > 0) {
    throw badRequest(
      `Invalid team_member_permissions: ${unknown.join(', ')}. Allowed: ${MEMBER_ROUTES.join(', ')}`,
      'team_member_permissions',
    );
  }
}

/**
 * Whether an update would change what was imposed on the team: its block, its object permissions, or raise its budget,
 * models or limits, or drop a guardrail.
 */
function raisesCeilings(team: TeamEntity, request: UpdateTeamRequest): boolean {
  const raised = (current: number | null, next: number | null | undefined) =>
    next !== undefined && current !== null && (next === null || next > current);
  const widensModels =
    request.models !== undefined &&
    team.models.length > 0 &&
    ((request.models ?? []).length === 0 || (request.models ?? []).some((m) => !team.models.includes(m)));
  // What the team may reach (MCP servers, vector stores, agents) and the guardrails on it are imposed the same way.
  const changesObjectPermission =
    request.object_permission !== undefined && JSON.stringify(request.object_permission) !== JSON.stringify(team.objectPermission);
  const dropsGuardrails = request.guardrails !== undefined && team.guardrails.some((g) => !(request.guardrails ?? []).includes(g));
  return (
    changesObjectPermission ||
    dropsGuardrails ||
    (request.blocked !== undefined && request.blocked !== null && request.blocked !== team.blocked) ||
    raised(team.maxBudget, request.max_budget) ||
    raised(team.tpmLimit, request.tpm_limit) ||
    raised(team.rpmLimit, request.rpm_limit) ||
    widensModels
  );
}
