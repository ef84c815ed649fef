import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { AUDIT_RECORDER, type AuditRecorder, auditActorOf } from '../../common/audit/audit-recorder.js';
import { hashPassword } from '../../common/crypto/passwords.js';
import { badRequest, notFound } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { AdminCreateUserRequest } from './dto/admin-create-user.request.js';
import type { AdminUpdateUserRequest } from './dto/admin-update-user.request.js';
import type { UserEntity } from './entities/user.entity.js';
import { toEmailUser } from './email-user.view.js';
import { LoginBackoffService } from './login-backoff.service.js';
import { UsersService } from './users.service.js';
import { RolesService } from '../rbac/roles.service.js';
import { assertMayTouchAdminStanding, isAdminAccount } from './admin-standing.js';

const DEFAULT_PAGE_SIZE = 50;

/** Who granted what, in role_assignments.granted_by: the acting user's email, else the master key. */
const actorOf = (principal: Principal): string => principal.user?.email ?? principal.user?.userId ?? 'master_key';

/** ContextForge's admin user management over the shared users table. */
@Injectable()
export class AdminUsersService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly roles: RolesService,
    private readonly backoff: LoginBackoffService,
    @Inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async list(skip = 0, limit = DEFAULT_PAGE_SIZE) {
    const users = await this.users.listByOffset(skip, limit === 0 ? null : limit);
    return users.map(toEmailUser);
  }

  async get(email: string) {
    return toEmailUser(await this.require(email));
  }

  async create(principal: Principal, request: AdminCreateUserRequest) {
    if (request.is_admin) await assertMayTouchAdminStanding(this.roles, principal, 'create admin accounts');
    const user = await this.users.createEmailAccount(
      {
        email: request.email,
        password: request.password,
        fullName: request.full_name ?? null,
        isAdmin: request.is_admin ?? false,
        isActive: request.is_active ?? true,
        passwordChangeRequired: request.password_change_required ?? false,
      },
      actorOf(principal),
    );
    return toEmailUser(user);
  }

  async update(principal: Principal, email: string, request: AdminUpdateUserRequest) {
    const passwordHash = request.password !== undefined ? await hashPassword(request.password) : null;
    const saved = await this.dataSource.transaction(async (tx) => {
      const user = await this.require(email, tx);
      if (isAdminAccount(user) || (request.is_admin !== undefined && request.is_admin !== user.isAdmin)) {
        await assertMayTouchAdminStanding(this.roles, principal, 'change admin accounts or the admin flag');
      }
      const demoting = request.is_admin === false && user.isAdmin;
      const deactivating = request.is_active === false && user.isActive;
      const activeChanging = request.is_active !== undefined && request.is_active !== user.isActive;
      if (deactivating && user.id === principal.user?.id) throw badRequest('Cannot deactivate your own account', 'is_active');
      if (demoting || (deactivating && user.isAdmin)) await this.assertNotLastAdmin(tx, user, demoting ? 'demote' : 'deactivate');
      if (request.full_name !== undefined) user.fullName = request.full_name;
      if (request.is_active !== undefined) user.isActive = request.is_active;
      if (request.password_change_required !== undefined) user.passwordChangeRequired = request.password_change_required;
      if (passwordHash !== null) {
        user.passwordHash = passwordHash;
        // An admin setting a password is also how a backed-off user gets back in.
        await this.backoff.clear(user.email ?? email, tx);
      }
      // A new password or any change of the active flag ends every session: reactivating too, so that no token
      // ever outlives a deactivation, however that deactivation was made.
      if (passwordHash !== null || activeChanging) await this.users.endSessions(tx, user.id);
      if (request.is_admin !== undefined && request.is_admin !== user.isAdmin) {
        // The LiteLLM role follows; a demoted admin becomes a plain internal user.
        const role = request.is_admin ? 'proxy_admin' : user.userRole === 'proxy_admin' ? 'internal_user' : user.userRole;
        await this.users.applyRole(tx, user, role, actorOf(principal));
      }
      return this.users.save(tx, user);
    });
    if (passwordHash !== null) {
      this.audit.record({
        type: 'password_changed',
        outcome: 'success',
        actor: auditActorOf(principal),
        target: { type: 'user', id: saved.id, name: saved.email },
        details: { set_by_admin: true },
      });
    }
    return toEmailUser(saved);
  }

  async delete(principal: Principal, email: string) {
    await this.dataSource.transaction(async (tx) => {
      const user = await this.require(email, tx);
      if (user.id === principal.user?.id) throw badRequest('Cannot delete your own account');
      if (isAdminAccount(user)) await assertMayTouchAdminStanding(this.roles, principal, 'delete admin accounts');
      await this.users.assertNotLastAdmin(tx, user);
      if (user.email === this.config.platformAdmin.email) throw badRequest('The platform admin (PLATFORM_ADMIN_EMAIL) cannot be deleted');
      await this.users.delete(tx, user);
    });
    return { success: true, message: `User ${email.toLowerCase()} has been deleted` };
  }

  /** ContextForge's admin unlock: ends every failed-login streak of the account (all addresses), audited. */
  async unlock(principal: Principal, email: string) {
    const user = await this.require(email);
    await this.backoff.clear(user.email ?? email);
    this.audit.record({
      type: 'account_unlocked',
      outcome: 'success',
      actor: auditActorOf(principal),
      target: { type: 'user', id: user.id, name: user.email },
    });
    return { success: true, message: `User ${email.toLowerCase()} has been unlocked` };
  }

  private async require(email: string, manager?: EntityManager): Promise<UserEntity> {
    const user = await this.users.findByEmail(email, manager);
    if (!user) throw notFound('User');
    return user;
  }

  /** The configured platform admin always stays an active admin, and some active admin always remains. */
  private async assertNotLastAdmin(manager: EntityManager, user: UserEntity, action: 'demote' | 'deactivate'): Promise<void> {
    if (user.email === this.config.platformAdmin.email) {
      throw badRequest(`Cannot ${action} the platform admin (PLATFORM_ADMIN_EMAIL)`);
    }
    if ((await this.users.countOtherActiveAdmins(manager, user.id)) === 0) {
      throw badRequest(`Cannot ${action} the last remaining admin user`);
    }
  }
}
