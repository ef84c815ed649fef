import { Injectable, Logger } from '@nestjs/common';
import type { MailMessage, MailSender } from './mail-sender.js';

const OUTBOX_SIZE = 100;

/**
 * The mails that were "sent" without SMTP, newest last, kept in memory only (never logged, never stored): tests
 * and a developer's debugger read them here. Bounded so a flood of requests cannot grow it.
 */
@Injectable()
export class MailOutbox {
  private readonly messages: MailMessage[] = [];

  push(message: MailMessage): void {
    this.messages.push(message);
    if (this.messages.length > OUTBOX_SIZE) this.messages.shift();
  }

  /** Mails to one address, oldest first. */
  to(address: string): MailMessage[] {
    return this.messages.filter((m) => m.to === address.toLowerCase());
  }

  all(): readonly MailMessage[] {
    return this.messages;
  }
}

/** The default sender: logs that a mail went out (recipient domain and kind, not its body) and keeps it in the outbox. */
@Injectable()
export class LogMailSender implements MailSender {
  private readonly logger = new Logger('Mail');

  constructor(private readonly outbox: MailOutbox) {}

  async send(message: MailMessage): Promise<void> {
    this.outbox.push({ ...message, to: message.to.toLowerCase() });
    const domain = message.to.split('@')[1] ?? 'unknown';
    this.logger.log(`Mail "${message.kind}" queued for a recipient at ${domain} (no SMTP configured: kept in the in-memory outbox)`);
  }
}
