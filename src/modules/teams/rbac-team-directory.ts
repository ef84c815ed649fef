import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type MembershipFacts, type RbacTeamDirectory, SubjectDirectory, type TeamFacts } from '../rbac/subject-directory.js';
import type { MembershipRole } from './entities/team-member.entity.js';

/** How the engine reads teams and memberships: registered with rbac, which sits below this module. */
@Injectable()
export class RbacTeamDirectoryProvider implements RbacTeamDirectory, OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: SubjectDirectory,
  ) {}

  onModuleInit(): void {
    this.directory.provideTeams(this);
  }

  /** The snapshot loader's membership read (hot path): one statement, as it always was. */
  async activeMemberships(userId: string): Promise<MembershipFacts[]> {
    const rows: { team_id: string; role: MembershipRole; is_personal: boolean; member_permissions: string[] }[] =
      await this.dataSource.query(
        `SELECT m.team_id, m.role, t.is_personal, t.member_permissions
           FROM team_members m JOIN teams t ON t.id = m.team_id
          WHERE m.user_id = $1 AND m.is_active AND t.is_active`,
        [userId],
      );
    return rows.map((row) => ({
      teamId: row.team_id,
      role: row.role,
      isPersonal: row.is_personal,
      memberPermissions: row.member_permissions,
    }));
  }

  async personalTeamOf(userId: string): Promise<string | null> {
    const [row]: { id: string }[] = await this.dataSource.query(`SELECT id FROM teams WHERE created_by = $1 AND is_personal`, [userId]);
    return row?.id ?? null;
  }

  async find(teamId: string): Promise<TeamFacts | null> {
    const [team]: { id: string; name: string | null; is_active: boolean; is_personal: boolean }[] = await this.dataSource.query(
      `SELECT id, name, is_active, is_personal FROM teams WHERE id = $1`,
      [teamId],
    );
    return team ? { id: team.id, name: team.name, isActive: team.is_active, isPersonal: team.is_personal } : null;
  }

  async namesOf(teamIds: string[]): Promise<Map<string, string | null>> {
    const rows: { id: string; name: string | null }[] = await this.dataSource.query(`SELECT id, name FROM teams WHERE id = ANY($1)`, [
      teamIds,
    ]);
    return new Map(rows.map((t) => [t.id, t.name]));
  }

  async teamsOfOrganizations(organizationIds: string[]): Promise<{ teamId: string; organizationId: string }[]> {
    const rows: { id: string; organization_id: string }[] = await this.dataSource.query(
      `SELECT id, organization_id FROM teams WHERE organization_id = ANY($1) AND is_active`,
      [organizationIds],
    );
    return rows.map((row) => ({ teamId: row.id, organizationId: row.organization_id }));
  }
}
