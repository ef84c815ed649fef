import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { isForeignKeyViolation, isUniqueViolation, pgErrorCode } from '../../common/database/pg-errors.js';
import { badRequest, notFound } from '../../common/errors/domain-error.js';
import { RolesService } from '../rbac/roles.service.js';
import { SubjectDirectory } from '../rbac/subject-directory.js';
import { UsersService } from '../users/users.service.js';
import type { UserEntity } from '../users/entities/user.entity.js';
import type { DeleteOrganizationsRequest } from './dto/delete-organizations.request.js';
import type { NewOrganizationRequest } from './dto/new-organization.request.js';
import type { OrganizationMemberAddRequest } from './dto/organization-member-add.request.js';
import type { OrganizationMemberDeleteRequest } from './dto/organization-member-delete.request.js';
import type { OrganizationMemberUpdateRequest } from './dto/organization-member-update.request.js';
import type { UpdateOrganizationRequest } from './dto/update-organization.request.js';
import { OrganizationMemberEntity } from './entities/organization-member.entity.js';
import { OrganizationEntity } from './entities/organization.entity.js';
import { assertTeamWithinOrganization, type TeamAsk } from './organization-bounds.js';
import { type MemberUser, toLitellmOrganization, toLitellmOrganizationMembership } from './organization.view.js';

const memberUser = (user: UserEntity): MemberUser => ({ user_id: user.userId, user_email: user.email });

/**
 * LiteLLM organizations. Who may call what is decided by the engine before any of this runs (organization roles
 * are a scope there); the one rule left here is the house's "nobody raises their own ceilings": an org admin may
 * rename and annotate the organization, not lift its budget, limits or models.
 */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly roles: RolesService,
    private readonly directory: SubjectDirectory,
  ) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(OrganizationEntity);
  }

  private members(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(OrganizationMemberEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<OrganizationEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  async get(id: string, manager?: EntityManager): Promise<OrganizationEntity> {
    const organization = await this.findById(id, manager);
    if (!organization) throw notFound(`Organization ${id}`);
    return organization;
  }

  /**
   * For team creates and updates (the LiteLLM surface composes this): the organization must exist (404) and bound
   * what the team asks for (400, as LiteLLM).
   */
  async assertTeamWithin(organizationId: string, team: TeamAsk, manager?: EntityManager): Promise<void> {
    assertTeamWithinOrganization(await this.get(organizationId, manager), team);
  }

  async create(principal: Principal, request: NewOrganizationRequest) {
    const id = request.organization_id ?? crypto.randomUUID();
    const taken = () => badRequest(`Organization id = ${id} already exists. Please use a different organization id.`, 'organization_id');
    if (await this.repo().existsBy({ id })) throw taken();
    try {
      await this.repo().save(
        this.repo().create({
          id,
          alias: request.organization_alias,
          models: request.models ?? [],
          maxBudget: request.max_budget ?? null,
          budgetDuration: request.budget_duration ?? null,
          tpmLimit: request.tpm_limit ?? null,
          rpmLimit: request.rpm_limit ?? null,
          metadata: request.metadata ?? {},
          createdBy: principal.user?.userId ?? 'default_user_id',
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'pk_organizations')) throw taken();
      throw error;
    }
    return toLitellmOrganization(await this.get(id));
  }

  /** `LiteLLM_OrganizationTableWithMembers`: the row, its members and its teams. */
  async info(id: string) {
    const organization = await this.get(id);
    const members = await this.members().find({ where: { organizationId: id }, order: { createdAt: 'ASC' } });
    const rows = [];
    for (const member of members) {
      const user = await this.users.findById(member.userId);
      if (user) rows.push(toLitellmOrganizationMembership(member, memberUser(user)));
    }
    const teams = await this.directory.teams.teamsOfOrganizations([id]);
    const names = await this.directory.teams.namesOf(teams.map((t) => t.teamId));
    return {
      ...toLitellmOrganization(organization),
      members: rows,
      teams: teams.map((t) => ({ team_id: t.teamId, team_alias: names.get(t.teamId) ?? null })),
    };
  }

  async list(principal: Principal) {
    const visible = await this.roles.visibleOrganizationIds(principal);
    if (visible !== 'all' && visible.length === 0) return [];
    const organizations = await this.repo().find({
      where: visible === 'all' ? {} : { id: In(visible) },
      order: { createdAt: 'ASC' },
    });
    return Promise.all(organizations.map((organization) => this.info(organization.id)));
  }

  async update(principal: Principal, id: string, request: UpdateOrganizationRequest) {
    await this.dataSource.transaction(async (tx) => {
      const organization = await this.get(id, tx);
      if (raisesCeilings(organization, request)) {
        // Org admins hold organizations.update in their organization; the ceilings above them are a proxy admin's.
        await this.roles.require(principal, 'organizations.update', { kind: 'global' }, { route: '/organization/update' });
      }
      if (request.organization_alias !== undefined && request.organization_alias !== null) organization.alias = request.organization_alias;
      if (request.models !== undefined) organization.models = request.models ?? [];
      if (request.max_budget !== undefined) organization.maxBudget = request.max_budget;
      if (request.budget_duration !== undefined) organization.budgetDuration = request.budget_duration;
      if (request.tpm_limit !== undefined) organization.tpmLimit = request.tpm_limit;
      if (request.rpm_limit !== undefined) organization.rpmLimit = request.rpm_limit;
      if (request.metadata !== undefined) organization.metadata = request.metadata ?? {};
      await this.repo(tx).save(organization);
    });
    // After the commit: the teams are read through the teams module, outside this transaction.
    return this.info(id);
  }

  /** Proxy admins only (the route says so). An organization that still has teams stays (400): see the migration. */
  async delete(request: DeleteOrganizationsRequest) {
    return this.dataSource.transaction(async (tx) => {
      const deleted = [];
      for (const id of request.organization_ids) {
        const organization = await this.get(id, tx);
        deleted.push(toLitellmOrganization(organization));
        try {
          await this.repo(tx).delete({ id });
        } catch (error) {
          // Thrown inside the transaction: the organizations deleted before this one stay too.
          // ON DELETE RESTRICT answers 23001 (restrict_violation), NO ACTION 23503.
          if (!isForeignKeyViolation(error) && pgErrorCode(error) !== '23001') throw error;
          throw badRequest(`Organization ${id} still has teams: delete them or move them out of it first`, 'organization_ids');
        }
      }
      return deleted;
    });
  }

  async addMembers(principal: Principal, id: string, request: OrganizationMemberAddRequest) {
    return this.dataSource.transaction(async (tx) => {
      await this.get(id, tx);
      const users = [];
      const memberships = [];
      for (const member of request.member) {
        if (!member.user_id && !member.user_email) throw badRequest('A member needs user_id or user_email', 'member');
        const user = await this.users.ensure(
          tx,
          { userId: member.user_id, email: member.user_email },
          principal.user?.userId ?? 'default_user_id',
        );
        if (await this.members(tx).existsBy({ organizationId: id, userId: user.id })) {
          throw badRequest(`User ${user.userId} is already a member of organization ${id}`, 'member');
        }
        const saved = await this.members(tx).save(this.members(tx).create({ organizationId: id, userId: user.id, role: member.role }), {
          reload: true,
        });
        users.push({ user_id: user.userId, user_email: user.email, user_role: user.userRole });
        memberships.push(toLitellmOrganizationMembership(saved, memberUser(user)));
      }
      return { organization_id: id, updated_users: users, updated_organization_memberships: memberships };
    });
  }

  async updateMember(id: string, request: OrganizationMemberUpdateRequest) {
    return this.dataSource.transaction(async (tx) => {
      const { user, member } = await this.membershipOf(tx, id, request);
      if (request.role) member.role = request.role;
      const saved = await this.members(tx).save(member);
      return toLitellmOrganizationMembership(saved, memberUser(user));
    });
  }

  async deleteMember(id: string, request: OrganizationMemberDeleteRequest) {
    return this.dataSource.transaction(async (tx) => {
      const { user, member } = await this.membershipOf(tx, id, request);
      const view = toLitellmOrganizationMembership(member, memberUser(user));
      await this.members(tx).delete({ organizationId: id, userId: user.id });
      return view;
    });
  }

  private async membershipOf(tx: EntityManager, id: string, ref: { user_id?: string | null; user_email?: string | null }) {
    await this.get(id, tx);
    const reference = ref.user_id ?? ref.user_email;
    if (!reference) throw badRequest('user_id or user_email is required', 'user_id');
    const user = await this.users.findByUserIdOrEmail(reference, tx);
    const member = user ? await this.members(tx).findOneBy({ organizationId: id, userId: user.id }) : null;
    if (!user || !member) throw badRequest(`User ${reference} is not a member of organization ${id}`, 'user_id');
    return { user, member };
  }
}

/** Whether an update lifts what bounds the organization: its budget, limits or models. */
function raisesCeilings(organization: OrganizationEntity, request: UpdateOrganizationRequest): boolean {
  const raised = (current: number | null, next: number | null | undefined) =>
    next !== undefined && current !== null && (next === null || next > current);
  const widensModels =
    request.models !== undefined &&
    organization.models.length > 0 &&
    ((request.models ?? []).length === 0 || (request.models ?? []).some((m) => !organization.models.includes(m)));
  return (
    raised(organization.maxBudget, request.max_budget) ||
    raised(organization.tpmLimit, request.tpm_limit) ||
    raised(organization.rpmLimit, request.rpm_limit) ||
    widensModels
  );
}
