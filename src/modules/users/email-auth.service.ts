import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { TokenService } from '../../auth/token.service.js';
import { ANONYMOUS, AUDIT_RECORDER, type AuditRecorder, userActor } from '../../common/audit/audit-recorder.js';
import { hashPassword, verifyPassword } from '../../common/crypto/passwords.js';
import { badRequest, DomainError, ErrorCode, forbidden, notFound } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { RegisterRequest } from './dto/register.request.js';
import type { UserEntity } from './entities/user.entity.js';
import { toEmailUser } from './email-user.view.js';
import { afterFailedLogin, afterSuccessfulLogin, isLocked } from './login-lockout.js';
import { UsersService } from './users.service.js';

/** One message for every refused login, so answers never tell which emails exist or which accounts are locked. */
const invalidCredentials = () => new DomainError(ErrorCode.UNAUTHENTICATED, 'Invalid email or password');

interface LockRow {
  failed_login_attempts: number;
  locked_until: Date | null;
}

/** The account an auth event is about. */
const accountOf = (user: { id: string; email: string | null }) => ({ type: 'user' as const, id: user.id, name: user.email });

/**
 * ContextForge email authentication: password login with lockout, self-registration, the caller's profile, password
 * changes. Every attempt is recorded in the audit log (never with the password).
 */
@Injectable()
export class EmailAuthService {
  /** Verified against when there is no real hash, so unknown emails cost as much time as wrong passwords. */
  private decoyHash: Promise<string> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  async login(email: string, password: string, now: Date = new Date()) {
    const user = await this.users.findByEmailWithPasswordHash(email);
    if (!user?.passwordHash) {
      await verifyPassword(await this.decoy(), password);
      this.loginFailed({ type: 'user', id: user?.id ?? null, name: email.toLowerCase() }, user ? 'no_password' : 'unknown_email');
      throw invalidCredentials();
    }
    const passwordMatches = await verifyPassword(user.passwordHash, password);
    if (!user.isActive) {
      this.loginFailed(accountOf(user), 'account_inactive');
      throw invalidCredentials();
    }

    // The row is locked while the outcome is recorded: concurrent guesses are counted one by one.
    const outcome = await this.dataSource.transaction(async (tx) => {
      const [row]: LockRow[] = await tx.query(`SELECT failed_login_attempts, locked_until FROM users WHERE id = $1 FOR UPDATE`, [user.id]);
      if (!row) return 'refused' as const;
      const state = { failedAttempts: row.failed_login_attempts, lockedUntil: row.locked_until };
      if (isLocked(state, now)) return 'locked' as const;
      const next = passwordMatches ? afterSuccessfulLogin() : afterFailedLogin(state, now);
      await tx.query(
        `UPDATE users SET failed_login_attempts = $2, locked_until = $3, last_login = CASE WHEN $4 THEN $5 ELSE last_login END
          WHERE id = $1`,
        [user.id, next.failedAttempts, next.lockedUntil, passwordMatches, now],
      );
      if (passwordMatches) return 'granted' as const;
      return isLocked(next, now) ? ('locked_now' as const) : ('refused' as const);
    });
    if (outcome !== 'granted') {
      this.loginFailed(accountOf(user), outcome === 'locked' ? 'account_locked' : 'invalid_password');
      if (outcome === 'locked_now') {
        this.audit.record({
          type: 'account_locked',
          outcome: 'success',
          actor: ANONYMOUS,
          target: accountOf(user),
          reason: 'too_many_failed_logins',
        });
      }
      throw invalidCredentials();
    }

    const fresh = await this.users.findById(user.id);
    if (!fresh) throw invalidCredentials();
    this.audit.record({ type: 'login', outcome: 'success', actor: userActor(fresh), target: accountOf(fresh) });
    return this.session(fresh);
  }

  /**
   * ContextForge's public registration (PUBLIC_REGISTRATION_ENABLED, off by default: 403). The new user is an
   * ordinary one, made as admins make users (personal team, default roles), and gets a session at once.
   */
  async register(request: RegisterRequest) {
    if (!this.config.selfService.publicRegistrationEnabled) {
      throw forbidden('Public registration is disabled. Please contact an administrator to create an account.');
    }
    const created = await this.users.createEmailAccount(
      {
        email: request.email,
        password: request.password,
        fullName: request.full_name ?? null,
        isAdmin: false,
        isActive: true,
        passwordChangeRequired: false,
      },
      'self-registration',
    );
    // Read back: the session token carries columns the database filled in (credential_version).
    const user = (await this.users.findById(created.id)) ?? created;
    this.audit.record({ type: 'registration', outcome: 'success', actor: userActor(user), target: accountOf(user) });
    return this.session(user);
  }

  async me(principal: Principal) {
    const user = principal.user ? await this.users.findById(principal.user.id) : null;
    if (!user) throw notFound('User profile (the master key is not a user)');
    return toEmailUser(user);
  }

  async changePassword(principal: Principal, oldPassword: string, newPassword: string) {
    const email = principal.user?.email;
    if (!email) throw badRequest('Only users with an email can change a password');
    const user = await this.users.findByEmailWithPasswordHash(email);
    if (!user || !(await verifyPassword(user.passwordHash, oldPassword))) {
      if (user) {
        this.audit.record({
          type: 'password_changed',
          outcome: 'failure',
          actor: userActor(user),
          target: accountOf(user),
          reason: 'invalid_current_password',
        });
      }
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Current password is incorrect');
    }
    if (oldPassword === newPassword) throw badRequest('The new password must differ from the current one', 'new_password');
    const passwordHash = await hashPassword(newPassword);
    // Every session ends with the old password, this one included: the caller logs in again with the new one.
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `UPDATE users SET password_hash = $2, password_change_required = false, failed_login_attempts = 0, locked_until = NULL,
                updated_at = now()
          WHERE id = $1`,
        [user.id, passwordHash],
      );
      await this.users.endSessions(tx, user.id);
    });
    this.audit.record({ type: 'password_changed', outcome: 'success', actor: userActor(user), target: accountOf(user) });
    return { success: true, message: 'Password changed successfully' };
  }

  private session(user: UserEntity) {
    const token = this.tokens.issueSessionToken({
      id: user.id,
      credentialVersion: user.credentialVersion,
      email: user.email!,
      isAdmin: user.isAdmin,
      authProvider: user.authProvider,
    });
    return {
      access_token: token.accessToken,
      token_type: 'bearer',
      expires_in: token.expiresIn,
      user: toEmailUser(user),
    };
  }

  private loginFailed(target: { type: 'user'; id: string | null; name: string | null }, reason: string): void {
    this.audit.record({ type: 'login_failed', outcome: 'failure', actor: ANONYMOUS, target, reason });
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword(randomBytes(32).toString('hex'));
    return this.decoyHash;
  }
}
