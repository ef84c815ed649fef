/** One outgoing mail. `text` may carry a secret (a reset link): senders never log it. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** What the mail is for (`password_reset`), for logs and the outbox. */
  kind: string;
}

/** Delivers mail; which one is configured (log/outbox, SMTP) is chosen at boot from SMTP_* settings. */
export interface MailSender {
  send(message: MailMessage): Promise<void>;
}

export const MAIL_SENDER = Symbol('MAIL_SENDER');
