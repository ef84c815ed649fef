import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation } from '../../common/database/pg-errors.js';
import { badRequest, DomainError, ErrorCode, notFound } from '../../common/errors/domain-error.js';
import { RoleAssignmentsService } from '../rbac/role-assignments.service.js';
import { type MembershipRole, TeamMemberEntity } from '../teams/entities/team-member.entity.js';

/**
 * Who is in which team, and the team roles that follow from it. Every change runs in the caller's transaction
 * together with the role assignments it implies.
 */
@Injectable()
export class MembershipsService {
  constructor(private readonly assignments: RoleAssignmentsService) {}

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

  /** Members with their user ids and emails, oldest first. */
  listWithUsers(
    manager: EntityManager,
    teamId: string,
  ): Promise<
    {
      user_id: string;
      user_email: string | null;
      role: MembershipRole;
      id: string;
      member_id: string;
      joined_at: Date;
      invited_by: string | null;
      max_budget_in_team: number | null;
      spend: number;
    }[]
  > {
    return manager.query(
      `SELECT u.id, u.user_id, u.email AS user_email, m.role, m.id AS member_id, m.joined_at, m.invited_by,
              m.max_budget_in_team, m.spend
         FROM team_members m JOIN users u ON u.id = m.user_id
        WHERE m.team_id = $1 AND m.is_active ORDER BY m.joined_at, u.user_id`,
      [teamId],
    );
  }

  private async assertNotLastOwner(manager: EntityManager, member: TeamMemberEntity): Promise<void> {
    const [{ owners }] = await manager.query(
      `SELECT count(*)::int AS owners FROM team_members WHERE team_id = $1 AND role = 'owner' AND is_active`,
      [member.teamId],
    );
    if (owners <= 1) throw badRequest('Cannot remove or demote the last owner of a team');
  }
}
