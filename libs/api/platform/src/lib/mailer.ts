import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from './app-config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Machine-readable headers for mail filters and tests, e.g. the notice kind and the ballot. */
  headers?: Record<string, string>;
  /** Files sent with the message (an audit checkpoint, a report). */
  attachments?: { filename: string; content: string | Buffer; contentType: string }[];
}

/** E-mail alerts over SMTP when SMTP_URL is set; otherwise they are skipped (in-app alerts remain). */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.smtp ? createTransport(config.smtp.url) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Sends each message; a failure is logged and does not stop the others. Returns how many went out. */
  async sendAll(messages: readonly MailMessage[]): Promise<number> {
    if (!this.transport || !this.config.smtp) return 0;
    let sent = 0;
    for (const message of messages) {
      try {
        await this.transport.sendMail({ from: this.config.smtp.from, to: message.to, subject: message.subject, text: message.text, headers: message.headers, attachments: message.attachments });
        sent += 1;
        this.logger.log({ to: message.to, notice: message.headers?.['X-Ecabinet-Notice'] ?? null }, 'e-mail sent');
      } catch (error) {
        this.logger.warn({ err: error, to: message.to }, 'e-mail not sent');
      }
    }
    return sent;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
