import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { hashPassword } from '../../common/crypto/passwords.js';
import { isUniqueViolation } from '../../common/database/pg-errors.js';
import { badRequest, conflict, notFound } from '../../common/errors/domain-error.js';
import { RoleAssignmentsService } from '../rbac/role-assignments.service.js';
import { type LitellmUserRole, UserEntity } from './entities/user.entity.js';
import { PersonalTeamsRegistry } from './personal-teams.registry.js';

export interface NewUser {
  userId?: string | null;
  email?: string | null;
  passwordHash?: string | null;
  fullName?: string | null;
  userAlias?: string | null;
  userRole?: LitellmUserRole;
  isAdmin?: boolean;
  isActive?: boolean;
  authProvider?: string;
  passwordChangeRequired?: boolean;
  maxBudget?: number | null;
  budgetDuration?: string | null;
  models?: string[];
  metadata?: Record<string, unknown>;
  tpmLimit?: number | null;
  rpmLimit?: number | null;
  aliases?: Record<string, unknown>;
  config?: Record<string, unknown>;
  spend?: number;
}

const USER_SORT_COLUMNS = {
  user_id: 'userId',
  user_email: 'email',
  user_alias: 'userAlias',
  user_role: 'userRole',
  created_at: 'createdAt',
  spend: 'spend',
} as const;

export interface UserListOptions {
  page: number;
  size: number;
  role?: LitellmUserRole;
  /** LiteLLM user ids. */
  userIds?: string[];
  emailContains?: string;
  sortBy?: keyof typeof USER_SORT_COLUMNS;
  sortOrder?: 'asc' | 'desc';
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Users, for both surfaces. Creating one also creates what every user has: a personal team they own, and the
 * automatic role assignments (platform_viewer or platform_admin globally, team_admin on the personal team).
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assignments: RoleAssignmentsService,
    private readonly personalTeams: PersonalTeamsRegistry,
  ) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(UserEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  findByUserId(userId: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager).findOneBy({ userId });
  }

  findByEmail(email: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager).findOneBy({ email: email.toLowerCase() });
  }

  /** With the password hash, which is never selected otherwise (login and password changes only). */
  findByEmailWithPasswordHash(email: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.toLowerCase() })
      .getOne();
  }

  /** LiteLLM names users by `user_id` or by email; either finds the same row. */
  async findByUserIdOrEmail(idOrEmail: string, manager?: EntityManager): Promise<UserEntity | null> {
    return (await this.findByUserId(idOrEmail, manager)) ?? (idOrEmail.includes('@') ? this.findByEmail(idOrEmail, manager) : null);
  }

  async getByUserId(userId: string, manager?: EntityManager): Promise<UserEntity> {
    const user = await this.findByUserId(userId, manager);
    if (!user) throw notFound(`User ${userId}`);
    return user;
  }

  /** Must run inside the caller's transaction: the user, their personal team and roles commit together. */
  /**
   * A ContextForge email account (admin-created or self-registered): local password (hashed here), known to LiteLLM
   * clients by its email too; an email already taken is a 409 and nothing is written.
   */
  async createEmailAccount(
    account: {
      email: string;
      password: string;
      fullName: string | null;
      isAdmin: boolean;
      isActive: boolean;
      passwordChangeRequired: boolean;
    },
    grantedBy: string | null,
  ): Promise<UserEntity> {
    const email = account.email.toLowerCase();
    const passwordHash = await hashPassword(account.password);
    return this.dataSource.transaction(async (tx) => {
      if (await this.findByEmail(email, tx)) throw conflict(`User with email ${email} already exists`, 'email');
      return this.create(
        tx,
        {
          email,
          userId: email,
          passwordHash,
          fullName: account.fullName,
          isAdmin: account.isAdmin,
          isActive: account.isActive,
          passwordChangeRequired: account.passwordChangeRequired,
          authProvider: 'local',
        },
        grantedBy,
      );
    });
  }

  async create(manager: EntityManager, input: NewUser, grantedBy: string | null): Promise<UserEntity> {
    const email = input.email ? input.email.toLowerCase() : null;
    const userId = input.userId ?? email ?? crypto.randomUUID();
    const isAdmin = input.isAdmin ?? input.userRole === 'proxy_admin';
    const userRole: LitellmUserRole = isAdmin ? 'proxy_admin' : (input.userRole ?? 'internal_user');
    let user: UserEntity;
    try {
      user = await manager.transaction(async (tx) => {
        const created = await tx.getRepository(UserEntity).save(
          tx.getRepository(UserEntity).create({
            userId,
            email,
            passwordHash: input.passwordHash ?? null,
            fullName: input.fullName ?? null,
            userAlias: input.userAlias ?? null,
            userRole,
            isAdmin,
            isActive: input.isActive ?? true,
            authProvider: input.authProvider ?? 'local',
            passwordChangeRequired: input.passwordChangeRequired ?? false,
            maxBudget: input.maxBudget ?? null,
            budgetDuration: input.budgetDuration ?? null,
            models: input.models ?? [],
            metadata: input.metadata ?? {},
            tpmLimit: input.tpmLimit ?? null,
            rpmLimit: input.rpmLimit ?? null,
            aliases: input.aliases ?? {},
            config: input.config ?? {},
            spend: input.spend ?? 0,
          }),
        );
        const personalTeamId = await this.personalTeams.get().create(tx, created);
        await this.assignments.grantNewUserRoles(tx, created.id, personalTeamId, isAdmin);
        if (userRole === 'proxy_admin_viewer') await this.assignments.syncAuditorRole(tx, created.id, true, grantedBy);
        return created;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_user_id')) throw conflict(`User with user_id=${userId} already exists`, 'user_id');
      if (isUniqueViolation(error, 'uq_users_email')) throw conflict(`User with email=${email} already exists`, 'user_email');
      throw error;
    }
    return user;
  }

  /** LiteLLM creates unknown users on the fly (member_add, key generate for a new user_id). */
  async ensure(
    manager: EntityManager,
    userIdOrEmail: { userId?: string | null; email?: string | null },
    grantedBy: string | null,
  ): Promise<UserEntity> {
    const existing =
      (userIdOrEmail.userId ? await this.findByUserIdOrEmail(userIdOrEmail.userId, manager) : null) ??
      (userIdOrEmail.email ? await this.findByEmail(userIdOrEmail.email, manager) : null);
    return existing ?? this.create(manager, { userId: userIdOrEmail.userId, email: userIdOrEmail.email }, grantedBy);
  }

  async save(manager: EntityManager, user: UserEntity): Promise<UserEntity> {
    try {
      return await manager.getRepository(UserEntity).save(user);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_users_email')) throw conflict(`User with email=${user.email} already exists`, 'user_email');
      throw error;
    }
  }

  /** Bookkeeping of a successful login (not announced to the caches: see the change-notifications migration). */
  async recordLogin(userId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE users SET last_login = $2 WHERE id = $1`, [userId, at]);
  }

  /**
   * Ends every session token the user holds, on every instance at their next request (the token check reads the
   * row each time): our tokens carry the old `credential_version`, helper-minted ones an `iat` before
   * `credentials_changed_at`. Runs in the caller's transaction, so it commits with the change that caused it.
   */
  async endSessions(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`UPDATE users SET credential_version = credential_version + 1, credentials_changed_at = now() WHERE id = $1`, [
      userId,
    ]);
  }

  /**
   * Replaces the password (given hashed) and clears the failed-login count and any lock, since the guesses were
   * against the old one; every session ends with the old password. Runs in the caller's transaction.
   */
  async replacePasswordHash(manager: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await manager.query(
      `UPDATE users SET password_hash = $2, password_change_required = false, failed_login_attempts = 0, locked_until = NULL,
              updated_at = now()
        WHERE id = $1`,
      [userId, passwordHash],
    );
    await this.endSessions(manager, userId);
  }

  /** Changing the LiteLLM role (or is_admin) moves the global role assignments with it. */
  async applyRole(manager: EntityManager, user: UserEntity, role: LitellmUserRole, grantedBy: string | null): Promise<void> {
    user.userRole = role;
    user.isAdmin = role === 'proxy_admin';
    await this.assignments.syncAdminRole(manager, user.id, user.isAdmin, grantedBy);
    await this.assignments.syncAuditorRole(manager, user.id, role === 'proxy_admin_viewer', grantedBy);
  }

  /**
   * Deletes a user with their personal team; both surfaces come here, so neither can remove the last admin.
   * Memberships, keys and assignments go with the user (cascades).
   */
  async delete(manager: EntityManager, user: UserEntity): Promise<void> {
    await this.assertNotLastAdmin(manager, user);
    await this.personalTeams.get().deleteOf(manager, user.id);
    await manager.getRepository(UserEntity).delete({ id: user.id });
  }

  /** A page of users, filtered and sorted as LiteLLM's `/user/list` allows (oldest first by default). */
  async list(options: UserListOptions): Promise<{ users: UserEntity[]; total: number }> {
    const query = this.repo().createQueryBuilder('u');
    if (options.role) query.andWhere('u.userRole = :role', { role: options.role });
    if (options.userIds) query.andWhere('u.userId IN (:...userIds)', { userIds: options.userIds.length ? options.userIds : [null] });
    if (options.emailContains) {
      query.andWhere(`u.email LIKE :email ESCAPE '\\'`, { email: `%${escapeLike(options.emailContains.toLowerCase())}%` });
    }
    const order = options.sortOrder === 'desc' ? 'DESC' : 'ASC';
    query.orderBy(`u.${USER_SORT_COLUMNS[options.sortBy ?? 'created_at']}`, order).addOrderBy('u.id', order);
    const [users, total] = await query
      .skip((options.page - 1) * options.size)
      .take(options.size)
      .getManyAndCount();
    return { users, total };
  }

  /** Oldest first, by offset (ContextForge pages that way); `take` null = all. */
  listByOffset(skip: number, take: number | null): Promise<UserEntity[]> {
    return this.repo().find({ order: { createdAt: 'ASC', id: 'ASC' }, skip, take: take ?? undefined });
  }

  async assertNotLastAdmin(manager: EntityManager, user: UserEntity): Promise<void> {
    if (user.isAdmin && user.isActive && (await this.countOtherActiveAdmins(manager, user.id)) === 0) {
      throw badRequest('Cannot delete the last remaining admin user');
    }
  }

  /**
   * Active platform admins other than `exceptUserId`. Locks every active admin row (the caller's target
   * included) so two concurrent demotions or deletions serialise: the second one re-reads the rows after the
   * first commits and sees that only its own target is left.
   */
  async countOtherActiveAdmins(manager: EntityManager, exceptUserId: string): Promise<number> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM users WHERE is_admin AND is_active ORDER BY id FOR UPDATE`);
    return rows.filter((row) => row.id !== exceptUserId).length;
  }

  /**
   * Who these users are (LiteLLM `user_id`, email), ordered by `user_id` as the database sorts it: other modules'
   * listings join users through this instead of SQL on `users`, and keep the database's tie-break order.
   */
  async identities(ids: string[], manager?: EntityManager): Promise<{ id: string; userId: string; email: string | null }[]> {
    if (ids.length === 0) return [];
    const users = await this.repo(manager).find({ where: { id: In([...new Set(ids)]) }, order: { userId: 'ASC' } });
    return users.map((user) => ({ id: user.id, userId: user.userId, email: user.email }));
  }
}
