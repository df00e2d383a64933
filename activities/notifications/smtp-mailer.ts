// The SMTP mailer of approver e-mails: nodemailer's transport, configured once by the entry point
// (SMTP_URL, SMTP_FROM, the password by configuration, never in the URL's logs). Retries stay with
// Temporal: the transport makes one attempt per activity attempt.
import nodemailer from 'nodemailer';
import type { Mailer } from './notification-mail';

export interface SmtpSettings {
  /** `smtp://host:port` (STARTTLS when offered) or `smtps://host:port`. */
  url: string;
  from: string;
  user?: string;
  password?: string;
  timeoutMs: number;
}

export function createSmtpMailer(settings: SmtpSettings): Mailer & { close(): void } {
  const url = new URL(settings.url);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text, headers: mail.headers });
      const code = Number(/^(\d{3})/.exec(String(info.response))?.[1] ?? 250);
      return { code };
    },
    close: () => transport.close(),
  };
}
