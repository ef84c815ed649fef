import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { TokenService } from '../../auth/token.service.js';
import { ANONYMOUS, AUDIT_RECORDER, type AuditRecorder, type AuditTarget, userActor } from '../../common/audit/audit-recorder.js';
import { hashPassword, verifyPassword } from '../../common/crypto/passwords.js';
import { badRequest, DomainError, ErrorCode, forbidden, notFound, tooManyRequests } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { RegisterRequest } from './dto/register.request.js';
import type { UserEntity } from './entities/user.entity.js';
import { toEmailUser } from './email-user.view.js';
import { LoginBackoffService } from './login-backoff.service.js';
import { UsersService } from './users.service.js';

/** One message for every refused login, so answers never tell which emails exist (back-off waits apply to any email). */
const invalidCredentials = () => new DomainError(ErrorCode.UNAUTHENTICATED, 'Invalid email or password');

/** The account an auth event is about. */
const accountOf = (user: { id: string; email: string | null }) => ({ type: 'user' as const, id: user.id, name: user.email });

/**
 * ContextForge email authentication: password login with back-off, self-registration, the caller's profile, password
 * changes. Every attempt is recorded in the audit log (never with the password).
 */
@Injectable()
export class EmailAuthService {
  /** Verified against when there is no real hash, so unknown emails cost as much time as wrong passwords. */
  private decoyHash: Promise<string> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly backoff: LoginBackoffService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  /**
   * Password login with back-off per (account, client address) and per account (login-backoff.ts): an address that
   * must wait gets 429 with Retry-After, for unknown emails as for real ones.
   */
  async login(email: string, password: string, clientIp: string) {
    const account = email.trim().toLowerCase();
    // Checked first, so a waiting address does not cost a password hash; decided again under lock below.
    const waitMs = await this.backoff.waitMs(account, clientIp, new Date());
    if (waitMs > 0) throw this.mustWait(account, waitMs);

    const user = await this.users.findByEmailWithPasswordHash(email);
    // Unknown emails and users without a password cost as much time as wrong passwords.
    const passwordMatches = await verifyPassword(user?.passwordHash || (await this.decoy()), password);
    const failure = !user ? 'unknown_email' : !user.passwordHash ? 'no_password' : !user.isActive ? 'account_inactive' : null;
    // Timed after the hash, so a wait runs from the moment the failure is recorded.
    const now = new Date();
    const verdict = await this.backoff.settle(account, clientIp, passwordMatches && failure === null, now);
    const target = user ? accountOf(user) : { type: 'user' as const, id: null, name: account };
    if (verdict.outcome === 'waiting') throw this.mustWait(account, verdict.waitMs, target);
    if (verdict.outcome === 'refused') {
      this.loginFailed(target, failure ?? 'invalid_password');
      if (verdict.accountBlockedNow) {
        this.audit.record({ type: 'account_locked', outcome: 'success', actor: ANONYMOUS, target, reason: 'too_many_failed_logins' });
      }
      throw invalidCredentials();
    }

    await this.users.recordLogin(user!.id, now);
    const fresh = await this.users.findById(user!.id);
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
      await tx.query(`UPDATE users SET password_hash = $2, password_change_required = false, updated_at = now() WHERE id = $1`, [
        user.id,
        passwordHash,
      ]);
      await this.backoff.clear(email, tx);
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

  private mustWait(account: string, waitMs: number, target?: AuditTarget): DomainError {
    this.loginFailed(target ?? { type: 'user', id: null, name: account }, 'backing_off');
    const seconds = Math.ceil(waitMs / 1000);
    return tooManyRequests(`Too many failed login attempts. Try again in ${seconds} seconds.`, seconds);
  }

  private loginFailed(target: AuditTarget, reason: string): void {
    this.audit.record({ type: 'login_failed', outcome: 'failure', actor: ANONYMOUS, target, reason });
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword(randomBytes(32).toString('hex'));
    return this.decoyHash;
  }
}
