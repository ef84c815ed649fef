import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { UsersService } from '../users/users.service.js';
import type { MembershipRole } from './entities/team-member.entity.js';
import type { TeamEntity } from './entities/team.entity.js';
import { type MemberViewRow, type TeamFacts, toTeamResponse } from './contextforge-team.view.js';

/** The email, or the LiteLLM user_id of users without one. */
const labelOf = (user: { email: string | null; userId: string }): string => user.email ?? user.userId;

/**
 * The facts ContextForge's shapes need (emails instead of internal ids, member counts): one query on the teams
 * module's tables per list, and one question to the users module for the names.
 */
@Injectable()
export class ContextforgeTeamReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  async teamViews(teams: TeamEntity[], manager?: EntityManager) {
    if (teams.length === 0) return [];
    const db = manager ?? this.dataSource.manager;
    // Counted from the memberships alone: the team rows are already in hand (a team without members has no row here).
    const rows: { id: string; member_count: number }[] = await db.query(
      `SELECT m.team_id AS id, count(*)::int AS member_count
         FROM team_members m WHERE m.team_id = ANY($1) AND m.is_active GROUP BY m.team_id`,
      [teams.map((t) => t.id)],
    );
    const creators = await this.users.identities(
      teams.flatMap((t) => (t.createdBy ? [t.createdBy] : [])),
      manager,
    );
    const creatorLabel = new Map(creators.map((user) => [user.id, labelOf(user)]));
    const memberCount = new Map(rows.map((r) => [r.id, r.member_count]));
    const factsOf = (team: TeamEntity): TeamFacts => ({
      createdBy: (team.createdBy ? creatorLabel.get(team.createdBy) : undefined) ?? null,
      memberCount: memberCount.get(team.id) ?? 0,
    });
    return teams.map((team) => toTeamResponse(team, factsOf(team)));
  }

  async teamView(team: TeamEntity, manager?: EntityManager) {
    return (await this.teamViews([team], manager))[0];
  }

  /**
   * Active memberships of a team (or of one user in it), oldest first, then by the member's `user_id` in the
   * database's order (`joined_rank` keeps the timestamps' full precision for the merge).
   */
  async members(teamId: string, manager?: EntityManager, userId?: string): Promise<MemberViewRow[]> {
    const rows: {
      id: string;
      team_id: string;
      member_user_id: string;
      role: MembershipRole;
      joined_at: Date;
      invited_by_id: string | null;
      is_active: boolean;
      joined_rank: string;
    }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT m.id, m.team_id, m.user_id AS member_user_id, m.role, m.joined_at, m.invited_by AS invited_by_id, m.is_active,
              dense_rank() OVER (ORDER BY m.joined_at) AS joined_rank
         FROM team_members m
        WHERE m.team_id = $1 AND m.is_active AND ($2::uuid IS NULL OR m.user_id = $2::uuid)`,
      [teamId, userId ?? null],
    );
    const members = await this.users.identities(
      rows.map((r) => r.member_user_id),
      manager,
    );
    const rank = new Map(members.map((user, i) => [user.id, i]));
    const memberLabel = new Map(members.map((user) => [user.id, labelOf(user)]));
    const inviters = await this.users.identities(
      rows.flatMap((r) => (r.invited_by_id ? [r.invited_by_id] : [])),
      manager,
    );
    const inviterLabel = new Map(inviters.map((user) => [user.id, labelOf(user)]));
    return rows
      .filter((r) => memberLabel.has(r.member_user_id))
      .sort((a, b) => Number(a.joined_rank) - Number(b.joined_rank) || rank.get(a.member_user_id)! - rank.get(b.member_user_id)!)
      .map((r) => ({
        id: r.id,
        team_id: r.team_id,
        user_email: memberLabel.get(r.member_user_id)!,
        role: r.role,
        joined_at: r.joined_at,
        invited_by: (r.invited_by_id && inviterLabel.get(r.invited_by_id)) ?? null,
        is_active: r.is_active,
      }));
  }

  /** The email (or LiteLLM user_id) of a user, for `invited_by`. */
  async emailOf(userId: string | null, manager?: EntityManager): Promise<string | null> {
    if (!userId) return null;
    const [user] = await this.users.identities([userId], manager);
    return user ? labelOf(user) : null;
  }
}
