import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { TeamEntity } from './entities/team.entity.js';
import { type MemberViewRow, type TeamFacts, toTeamResponse } from './contextforge-team.view.js';

/** The joins ContextForge's shapes need (emails instead of internal ids, member counts), one query per list. */
@Injectable()
export class ContextforgeTeamReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async teamViews(teams: TeamEntity[], manager?: EntityManager) {
    if (teams.length === 0) return [];
    const rows: { id: string; created_by: string | null; member_count: number }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT t.id, coalesce(u.email, u.user_id) AS created_by,
              (SELECT count(*)::int FROM team_members m WHERE m.team_id = t.id AND m.is_active) AS member_count
         FROM teams t LEFT JOIN users u ON u.id = t.created_by
        WHERE t.id = ANY($1)`,
      [teams.map((t) => t.id)],
    );
    const facts = new Map<string, TeamFacts>(rows.map((r) => [r.id, { createdBy: r.created_by, memberCount: r.member_count }]));
    return teams.map((team) => toTeamResponse(team, facts.get(team.id) ?? { createdBy: null, memberCount: 0 }));
  }

  async teamView(team: TeamEntity, manager?: EntityManager) {
    return (await this.teamViews([team], manager))[0];
  }

  /** Active memberships of a team (or of one user in it), oldest first. */
  members(teamId: string, manager?: EntityManager, userId?: string): Promise<MemberViewRow[]> {
    return (manager ?? this.dataSource.manager).query(
      `SELECT m.id, m.team_id, coalesce(u.email, u.user_id) AS user_email, m.role, m.joined_at,
              coalesce(inv.email, inv.user_id) AS invited_by, m.is_active
         FROM team_members m
         JOIN users u ON u.id = m.user_id
         LEFT JOIN users inv ON inv.id = m.invited_by
        WHERE m.team_id = $1 AND m.is_active AND ($2::uuid IS NULL OR m.user_id = $2::uuid)
        ORDER BY m.joined_at, u.user_id`,
      [teamId, userId ?? null],
    );
  }

  /** The email (or LiteLLM user_id) of a user, for `invited_by`. */
  async emailOf(userId: string | null, manager?: EntityManager): Promise<string | null> {
    if (!userId) return null;
    const rows: { label: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT coalesce(email, user_id) AS label FROM users WHERE id = $1`,
      [userId],
    );
    return rows[0]?.label ?? null;
  }
}
