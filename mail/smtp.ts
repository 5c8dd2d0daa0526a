/**
 * The SMTP adapter of the mailer port, on Nodemailer (ADR 0060), configured
 * by `KOPEK_SMTP_URL` (`smtp://` with STARTTLS when the server offers it, or
 * `smtps://` for TLS from the start; `user:password@` when the server wants a
 * login) and `KOPEK_MAIL_FROM`.
 *
 * @module
 */
import nodemailer from "nodemailer";
import type { Mailer, OutgoingMail } from "./mailer.ts";

/** How the SMTP adapter connects and whom its mails come from. */
export interface SmtpOptions {
  /** `smtp://[user:pass@]host[:port]` or `smtps://…`. */
  readonly url: string;
  /** The From address, e.g. `Kopek <kopek@example.com>`. */
  readonly from: string;
  /** Bound of connecting, greeting and each command (ms; default 10 s). */
  readonly timeoutMs?: number;
}

/** The domain of the From address (the Message-IDs' right part). */
function domainOf(from: string): string {
  const match = /@([A-Za-z0-9.-]+)/.exec(from);
  return match ? match[1] : "kopek.invalid";
}

/** A mailer sending through one SMTP server. */
export function createSmtpMailer(options: SmtpOptions): Mailer {
  const timeout = options.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport(
    {
      url: options.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      // A few connections kept open while a batch is sent.
      pool: true,
      maxConnections: 2,
    } as Parameters<typeof nodemailer.createTransport>[0],
  );
  const domain = domainOf(options.from);
  return {
    async send(mail: OutgoingMail) {
      await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.id}@${domain}>`,
        // Automated mail (RFC 3834): auto-responders should not answer it.
        headers: { "Auto-Submitted": "auto-generated" },
        // Nodemailer's own safety: no file or URL content, whatever the fields hold.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    },
    close() {
      transport.close();
    },
  };
}
