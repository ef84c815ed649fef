import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { LogMailSender, MailOutbox } from './log-mail-sender.js';
import { MAIL_SENDER } from './mail-sender.js';
import { SmtpMailSender } from './smtp-mail-sender.js';

/** The configured mail sender (`MAIL_SENDER`): SMTP when SMTP_HOST is set, else the log + in-memory outbox one. */
@Global()
@Module({
  providers: [
    MailOutbox,
    LogMailSender,
    {
      provide: MAIL_SENDER,
      inject: [APP_CONFIG, LogMailSender],
      useFactory: (config: AppConfig, log: LogMailSender) => (config.mail.smtp ? new SmtpMailSender(config.mail.smtp) : log),
    },
  ],
  exports: [MAIL_SENDER, MailOutbox],
})
export class MailModule {}
