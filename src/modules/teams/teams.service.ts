import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { isUniqueViolation } from '../../common/database/pg-errors.js';
import { slugify } from '../../common/database/slug.js';
import { sha256Hex } from '../../common/crypto/secrets.js';
import { badRequest, conflict, notFound } from '../../common/errors/domain-error.js';
import { RolesService } from '../rbac/roles.service.js';
import { MembershipsService } from './memberships.service.js';
import { UsersService } from '../users/users.service.js';
import { TeamEntity, type TeamVisibility } from './entities/team.entity.js';
import type { MembershipRole, TeamMemberEntity } from './entities/team-member.entity.js';
import type { MemberRow } from './team-member.row.js';

export interface NewTeam {
  id?: string | null;
  name?: string | null;
  /** LiteLLM teams get a unique slug of their own; ContextForge names must be unique (409). */
  slugFromName: boolean;
  description?: string | null;
  visibility?: TeamVisibility;
  maxMembers?: number | null;
  memberPermissions?: string[] | null;
  models?: string[] | null;
  maxBudget?: number | null;
  budgetDuration?: string | null;
  tpmLimit?: number | null;
  rpmLimit?: number | null;
  metadata?: Record<string, unknown> | null;
  blocked?: boolean | null;
  /** LiteLLM: the organization it belongs to (already authorized and checked against its bounds). */
  organizationId?: string | null;
  modelAliases?: Record<string, unknown> | null;
  tags?: string[] | null;
  guardrails?: string[] | null;
  objectPermission?: Record<string, unknown> | null;
  teamMemberBudget?: number | null;
  teamMemberRpmLimit?: number | null;
  teamMemberTpmLimit?: number | null;
}

/**
 * A LiteLLM team's internal slug: its alias for readability, then a digest of the whole `team_id`. The id is unique,
 * so the slug is too; a prefix of the id was not (`litellm-dashboard` and `litellm_dashboard_<uuid>` share one).
 */
function litellmSlug(name: string | null | undefined, id: string): string {
  const digest = sha256Hex(id).slice(0, 24);
  return `${slugify(name ?? 'team').slice(0, 40)}-${digest}`;
}

export interface MemberRef {
  userId?: string | null;
  email?: string | null;
  role: MembershipRole;
  maxBudgetInTeam?: number | null;
}

/** Teams for both surfaces: one table, one membership model, one set of rules. */
@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly roles: RolesService,
  ) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(TeamEntity);
  }

  findById(teamId: string, manager?: EntityManager): Promise<TeamEntity | null> {
    return this.repo(manager).findOneBy({ id: teamId });
  }

  async get(teamId: string, manager?: EntityManager): Promise<TeamEntity> {
    const team = await this.repo(manager).findOneBy({ id: teamId });
    if (!team) throw notFound(`Team ${teamId}`);
    return team;
  }

  /**
   * Creates the team, its creator as owner (when the creator is a user), and the listed members, atomically.
   * `seed` runs last in the same transaction (ContextForge's members and invitations a team starts with).
   */
  async create(
    principal: Principal,
    input: NewTeam,
    members: MemberRef[],
    seed?: (tx: EntityManager, team: TeamEntity) => Promise<void>,
  ): Promise<TeamEntity> {
    return this.dataSource.transaction(async (tx) => {
      if (input.id && (await this.repo(tx).existsBy({ id: input.id }))) {
        throw badRequest(`Team id = ${input.id} already exists. Please use a different team id.`, 'team_id');
      }
      const id = input.id ?? crypto.randomUUID();
      const slug = input.slugFromName ? slugify(input.name ?? id) : litellmSlug(input.name, id);
      let team: TeamEntity;
      try {
        team = await this.repo(tx).save(
          this.repo(tx).create({
            id,
            name: input.name ?? null,
            slug,
            description: input.description ?? null,
            createdBy: principal.user?.id ?? null,
            visibility: input.visibility ?? 'private',
            maxMembers: input.maxMembers ?? null,
            memberPermissions: input.memberPermissions ?? [],
            models: input.models ?? [],
            maxBudget: input.maxBudget ?? null,
            budgetDuration: input.budgetDuration ?? null,
            tpmLimit: input.tpmLimit ?? null,
            rpmLimit: input.rpmLimit ?? null,
            metadata: input.metadata ?? {},
            blocked: input.blocked ?? false,
            organizationId: input.organizationId ?? null,
            modelAliases: input.modelAliases ?? {},
            tags: input.tags ?? [],
            guardrails: input.guardrails ?? [],
            objectPermission: input.objectPermission ?? null,
            teamMemberBudget: input.teamMemberBudget ?? null,
            teamMemberRpmLimit: input.teamMemberRpmLimit ?? null,
            teamMemberTpmLimit: input.teamMemberTpmLimit ?? null,
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error, 'uq_teams_slug')) throw conflict(`A team named "${input.name ?? id}" already exists`, 'name');
        if (isUniqueViolation(error, 'pk_teams')) throw badRequest(`Team id = ${id} already exists.`, 'team_id');
        throw error;
      }
      const creator = principal.user;
      if (creator) await this.memberships.add(tx, { teamId: team.id, userId: creator.id, role: 'owner', invitedBy: creator.id });
      for (const member of members) {
        if (creator && (member.userId === creator.userId || member.email === creator.email)) continue;
        await this.addMember(principal, tx, team.id, member);
      }
      if (seed) await seed(tx, team);
      return team;
    });
  }

  /** Adds a member, creating an unknown user on the way (LiteLLM does). */
  async addMember(principal: Principal, manager: EntityManager, teamId: string, member: MemberRef): Promise<MemberRow> {
    if (!member.userId && !member.email) throw badRequest('A member needs user_id or user_email', 'member');
    const user = await this.users.ensure(
      manager,
      { userId: member.userId, email: member.email },
      principal.user?.userId ?? 'default_user_id',
    );
    await this.assertHasRoom(manager, teamId);
    await this.memberships.add(manager, {
      teamId,
      userId: user.id,
      role: member.role,
      invitedBy: principal.user?.id ?? null,
      maxBudgetInTeam: member.maxBudgetInTeam,
    });
    return {
      user_id: user.userId,
      user_email: user.email,
      role: member.role,
      max_budget_in_team: member.maxBudgetInTeam ?? null,
      spend: 0,
    };
  }

  /**
   * Adds a user who already exists (ContextForge never creates users on the way): not to personal teams, not
   * beyond `max_members`; the membership's team role follows through MembershipsService.
   */
  async addExistingUser(
    manager: EntityManager,
    team: TeamEntity,
    userId: string,
    role: MembershipRole,
    invitedBy: string | null,
  ): Promise<TeamMemberEntity> {
    if (team.isPersonal) throw badRequest('Personal teams cannot have other members', 'team_id');
    await this.assertHasRoom(manager, team.id);
    return this.memberships.add(manager, { teamId: team.id, userId, role, invitedBy });
  }

  async membershipOf(manager: EntityManager, teamId: string, reference: { userId?: string | null; email?: string | null }) {
    const user =
      (reference.userId ? await this.users.findByUserIdOrEmail(reference.userId, manager) : null) ??
      (reference.email ? await this.users.findByEmail(reference.email, manager) : null);
    const member = user ? await this.memberships.find(manager, teamId, user.id) : null;
    if (!user || !member) throw badRequest(`User is not a member of team=${teamId}`, 'user_id');
    return { user, member };
  }

  members(teamId: string, manager?: EntityManager): Promise<MemberRow[]> {
    return this.memberships.listWithUsers(manager ?? this.dataSource.manager, teamId);
  }

  async save(manager: EntityManager, team: TeamEntity): Promise<TeamEntity> {
    try {
      return await this.repo(manager).save(team);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_teams_slug')) throw conflict(`A team named "${team.name ?? team.id}" already exists`, 'name');
      throw error;
    }
  }

  /** Deletes teams with their keys, memberships and team-scoped assignments (cascades). Personal teams stay. */
  async delete(teamIds: string[]): Promise<string[]> {
    return this.dataSource.transaction(async (tx) => {
      const teams = await this.repo(tx).findBy({ id: In(teamIds) });
      const missing = teamIds.filter((id) => !teams.some((t) => t.id === id));
      if (missing.length > 0) throw notFound(`Team ${missing.join(', ')}`);
      if (teams.some((t) => t.isPersonal)) throw badRequest('Personal teams cannot be deleted', 'team_ids');
      await this.repo(tx).delete({ id: In(teamIds) });
      return teamIds;
    });
  }

  /**
   * Non-personal teams the caller belongs to; platform admins (and auditors) see all of them. ContextForge
   * lists the caller's own personal team too (`includeOwnPersonal`); other people's personal teams never show.
   */
  async listVisible(principal: Principal, options: { includeOwnPersonal?: boolean } = {}): Promise<TeamEntity[]> {
    const seesAll = await this.roles.readsEverything(principal);
    const snapshot = await this.roles.snapshot(principal);
    const ownPersonal = options.includeOwnPersonal ? snapshot.personalTeamId : null;
    const order = { createdAt: 'ASC' as const, id: 'ASC' as const };
    if (seesAll) {
      return this.repo().find({ where: [{ isPersonal: false }, ...(ownPersonal ? [{ id: ownPersonal }] : [])], order });
    }
    const ids = [
      ...[...snapshot.memberships.values()].filter((m) => !m.isPersonal || m.teamId === ownPersonal).map((m) => m.teamId),
      // LiteLLM org admins see the teams of their organizations, as they manage them.
      ...(await this.roles.organizationAdminTeamIds(principal)),
    ];
    return ids.length ? this.repo().find({ where: { id: In(ids) }, order }) : [];
  }

  /**
   * Teams a user may join by themselves (LiteLLM `/team/available`): active, public, nobody's personal team, and not
   * one the caller is already in. Public is the same fact that lets a user join on ContextForge (`/teams/{id}/join`).
   */
  async listAvailable(principal: Principal): Promise<TeamEntity[]> {
    const snapshot = await this.roles.snapshot(principal);
    const teams = await this.repo().find({
      where: { isPersonal: false, isActive: true, visibility: 'public' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return teams.filter((team) => !snapshot.memberships.has(team.id));
  }

  /** These teams, in the order given (unknown ids are left out). */
  async findByIds(teamIds: string[], manager?: EntityManager): Promise<TeamEntity[]> {
    if (teamIds.length === 0) return [];
    const teams = await this.repo(manager).findBy({ id: In(teamIds) });
    const byId = new Map(teams.map((team) => [team.id, team]));
    return teamIds.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The rules `/team/member_add` applies (TeamsService.addMember), for LiteLLM's `/user/new` joining teams: the team
   * exists, is nobody's personal team, and has room under `max_members`.
   */
  async assertJoinable(tx: EntityManager, teamId: string): Promise<void> {
    const rows: { is_personal: boolean; max_members: number | null; members: number }[] = await tx.query(
      `SELECT t.is_personal, t.max_members,
              (SELECT count(*)::int FROM team_members m WHERE m.team_id = t.id AND m.is_active) AS members
         FROM teams t WHERE t.id = $1`,
      [teamId],
    );
    const team = rows[0];
    if (!team) throw notFound(`Team ${teamId}`);
    if (team.is_personal) throw badRequest('Personal teams cannot have other members', 'team_id');
    if (team.max_members !== null && team.members >= team.max_members) {
      throw badRequest(`Team ${teamId} is full (max_members=${team.max_members})`, 'team_id');
    }
  }

  /** Each user's personal team id (users without one are left out). */
  async personalTeamIdsOf(userIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    const teams = await this.repo(manager).find({ where: { createdBy: In([...new Set(userIds)]), isPersonal: true } });
    return new Map(teams.map((team) => [team.createdBy!, team.id]));
  }

  private async assertHasRoom(manager: EntityManager, teamId: string): Promise<void> {
    const team = await this.get(teamId, manager);
    if (team.maxMembers === null) return;
    const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM team_members WHERE team_id = $1 AND is_active`, [teamId]);
    if (count >= team.maxMembers) throw badRequest(`Team ${teamId} is full (max_members=${team.maxMembers})`, 'member');
  }
}
