import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { isUniqueViolation } from '../../common/database/pg-errors.js';
import { generateOpaqueToken, sha256Hex } from '../../common/crypto/secrets.js';
import { badRequest, conflict, DomainError, ErrorCode, forbidden, notFound } from '../../common/errors/domain-error.js';
import { MembershipsService } from './memberships.service.js';
import { UsersService } from '../users/users.service.js';
import { ContextforgeTeamReader } from './contextforge-team.reader.js';
import { toInvitationResponse, toTeamMemberResponse } from './contextforge-team.view.js';
import { TeamInvitationEntity } from './entities/team-invitation.entity.js';
import type { MembershipRole } from './entities/team-member.entity.js';
import type { TeamEntity } from './entities/team.entity.js';
import { TeamsService } from './teams.service.js';
import { RolesService } from '../rbac/roles.service.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';

/** How long an invitation can be accepted. */
export const INVITATION_LIFETIME_DAYS = 7;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);

/**
 * Team invitations: an owner invites an email, the user with that email accepts with the single-use token.
 * Only the token's SHA-256 is stored; the raw token is in the invite's answer and nowhere else.
 */
@Injectable()
export class TeamInvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly teams: TeamsService,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly reader: ContextforgeTeamReader,
    private readonly roles: RolesService,
  ) {}

  private repo(manager: EntityManager) {
    return manager.getRepository(TeamInvitationEntity);
  }

  async invite(principal: Principal, teamId: string, rawEmail: string, role: MembershipRole, now: Date = new Date()) {
    const email = rawEmail.toLowerCase();
    try {
      return await this.dataSource.transaction(async (tx) => {
        const team = await this.teams.get(teamId, tx);
        const { invitation, token } = await this.inviteIn(tx, team, email, role, principal.user?.id ?? null, now);
        return toInvitationResponse(
          invitation,
          { teamName: team.name, invitedBy: await this.reader.emailOf(invitation.invitedBy, tx), token },
          now,
        );
      });
    } catch (error) {
      // Two concurrent invites of one email: the partial unique index lets one through.
      if (isUniqueViolation(error, 'uq_team_invitations_active'))
        throw conflict(`An active invitation for ${email} already exists`, 'email');
      throw error;
    }
  }

  /**
   * Invites `email` (lower-cased) into `team` within the caller's transaction: also for the members a new team is
   * created with (ContextForge seeds unknown addresses as invitations). Returns the raw token, shown once.
   */
  async inviteIn(
    tx: EntityManager,
    team: TeamEntity,
    email: string,
    role: MembershipRole,
    invitedBy: string | null,
    now: Date = new Date(),
  ): Promise<{ invitation: TeamInvitationEntity; token: string }> {
    if (team.isPersonal) throw badRequest('Personal teams cannot have other members', 'team_id');
    const invitee = await this.users.findByEmail(email, tx);
    if (invitee && (await this.memberships.find(tx, team.id, invitee.id))) {
      throw conflict(`${email} is already a member of this team`, 'email');
    }
    // An expired invitation no longer blocks a new one.
    await tx.query(`UPDATE team_invitations SET is_active = false WHERE team_id = $1 AND email = $2 AND is_active AND expires_at <= $3`, [
      team.id,
      email,
      now,
    ]);
    if (await this.repo(tx).existsBy({ teamId: team.id, email, isActive: true })) {
      throw conflict(`An active invitation for ${email} already exists`, 'email');
    }
    const token = generateOpaqueToken();
    const invitation = await this.repo(tx).save(
      this.repo(tx).create({
        teamId: team.id,
        email,
        role,
        invitedBy,
        invitedAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_DAYS * 86_400_000),
        tokenHash: sha256Hex(token),
        isActive: true,
        acceptedAt: null,
      }),
    );
    return { invitation, token };
  }

  /** Open invitations of a team (expired ones flagged), never with tokens. */
  async list(teamId: string, now: Date = new Date()) {
    const team = await this.teams.get(teamId);
    const invitations = await this.repo(this.dataSource.manager).find({
      where: { teamId: team.id, isActive: true },
      order: { invitedAt: 'ASC', id: 'ASC' },
    });
    return Promise.all(
      invitations.map(async (invitation) =>
        toInvitationResponse(
          invitation,
          { teamName: team.name, invitedBy: await this.reader.emailOf(invitation.invitedBy), token: null },
          now,
        ),
      ),
    );
  }

  /**
   * Only the invited email may accept; a token works once (used or revoked: 404), and not after it expires
   * (400). Accepting adds the membership, and its team role, exactly like adding a member.
   */
  async accept(principal: Principal, rawToken: string, now: Date = new Date()) {
    const email = principal.user?.email;
    // An invitation carries its inviter's right to add members: it stands only while the inviter still has it.
    // (No inviter: the master key's, which cannot lose its rights.) Asked before the transaction: the engine reads
    // through its own connection, which the embedded database's single connection would otherwise wait on.
    const pending = await this.repo(this.dataSource.manager).findOneBy({ tokenHash: sha256Hex(rawToken), isActive: true });
    if (pending?.invitedBy && email === pending.email) {
      const context = { kind: 'team', teamId: pending.teamId } as const;
      if (!(await this.roles.userMay(this.dataSource.manager, pending.invitedBy, 'teams.manage_members', context))) {
        throw forbidden('This invitation is no longer valid: its inviter may no longer add members to the team');
      }
    }
    return this.dataSource.transaction(async (tx) => {
      // Locked, so two simultaneous accepts of one token cannot both succeed.
      const invitation = await this.repo(tx)
        .createQueryBuilder('i')
        .setLock('pessimistic_write')
        .where('i.token_hash = :hash', { hash: sha256Hex(rawToken) })
        .getOne();
      if (!invitation || !invitation.isActive) throw notFound('Invitation');
      if (!email || email !== invitation.email) throw forbidden('This invitation was issued to a different email address');
      if (invitation.expiresAt.getTime() <= now.getTime()) throw badRequest('Invitation has expired');
      const team = await this.teams.get(invitation.teamId, tx);
      const userId = principal.user!.id;
      if (await this.memberships.find(tx, team.id, userId)) {
        throw new DomainError(ErrorCode.ALREADY_MEMBER, 'You are already a member of this team');
      }
      await this.teams.addExistingUser(tx, team, userId, invitation.role, invitation.invitedBy);
      invitation.isActive = false;
      invitation.acceptedAt = now;
      await this.repo(tx).save(invitation);
      const [row] = await this.reader.members(team.id, tx, userId);
      return toTeamMemberResponse(row);
    });
  }

  /** The team an invitation belongs to, for the guard; null when there is no such invitation. */
  async teamOf(invitationId: string): Promise<string | null> {
    const invitation = await this.repo(this.dataSource.manager).findOneBy({ id: invitationId });
    return invitation?.teamId ?? null;
  }

  /** Revokes exactly the invitation the guard authorized (in its own team). */
  async revoke(target: AuthorizedTarget) {
    const invitationId = target.resource?.id;
    if (!invitationId) throw notFound('Invitation');
    const result = await this.repo(this.dataSource.manager).update({ id: invitationId, isActive: true }, { isActive: false });
    if (!result.affected) throw notFound('Invitation');
    return { success: true, message: 'Team invitation cancelled successfully' };
  }
}
