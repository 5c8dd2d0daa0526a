/**
 * The answers of email's routes (ADR 0060).
 *
 * @module
 */

/** `POST /v1/auth/password-reset`: the same answer whether or not an account has the address. */
export interface PasswordResetAccepted {
  readonly accepted: true;
}

/** `POST /v1/auth/password-reset/confirm`: the password is set, every session ended. */
export interface PasswordResetDone {
  readonly reset: true;
}

/** `GET` and `PUT /v1/me/email-settings`. */
export interface EmailSettings {
  /** Whether this server sends email (`KOPEK_SMTP_URL`). */
  readonly enabled: boolean;
  /** Whether the caller gets the weekly summary. */
  readonly weeklySummary: boolean;
}

/** `POST /v1/groups/{g}/invites/{i}/email`: the mail is in the outbox. */
export interface InviteMailed {
  readonly queued: true;
}
