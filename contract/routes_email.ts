/**
 * The route table's email routes (ADR 0060): password reset by email, the
 * weekly summary's opt-in, an invite's link by email. Without
 * `KOPEK_SMTP_URL` each answers 404 `email.disabled` (the settings' read
 * says `enabled: false`).
 *
 * @module
 */
import {
  EmailSettingsInput,
  InviteEmailInput,
  PasswordResetConfirmInput,
  PasswordResetInput,
} from "./schemas.ts";
import { read, type Route, write } from "./route.ts";

/** Email's routes. */
export const EMAIL_ROUTES: readonly Route[] = [
  write("post", "/v1/auth/password-reset", {
    summary: "Mail a password reset link to the address's account, if any (202 either way)",
    auth: "none",
    body: PasswordResetInput,
    ok: 202,
    response: "PasswordResetAccepted",
    problems: ["email.disabled"],
  }),
  write("post", "/v1/auth/password-reset/confirm", {
    summary: "Set a new password with a mailed reset token (once, within the hour); " +
      "every session ends",
    auth: "none",
    body: PasswordResetConfirmInput,
    response: "PasswordResetDone",
    problems: ["email.disabled", "password_reset.invalid"],
  }),
  read("/v1/me/email-settings", {
    summary: "Whether this server sends email, and the caller's weekly summary opt-in",
    response: "EmailSettings",
  }),
  write("put", "/v1/me/email-settings", {
    summary: "Turn the weekly summary by email on or off",
    body: EmailSettingsInput,
    response: "EmailSettings",
    problems: ["forbidden", "email.disabled"],
  }),
  write("post", "/v1/groups/{g}/invites/{i}/email", {
    summary: "Mail an active invite's link to an address (who may grant its role; " +
      "a few mails per address and hour)",
    body: InviteEmailInput,
    ok: 202,
    response: "InviteMailed",
    problems: [
      "forbidden",
      "email.disabled",
      "invite.used",
      "invite.expired",
      "invite.revoked",
      "invite.dead",
    ],
  }),
];
