import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation } from '../../common/database/pg-errors.js';
import { badRequest, DomainError, ErrorCode, notFound } from '../../common/errors/domain-error.js';
import { RoleAssignmentsService } from '../rbac/role-assignments.service.js';
import { UsersService } from '../users/users.service.js';
import { type MembershipRole, TeamMemberEntity } from './entities/team-member.entity.js';

interface StoredMember {
  member_user_id: string;
  role: MembershipRole;
  member_id: string;
  joined_at: Date;
  invited_by: string | null;
  max_budget_in_team: number | null;
  spend: number;
  joined_rank: string;
}

export interface MemberWithUser {
  id: string;
  user_id: string;
  user_email: string | null;
  role: MembershipRole;
  member_id: string;
  joined_at: Date;
  invited_by: string | null;
  max_budget_in_team: number | null;
  spend: number;
}

/**
 * Who is in which team, and the team roles that follow from it. Every change runs in the caller's transaction
 * together with the role assignments it implies.
 */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly assignments: RoleAssignmentsService,
    private readonly users: UsersService,
  ) {}

  find(manager: EntityManager, teamId: string, userId: string): Promise<TeamMemberEntity | null> {
    return manager.getRepository(TeamMemberEntity).findOneBy({ teamId, userId, isActive: true });
  }

  async add(
    manager: EntityManager,
    input: { teamId: string; userId: string; role: MembershipRole; invitedBy?: string | null; maxBudgetInTeam?: number | null },
  ): Promise<TeamMemberEntity> {
    let member: TeamMemberEntity;
    try {
      member = await manager.transaction(async (tx) => {
        const saved = await tx.getRepository(TeamMemberEntity).save(
          tx.getRepository(TeamMemberEntity).create({
            teamId: input.teamId,
            userId: input.userId,
            role: input.role,
            invitedBy: input.invitedBy ?? null,
            maxBudgetInTeam: input.maxBudgetInTeam ?? null,
          }),
        );
        await this.assignments.syncMembershipRole(tx, input.userId, input.teamId, input.role, input.invitedBy ?? null);
        return saved;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_team_members_team_user')) {
        throw new DomainError(ErrorCode.ALREADY_MEMBER, `User is already a member of team=${input.teamId}`, { param: 'member' });
      }
      if (isForeignKeyViolation(error)) throw notFound(`Team ${input.teamId}`);
      throw error;
    }
    return member;
  }

  async changeRole(
    manager: EntityManager,
    member: TeamMemberEntity,
    role: MembershipRole,
    changedBy: string | null,
  ): Promise<TeamMemberEntity> {
    if (member.role === 'owner' && role !== 'owner') await this.assertNotLastOwner(manager, member);
    member.role = role;
    const saved = await manager.getRepository(TeamMemberEntity).save(member);
    await this.assignments.syncMembershipRole(manager, member.userId, member.teamId, role, changedBy);
    return saved;
  }

  async remove(manager: EntityManager, member: TeamMemberEntity): Promise<void> {
    if (member.role === 'owner') await this.assertNotLastOwner(manager, member);
    await manager.getRepository(TeamMemberEntity).delete({ id: member.id });
    await this.assignments.revokeAllInTeam(manager, member.userId, member.teamId);
  }

  /**
   * Members with their user ids and emails, oldest first (then by `user_id`). The users module names the users;
   * `joined_rank` keeps the database's own timestamp order (microseconds) for the merge.
   */
  async listWithUsers(manager: EntityManager, teamId: string): Promise<MemberWithUser[]> {
    const members: StoredMember[] = await manager.query(
      `SELECT m.user_id AS member_user_id, m.role, m.id AS member_id, m.joined_at, m.invited_by, m.max_budget_in_team, m.spend,
              dense_rank() OVER (ORDER BY m.joined_at) AS joined_rank
         FROM team_members m
        WHERE m.team_id = $1 AND m.is_active`,
      [teamId],
    );
    const users = await this.users.identities(
      members.map((m) => m.member_user_id),
      manager,
    );
    const rank = new Map(users.map((user, i) => [user.id, i]));
    const userOf = new Map(users.map((user) => [user.id, user]));
    return members
      .filter((m) => userOf.has(m.member_user_id))
      .sort((a, b) => Number(a.joined_rank) - Number(b.joined_rank) || rank.get(a.member_user_id)! - rank.get(b.member_user_id)!)
      .map((m) => {
        const user = userOf.get(m.member_user_id)!;
        return {
          id: user.id,
          user_id: user.userId,
          user_email: user.email,
          role: m.role,
          member_id: m.member_id,
          joined_at: m.joined_at,
          invited_by: m.invited_by,
          max_budget_in_team: m.max_budget_in_team,
          spend: m.spend,
        };
      });
  }

  /** Team ids the user belongs to (personal team excluded), for LiteLLM's `teams` field. */
  async teamIdsOf(userId: string, manager: EntityManager): Promise<string[]> {
    const rows: { team_id: string }[] = await manager.query(
      `SELECT m.team_id FROM team_members m JOIN teams t ON t.id = m.team_id
        WHERE m.user_id = $1 AND m.is_active AND NOT t.is_personal ORDER BY m.joined_at`,
      [userId],
    );
    return rows.map((r) => r.team_id);
  }

  private async assertNotLastOwner(manager: EntityManager, member: TeamMemberEntity): Promise<void> {
    const [{ owners }] = await manager.query(
      `SELECT count(*)::int AS owners FROM team_members WHERE team_id = $1 AND role = 'owner' AND is_active`,
      [member.teamId],
    );
    if (owners <= 1) throw badRequest('Cannot remove or demote the last owner of a team');
  }
}
