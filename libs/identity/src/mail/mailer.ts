import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@cms/core';
import type { Transporter } from 'nodemailer';

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * Sends mail through SMTP when `SMTP_URL` is set; otherwise writes each message as a JSON file in
 * the outbox folder (and, in development, to the log), so that nothing needs a mail server.
 */
@Injectable()
export class Mailer {
  private readonly logger = new Logger('Mailer');
  private transport?: Promise<Transporter>;
  private readonly outbox: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.outbox = config.mail.outboxDir ?? join(config.dataDir, 'outbox');
  }

  async send(mail: Mail): Promise<void> {
    const message = { from: this.config.mail.from, ...mail };
    const smtpUrl = this.config.mail.smtpUrl;
    if (smtpUrl) {
      // nodemailer loads on the first mail, not at every start.
      this.transport ??= import('nodemailer').then(({ createTransport }) => createTransport(smtpUrl));
      await (await this.transport).sendMail(message);
      return;
    }
    mkdirSync(this.outbox, { recursive: true });
    const file = join(this.outbox, `${Date.now()}-${randomBytes(4).toString('hex')}.json`);
    writeFileSync(file, JSON.stringify(message, null, 2), { mode: 0o600 });
    if (this.config.nodeEnv === 'development') {
      this.logger.log(`mail to ${mail.to} written to ${file}: ${mail.subject}\n${mail.text}`);
    } else {
      this.logger.log(`mail to ${mail.to} written to ${file} (no SMTP_URL is set)`);
    }
  }
}
