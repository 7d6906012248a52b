import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailSender } from '../../domain/ports';

/** Email over SMTP (nodemailer); plain text, UTF-8. */
export class SmtpEmailSender implements EmailSender {
  private readonly transport: Transporter;

  constructor(private readonly options: { url: string; from: string; timeoutMs: number }) {
    this.transport = nodemailer.createTransport(options.url, {
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    } as never);
  }

  async send(to: string, subject: string, text: string, idempotencyKey: string): Promise<void> {
    await this.transport.sendMail({
      from: this.options.from,
      to,
      subject,
      text,
      // stable across resends so mail clients can tell duplicates
      messageId: `<${idempotencyKey.replace(/[^A-Za-z0-9.:_-]/g, '_')}@xinfang>`,
    });
  }

  close(): void {
    this.transport.close();
  }
}
