import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { TokenService } from '../../auth/token.service.js';
import { hashPassword, verifyPassword } from '../../common/crypto/passwords.js';
import { badRequest, DomainError, ErrorCode, notFound } from '../../common/errors/domain-error.js';
import { toEmailUser } from './email-user.view.js';
import { afterFailedLogin, afterSuccessfulLogin, isLocked } from './login-lockout.js';
import { UsersService } from './users.service.js';

/** One message for every refused login, so answers never tell which emails exist or which accounts are locked. */
const invalidCredentials = () => new DomainError(ErrorCode.UNAUTHENTICATED, 'Invalid email or password');

interface LockRow {
  failed_login_attempts: number;
  locked_until: Date | null;
}

/** ContextForge email authentication: password login with lockout, the caller's profile, password changes. */
@Injectable()
export class EmailAuthService {
  /** Verified against when there is no real hash, so unknown emails cost as much time as wrong passwords. */
  private decoyHash: Promise<string> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  async login(email: string, password: string, now: Date = new Date()) {
    const user = await this.users.findByEmailWithPasswordHash(email);
    if (!user?.passwordHash) {
      await verifyPassword(await this.decoy(), password);
      throw invalidCredentials();
    }
    const passwordMatches = await verifyPassword(user.passwordHash, password);
    if (!user.isActive) throw invalidCredentials();

    // The row is locked while the outcome is recorded: concurrent guesses are counted one by one.
    const outcome = await this.dataSource.transaction(async (tx) => {
      const [row]: LockRow[] = await tx.query(`SELECT failed_login_attempts, locked_until FROM users WHERE id = $1 FOR UPDATE`, [user.id]);
      if (!row) return 'refused' as const;
      const state = { failedAttempts: row.failed_login_attempts, lockedUntil: row.locked_until };
      if (isLocked(state, now)) return 'refused' as const;
      const next = passwordMatches ? afterSuccessfulLogin() : afterFailedLogin(state, now);
      await tx.query(
        `UPDATE users SET failed_login_attempts = $2, locked_until = $3, last_login = CASE WHEN $4 THEN $5 ELSE last_login END
          WHERE id = $1`,
        [user.id, next.failedAttempts, next.lockedUntil, passwordMatches, now],
      );
      return passwordMatches ? ('granted' as const) : ('refused' as const);
    });
    if (outcome !== 'granted') throw invalidCredentials();

    const fresh = await this.users.findById(user.id);
    if (!fresh) throw invalidCredentials();
    const token = this.tokens.issueSessionToken({
      id: fresh.id,
      credentialVersion: fresh.credentialVersion,
      email: fresh.email!,
      isAdmin: fresh.isAdmin,
      authProvider: fresh.authProvider,
    });
    return {
      access_token: token.accessToken,
      token_type: 'bearer',
      expires_in: token.expiresIn,
      user: toEmailUser(fresh),
    };
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
    return { success: true, message: 'Password changed successfully' };
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword(randomBytes(32).toString('hex'));
    return this.decoyHash;
  }
}
