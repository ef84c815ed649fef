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
import { toTeamDiscoveryResponse, toTeamMemberResponse } from './contextforge-team.view.js';
import type { CreateContextforgeTeamRequest } from './dto/create-contextforge-team.request.js';
import type { TeamMemberSeedInput } from './dto/team-member-seed.input.js';
import type { TeamListQuery } from './dto/team-list.query.js';
import type { UpdateContextforgeTeamRequest } from './dto/update-contextforge-team.request.js';
import type { TeamEntity } from './entities/team.entity.js';
import type { MembershipRole } from './entities/team-member.entity.js';
import { TeamInvitationsService } from './team-invitations.service.js';
import { TeamsService } from './teams.service.js';
import { loadedTeamOf } from './team-scope.resolver.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';

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
    private readonly invitations: TeamInvitationsService,
  ) {}

  /**
   * ContextForge `POST /teams`: the team, the caller as its owner, and the `members` it starts with, in one
   * transaction (any failure leaves nothing). As upstream: an active user with that email becomes a member at once,
   * any other address gets an invitation; the creator's own address is skipped, a repeated one is a 400 naming
   * its row, and the creator plus the seeds must fit `max_members`. Answers `TeamCreateResponse`: the team plus
   * `members_added` and `invitations_sent` (ours: with each invitation's token, shown only here, as on invite).
   */
  async create(principal: Principal, request: CreateContextforgeTeamRequest) {
    const creator = principal.user ?? null;
    const seeds = normalizeSeeds(request.members ?? [], creator?.email ?? null);
    const maxMembers = request.max_members ?? null;
    if (maxMembers !== null && seeds.length + 1 > maxMembers) {
      throw badRequest(`Team would start with ${seeds.length + 1} members, exceeding the maximum of ${maxMembers}`, 'members');
    }
    const membersAdded: { email: string; role: MembershipRole }[] = [];
    const invitationsSent: { email: string; role: MembershipRole; invitation_id: string; token: string }[] = [];
    const team = await this.teams.create(
      principal,
      {
        name: request.name.trim(),
        slugFromName: true,
        description: request.description ?? null,
        visibility: request.visibility ?? 'private',
        maxMembers,
      },
      [],
      async (tx, created) => {
        for (const seed of seeds) {
          const user = await this.users.findByEmail(seed.email, tx);
          try {
            if (user?.isActive) {
              await this.teams.addExistingUser(tx, created, user.id, seed.role, creator?.id ?? null);
              membersAdded.push({ email: seed.email, role: seed.role });
            } else {
              const { invitation, token } = await this.invitations.inviteIn(tx, created, seed.email, seed.role, creator?.id ?? null);
              invitationsSent.push({ email: seed.email, role: seed.role, invitation_id: invitation.id, token });
            }
          } catch (error) {
            // Name the row the caller sent, as upstream does.
            if (error instanceof DomainError && error.code !== ErrorCode.INTERNAL) {
              throw badRequest(`members[${seed.index}] (${seed.email}): ${error.message}`, 'members');
            }
            throw error;
          }
        }
      },
    );
    return { ...(await this.reader.teamView(team)), members_added: membersAdded, invitations_sent: invitationsSent };
  }

  /** ContextForge `GET /teams/discover`: public teams (not personal ones) the caller is not in, offset paging. */
  async discover(principal: Principal, skip = 0, limit = DEFAULT_PAGE_SIZE) {
    const available = await this.teams.listAvailable(principal);
    return (await this.reader.teamViews(available.slice(skip, skip + limit))).map(toTeamDiscoveryResponse);
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

  /** The guard showed the team to the caller (the engine's team visibility rule), from the row it decided on. */
  async get(target: AuthorizedTarget) {
    const team = loadedTeamOf(target.resource) ?? (await this.teams.get(target.teamId!));
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

/** One row of `members`, lower-cased, with its index in the request (for messages). */
interface Seed {
  index: number;
  email: string;
  role: MembershipRole;
}

/** The creator's own address is skipped (they are the owner already); a repeated address is a 400 naming both rows. */
function normalizeSeeds(members: readonly TeamMemberSeedInput[], creatorEmail: string | null): Seed[] {
  const seen = new Map<string, number>();
  const seeds: Seed[] = [];
  members.forEach((member, index) => {
    const email = member.email.trim().toLowerCase();
    if (creatorEmail !== null && email === creatorEmail.toLowerCase()) return;
    const first = seen.get(email);
    if (first !== undefined) {
      throw badRequest(`members[${index}] (${email}): duplicate address, already listed at members[${first}]`, 'members');
    }
    seen.set(email, index);
    seeds.push({ index, email, role: member.role ?? 'member' });
  });
  return seeds;
}

const encodeOffsetCursor = (offset: number): string => Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');

function decodeOffsetCursor(cursor: string): number {
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badRequest('Invalid cursor', 'cursor');
  return Number(match[1]);
}
