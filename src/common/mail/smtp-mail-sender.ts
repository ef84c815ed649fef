import { Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../../config/app-config.js';
import type { MailMessage, MailSender } from './mail-sender.js';

/**
 * Delivery through the configured SMTP server (SMTP_*), with nodemailer. Port 465 speaks TLS from the first byte;
 * other ports upgrade with STARTTLS, which SMTP_USE_TLS makes mandatory. The message text (it may hold a reset
 * link) is never logged: a failure names the mail's kind and the server only.
 */
export class SmtpMailSender implements MailSender {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter;

  constructor(private readonly smtp: SmtpConfig) {
    const implicitTls = smtp.port === 465;
    this.transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: implicitTls,
      requireTLS: smtp.useTls && !implicitTls,
      ignoreTLS: !smtp.useTls && !implicitTls,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.smtp.fromEmail, to: message.to, subject: message.subject, text: message.text });
    } catch (error) {
      this.logger.error(`Mail "${message.kind}" via ${this.smtp.host}:${this.smtp.port} failed: ${(error as Error).message}`);
      // The cause stays out: nodemailer's errors can quote the SMTP exchange, which may include the text.
      // eslint-disable-next-line preserve-caught-error
      throw new Error(`Mail "${message.kind}" could not be delivered`);
    }
  }
}
