import { Logger } from '@nestjs/common';
import type { SmtpConfig } from '../../config/app-config.js';
import type { MailMessage, MailSender } from './mail-sender.js';

/**
 * SMTP delivery is configured (SMTP_HOST) but no SMTP client library is installed in this build (nodemailer is not
 * a dependency), so every send fails with a logged error instead of pretending to deliver. The interface is the
 * seam: a real client drops in here without touching the callers.
 */
export class UnavailableSmtpMailSender implements MailSender {
  private readonly logger = new Logger('Mail');

  constructor(private readonly smtp: SmtpConfig) {
    this.logger.warn(`SMTP_HOST=${smtp.host} is set, but SMTP delivery is not available in this build: mails will not be delivered`);
  }

  async send(message: MailMessage): Promise<void> {
    throw new Error(`SMTP delivery is not available (mail "${message.kind}" via ${this.smtp.host}:${this.smtp.port} not sent)`);
  }
}
