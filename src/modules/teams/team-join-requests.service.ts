import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { isUniqueViolation } from '../../common/database/pg-errors.js';
import { badRequest, conflict, DomainError, ErrorCode, forbidden } from '../../common/errors/domain-error.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import { UsersService } from '../users/users.service.js';
import { ContextforgeTeamReader } from './contextforge-team.reader.js';
import { toJoinRequestResponse, toTeamMemberResponse } from './contextforge-team.view.js';
import { TeamJoinRequestEntity } from './entities/team-join-request.entity.js';
import { MembershipsService } from './memberships.service.js';
import { isUuid } from './team-invitations.service.js';
import { TeamsService } from './teams.service.js';

/** How long a join request waits for an owner (ContextForge: 7 days). */
export const JOIN_REQUEST_LIFETIME_DAYS = 7;

/**
 * ContextForge's join requests: a user asks to join a public team, an owner approves (the user becomes a
 * `member`, in the same transaction as the status change) or rejects, the requester may cancel. Who may do each
 * is decided by the guard and the engine; the rows acted on are exactly the ones the guard authorized.
 */
@Injectable()
export class TeamJoinRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly teams: TeamsService,
    private readonly memberships: MembershipsService,
    private readonly users: UsersService,
    private readonly reader: ContextforgeTeamReader,
  ) {}

  private repo(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(TeamJoinRequestEntity);
  }

  /** The request `requestId` if it belongs to `teamId` (for the guard's resolvers); null otherwise. */
  async findInTeam(teamId: string, requestId: string): Promise<{ id: string; teamId: string; userId: string } | null> {
    if (!isUuid(requestId)) return null;
    const request = await this.repo().findOneBy({ id: requestId, teamId });
    return request ? { id: request.id, teamId: request.teamId, userId: request.userId } : null;
  }

  /** Files a pending request; the guard let only public teams through (the engine's `joinable`). */
  async request(principal: Principal, teamId: string, message: string | null, now: Date = new Date()) {
    const user = principal.user;
    if (!user) throw forbidden('Only users can ask to join a team');
    try {
      return await this.dataSource.transaction(async (tx) => {
        const team = await this.teams.get(teamId, tx);
        if (await this.memberships.find(tx, team.id, user.id)) throw badRequest('User is already a member of this team');
        // A request past its expiry no longer blocks a new one.
        await tx.query(
          `UPDATE team_join_requests SET status = 'expired'
            WHERE team_id = $1 AND user_id = $2 AND status = 'pending' AND expires_at <= $3`,
          [team.id, user.id, now],
        );
        if (await this.repo(tx).existsBy({ teamId: team.id, userId: user.id, status: 'pending' })) throw duplicate();
        const request = await this.repo(tx).save(
          this.repo(tx).create({
            teamId: team.id,
            userId: user.id,
            message: message ?? null,
            status: 'pending',
            requestedAt: now,
            expiresAt: new Date(now.getTime() + JOIN_REQUEST_LIFETIME_DAYS * 86_400_000),
            reviewedAt: null,
            reviewedBy: null,
          }),
        );
        return toJoinRequestResponse(request, { teamName: team.name, userEmail: user.email ?? user.userId });
      });
    } catch (error) {
      // Two concurrent requests: the partial unique index lets one through.
      if (isUniqueViolation(error, 'uq_team_join_requests_pending')) throw duplicate();
      throw error;
    }
  }

  /** A team's pending requests, newest first (ContextForge lists `pending` ones, expired or not). */
  async listPending(teamId: string) {
    const team = await this.teams.get(teamId);
    const requests = await this.repo().find({ where: { teamId: team.id, status: 'pending' }, order: { requestedAt: 'DESC', id: 'ASC' } });
    const users = await this.users.identities(requests.map((r) => r.userId));
    const labelOf = new Map(users.map((u) => [u.id, u.email ?? u.userId]));
    return requests.map((request) =>
      toJoinRequestResponse(request, { teamName: team.name, userEmail: labelOf.get(request.userId) ?? null }),
    );
  }

  /**
   * Approves the request the guard authorized (in its own team): the requester becomes a `member` (with the team
   * role that follows) and the request `approved`, in one transaction. Expired: recorded as such, and a 400.
   */
  async approve(principal: Principal, target: AuthorizedTarget, now: Date = new Date()) {
    const requestId = target.resource?.id;
    if (!requestId) throw processedOrMissing();
    const outcome = await this.dataSource.transaction(async (tx) => {
      const request = await this.lockPending(tx, requestId, target.teamId);
      if (request.expiresAt.getTime() <= now.getTime()) {
        request.status = 'expired';
        await this.repo(tx).save(request);
        return 'expired' as const;
      }
      const team = await this.teams.get(request.teamId, tx);
      if (await this.memberships.find(tx, team.id, request.userId)) throw badRequest('User is already a member of this team');
      const reviewer = principal.user?.id ?? null;
      // New joiners are always plain members (ContextForge); room and personal teams are checked as for any add.
      await this.teams.addExistingUser(tx, team, request.userId, 'member', reviewer);
      request.status = 'approved';
      request.reviewedAt = now;
      request.reviewedBy = reviewer;
      await this.repo(tx).save(request);
      const [row] = await this.reader.members(team.id, tx, request.userId);
      return toTeamMemberResponse(row);
    });
    // Outside the transaction, so that the expiry stays recorded.
    if (outcome === 'expired') throw badRequest('Join request has expired');
    return outcome;
  }

  /** Rejects the request the guard authorized (in its own team). */
  async reject(principal: Principal, target: AuthorizedTarget, now: Date = new Date()) {
    await this.close(target, 'rejected', principal.user?.id ?? null, now);
    return { success: true, message: 'Join request rejected successfully' };
  }

  /** The requester withdraws their own request (the engine showed it to them alone). */
  async cancel(principal: Principal, target: AuthorizedTarget, now: Date = new Date()) {
    await this.close(target, 'cancelled', principal.user?.id ?? null, now);
    return { success: true, message: 'Join request cancelled successfully' };
  }

  private async close(target: AuthorizedTarget, status: 'rejected' | 'cancelled', reviewer: string | null, now: Date): Promise<void> {
    const requestId = target.resource?.id;
    if (!requestId) throw processedOrMissing();
    // Rejects are authorized in the request's team (kept in the condition); cancels are the requester's own row.
    const where = { id: requestId, status: 'pending' as const, ...(target.teamId ? { teamId: target.teamId } : {}) };
    const result = await this.repo().update(where, { status, reviewedAt: now, reviewedBy: reviewer });
    if (!result.affected) throw processedOrMissing();
  }

  /** The pending request, locked so that two approvals (or an approval and a cancel) cannot both pass. */
  private async lockPending(tx: EntityManager, requestId: string, teamId: string | null): Promise<TeamJoinRequestEntity> {
    const request = await this.repo(tx)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id: requestId })
      .getOne();
    if (!request || request.status !== 'pending' || request.teamId !== teamId) throw processedOrMissing();
    return request;
  }
}

/** ContextForge's words for a request that is not (or no longer) pending in this team. */
const processedOrMissing = () => new DomainError(ErrorCode.NOT_FOUND, 'Join request not found or already processed');
const duplicate = () => conflict('User already has a pending join request for this team');
