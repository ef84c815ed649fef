import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ANONYMOUS, AUDIT_RECORDER, type AuditRecorder, userActor } from '../../common/audit/audit-recorder.js';
import { hashPassword } from '../../common/crypto/passwords.js';
import { badRequest, forbidden } from '../../common/errors/domain-error.js';
import { MAIL_SENDER, type MailSender } from '../../common/mail/mail-sender.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { PasswordResetTokenEntity } from './entities/password-reset-token.entity.js';
import { hashResetToken, issueResetToken, resetTokenError, resetTokenState } from './password-reset-token.js';
import { LoginBackoffService } from './login-backoff.service.js';
import { UsersService } from './users.service.js';

/**
 * At most this many reset mails per account in the window: more requests get the same answer and no mail, so the
 * route cannot be used to flood someone's mailbox (and, unlike a 429, the answer still tells nothing).
 */
export const RESET_REQUEST_LIMIT = { count: 5, windowMinutes: 15 } as const;

/** The one answer to every forgot-password request, so it never tells which emails have accounts. */
export const FORGOT_PASSWORD_ANSWER = { success: true, message: 'If this email is registered, you will receive a reset link.' };

/**
 * Self-service password resets: a random single-use token, mailed, stored only as its SHA-256, expiring
 * (PASSWORD_RESET_TOKEN_EXPIRY_MINUTES). Using it sets the password, clears any lockout and ends every session.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly backoff: LoginBackoffService,
    @Inject(MAIL_SENDER) private readonly mail: MailSender,
    @Inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  /** Always the same answer; a token is made and mailed only for an active local account. */
  async request(email: string, now: Date = new Date()) {
    this.assertEnabled();
    const address = email.toLowerCase();
    const user = await this.users.findByEmail(address);
    if (!user || !user.isActive || user.authProvider !== 'local' || !user.email) {
      this.audit.record({
        type: 'password_reset_requested',
        outcome: 'failure',
        actor: ANONYMOUS,
        target: { type: 'user', id: user?.id ?? null, name: address },
        reason: 'no_active_local_account',
      });
      return FORGOT_PASSWORD_ANSWER;
    }
    const issued = issueResetToken(now, this.config.selfService.passwordResetTokenExpiryMinutes);
    const issuedNow = await this.dataSource.transaction(async (tx) => {
      const since = new Date(now.getTime() - RESET_REQUEST_LIMIT.windowMinutes * 60_000);
      const [{ recent }]: { recent: number }[] = await tx.query(
        `SELECT count(*)::int AS recent FROM password_reset_tokens WHERE user_id = $1 AND created_at > $2`,
        [user.id, since],
      );
      if (recent >= RESET_REQUEST_LIMIT.count) return false;
      // Only the newest link works: asking again spends the older ones.
      await tx.query(`UPDATE password_reset_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [user.id, now]);
      await tx
        .getRepository(PasswordResetTokenEntity)
        .insert({ userId: user.id, tokenHash: issued.tokenHash, expiresAt: issued.expiresAt });
      return true;
    });
    if (!issuedNow) {
      this.audit.record({
        type: 'password_reset_requested',
        outcome: 'failure',
        actor: ANONYMOUS,
        target: { type: 'user', id: user.id, name: user.email },
        reason: 'rate_limited',
      });
      return FORGOT_PASSWORD_ANSWER;
    }
    this.audit.record({
      type: 'password_reset_requested',
      outcome: 'success',
      actor: ANONYMOUS,
      target: { type: 'user', id: user.id, name: user.email },
      details: { expires_at: issued.expiresAt.toISOString() },
    });
    // Not awaited: the answer takes as long whether or not a mail goes out, and a mail failure is only logged.
    const link = `${this.config.selfService.passwordResetUrlBase.replace(/\/+$/, '')}/${issued.token}`;
    this.mail
      .send({
        to: user.email,
        kind: 'password_reset',
        subject: 'Reset your password',
        text:
          `Someone asked to reset the password of this account. To choose a new password, open:\n\n${link}\n\n` +
          `The link works once and expires at ${issued.expiresAt.toISOString()}. If you did not ask, ignore this mail.`,
      })
      .catch((error: unknown) => this.logger.error(`Password reset mail not sent: ${(error as Error).message}`));
    return FORGOT_PASSWORD_ANSWER;
  }

  /** `GET /reset-password/{token}`: whether the token can still be used (nothing is spent). */
  async validate(token: string, now: Date = new Date()) {
    this.assertEnabled();
    const row = await this.find(token);
    const state = resetTokenState(row, now);
    if (state !== 'valid') throw resetTokenError(state);
    return { valid: true, message: 'Reset token is valid', expires_at: row!.expiresAt.toISOString() };
  }

  async reset(token: string, newPassword: string, confirmPassword: string | undefined, now: Date = new Date()) {
    this.assertEnabled();
    if (confirmPassword !== undefined && confirmPassword !== newPassword) throw badRequest('Passwords do not match', 'confirm_password');
    const passwordHash = await hashPassword(newPassword);
    const tokenHash = hashResetToken(token);
    const outcome = await this.dataSource.transaction(async (tx) => {
      // Checked and spent in one statement: two requests racing with one token cannot both pass. (An UPDATE answers
      // [rows, count] through TypeORM.)
      const [spent]: [{ user_id: string }[], number] = await tx.query(
        `UPDATE password_reset_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`,
        [tokenHash, now],
      );
      if (spent.length === 0) return { ok: false as const };
      const user = await this.users.findById(spent[0].user_id, tx);
      if (!user || !user.isActive) return { ok: false as const };
      await tx.query(`UPDATE users SET password_hash = $2, password_change_required = false, updated_at = now() WHERE id = $1`, [
        user.id,
        passwordHash,
      ]);
      // Whoever proved they own the mailbox is let back in at once: every failed-login streak of the account ends.
      if (user.email) await this.backoff.clear(user.email, tx);
      await tx.query(`UPDATE password_reset_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, [user.id, now]);
      // Every session made with the old password ends (credential version), wherever it was issued.
      await this.users.endSessions(tx, user.id);
      return { ok: true as const, user };
    });
    if (!outcome.ok) {
      const row = await this.find(token);
      const state = resetTokenState(row, now);
      const refusal = state === 'valid' ? 'unknown' : state;
      this.audit.record({
        type: 'password_reset',
        outcome: 'failure',
        actor: ANONYMOUS,
        target: { type: 'user', id: row?.userId ?? null },
        reason: `token_${refusal}`,
      });
      throw resetTokenError(refusal);
    }
    this.audit.record({
      type: 'password_reset',
      outcome: 'success',
      actor: userActor(outcome.user),
      target: { type: 'user', id: outcome.user.id, name: outcome.user.email },
    });
    return { success: true, message: 'Password reset successful. Please sign in with your new password.' };
  }

  private find(token: string): Promise<PasswordResetTokenEntity | null> {
    return this.dataSource.getRepository(PasswordResetTokenEntity).findOneBy({ tokenHash: hashResetToken(token) });
  }

  private assertEnabled(): void {
    if (!this.config.selfService.passwordResetEnabled) throw forbidden('Password reset is disabled');
  }
}
