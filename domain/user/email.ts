/**
 * The request bodies of email (ADR 0060): password reset by email, the
 * weekly summary's opt-in, an invite's link by email.
 *
 * @module
 */
import { z } from "zod";
import { RegisterInput } from "./account.ts";

/** Body of `POST /v1/auth/password-reset`. */
export const PasswordResetInput = z.strictObject({ email: RegisterInput.shape.email });

/** Body of `POST /v1/auth/password-reset/confirm`: the mailed token and the new password. */
export const PasswordResetConfirmInput = z.strictObject({
  token: z.string().max(100),
  password: RegisterInput.shape.password,
});

/** Body of `PUT /v1/me/email-settings`. */
export const EmailSettingsInput = z.strictObject({ weeklySummary: z.boolean() });

/** Body of `POST /v1/groups/{g}/invites/{i}/email`: the address to mail the invite to. */
export const InviteEmailInput = z.strictObject({ email: RegisterInput.shape.email });
