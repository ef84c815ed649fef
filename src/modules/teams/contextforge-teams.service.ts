import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { slugify } from '../../common/database/slug.js';
import { badRequest, DomainError, ErrorCode, forbidden, notFound } from '../../common/errors/domain-error.js';
import { RolesService } from '../rbac/roles.service.js';
import type { UserEntity } from '../users/entities/user.entity.js';
import { MembershipsService } from './memberships.service.js';
import { UsersService } from '../users/users.service.js';
import { ContextforgeTeamReader } from './contextforge-team.reader.js';
import { toTeamMemberResponse } from './contextforge-team.view.js';
import type { CreateContextforgeTeamRequest } from './dto/create-contextforge-team.request.js';
import type { TeamListQuery } from './dto/team-list.query.js';
import type { UpdateContextforgeTeamRequest } from './dto/update-contextforge-team.request.js';
import type { TeamEntity } from './entities/team.entity.js';
import type { MembershipRole } from './entities/team-member.entity.js';
import { TeamsService } from './teams.service.js';

const DEFAULT_PAGE_SIZE = 50;

/**
 * ContextForge's team use cases over the shared TeamsService. The guard has checked the capability in the
 * team; this checks the specific team: who may see it (404 otherwise), personal-team and last-owner rules.
 */
@Injectable()
export class ContextforgeTeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly teams: TeamsService,
    private readonly memberships: MembershipsService,
    private readonly users: UsersService,
    private readonly roles: RolesService,
    private readonly reader: ContextforgeTeamReader,
  ) {}

  async create(principal: Principal, request: CreateContextforgeTeamRequest) {
    const team = await this.teams.create(
      principal,
      {
        name: request.name.trim(),
        slugFromName: true,
        description: request.description ?? null,
        visibility: request.visibility ?? 'private',
        maxMembers: request.max_members ?? null,
      },
      [],
    );
    return this.reader.teamView(team);
  }

  /**
   * `{teams, total}` (offset paging), or with `include_pagination` ContextForge's `{teams, nextCursor}`, whose
   * opaque cursor carries the next offset.
   */
  async list(principal: Principal, query: TeamListQuery) {
    const skip = query.cursor !== undefined ? decodeOffsetCursor(query.cursor) : (query.skip ?? 0);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const visible = await this.teams.listVisible(principal, { includeOwnPersonal: true });
    const teams = await this.reader.teamViews(visible.slice(skip, skip + limit));
    if (!query.include_pagination) return { teams, total: visible.length };
    return { teams, nextCursor: skip + limit < visible.length ? encodeOffsetCursor(skip + limit) : null };
  }

  /** The guard showed the team to the caller (the engine's team visibility rule). */
  async get(principal: Principal, teamId: string) {
    const team = await this.teams.get(teamId);
    return this.reader.teamView(team);
  }

  async update(teamId: string, request: UpdateContextforgeTeamRequest) {
    return this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      if (request.name !== undefined) {
        team.name = request.name.trim();
        // Personal teams keep their reserved slug; other names stay unique through the slug (409 on a clash).
        if (!team.isPersonal) team.slug = slugify(team.name);
      }
      if (request.description !== undefined) team.description = request.description;
      if (request.visibility !== undefined) {
        if (team.isPersonal && request.visibility !== 'private') throw badRequest('Personal teams are always private', 'visibility');
        team.visibility = request.visibility;
      }
      if (request.max_members !== undefined) team.maxMembers = request.max_members;
      return this.reader.teamView(await this.teams.save(tx, team), tx);
    });
  }

  async delete(teamId: string) {
    await this.teams.delete([teamId]);
    return { success: true, message: 'Team deleted successfully' };
  }

  /** The guard kept the roster to members and platform readers (the engine's `membersOnly` rule). */
  async members(teamId: string) {
    const team = await this.teams.get(teamId);
    return (await this.reader.members(team.id)).map(toTeamMemberResponse);
  }

  async addMember(principal: Principal, teamId: string, email: string, role: MembershipRole) {
    return this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      const user = await this.users.findByEmail(email, tx);
      if (!user) throw notFound(`User ${email.toLowerCase()}`);
      const member = await this.teams.addExistingUser(tx, team, user.id, role, principal.user?.id ?? null);
      return this.memberView(tx, team.id, member.userId);
    });
  }

  async updateMember(principal: Principal, teamId: string, email: string, role: MembershipRole) {
    return this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      const { member } = await this.requireMembership(tx, team, email);
      await this.memberships.changeRole(tx, member, role, principal.user?.id ?? null);
      return this.memberView(tx, team.id, member.userId);
    });
  }

  async removeMember(teamId: string, email: string) {
    await this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      const { member } = await this.requireMembership(tx, team, email);
      await this.memberships.remove(tx, member);
    });
    return { success: true, message: 'Team member removed successfully' };
  }

  /** Anyone may join a public team directly, as a member. */
  async join(principal: Principal, teamId: string) {
    const user = this.requireUser(principal);
    return this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      if (await this.memberships.find(tx, team.id, user.id)) {
        throw new DomainError(ErrorCode.ALREADY_MEMBER, 'You are already a member of this team');
      }
      await this.teams.addExistingUser(tx, team, user.id, 'member', null);
      return this.memberView(tx, team.id, user.id);
    });
  }

  async leave(principal: Principal, teamId: string) {
    const user = this.requireUser(principal);
    await this.dataSource.transaction(async (tx) => {
      const team = await this.teams.get(teamId, tx);
      const member = await this.memberships.find(tx, team.id, user.id);
      if (!member) throw notFound('Team membership');
      if (team.isPersonal) throw badRequest('You cannot leave your personal team');
      await this.memberships.remove(tx, member);
    });
    return { success: true, message: 'Left the team successfully' };
  }

  private async requireMembership(manager: EntityManager, team: TeamEntity, email: string) {
    const user: UserEntity | null = (await this.users.findByEmail(email, manager)) ?? (await this.users.findByUserId(email, manager));
    const member = user ? await this.memberships.find(manager, team.id, user.id) : null;
    if (!user || !member) throw notFound('Team member');
    return { user, member };
  }

  private async memberView(manager: EntityManager, teamId: string, userId: string) {
    const [row] = await this.reader.members(teamId, manager, userId);
    return toTeamMemberResponse(row);
  }

  private requireUser(principal: Principal) {
    if (!principal.user) throw forbidden('Only users can join or leave teams');
    return principal.user;
  }
}

const encodeOffsetCursor = (offset: number): string => Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');

function decodeOffsetCursor(cursor: string): number {
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest('Invalid cursor', 'cursor');
  return Number(match[1]);
}
