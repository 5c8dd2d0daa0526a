/**
 * The mailer port (ADR 0060): what the mail worker needs of a way to send a
 * mail. The SMTP adapter is `smtp.ts`; tests may pass their own.
 *
 * @module
 */

/** One mail to one recipient, rendered (both parts) and with a safe subject. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The outbox row's id: the Message-ID's left part, so a retried send keeps one id. */
  readonly id: string;
}

/** Sends mails; a rejected promise is a failed attempt (the outbox retries it later). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  /** Closes its connections. */
  close(): void;
}
