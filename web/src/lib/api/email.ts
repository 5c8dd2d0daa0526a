/**
 * Email's calls (ADR 0060): password reset by email (signed out) and the
 * weekly summary's opt-in (signed in).
 *
 * @module
 */
import { request } from "./client.ts";

/** `GET`/`PUT /v1/me/email-settings`. */
export interface EmailSettings {
  readonly enabled: boolean;
  readonly weeklySummary: boolean;
}

/** `POST /v1/auth/password-reset`: the same answer whether or not an account has the address. */
export async function requestPasswordReset(email: string): Promise<void> {
  await request("/v1/auth/password-reset", { method: "POST", auth: false, body: { email } });
}

/** `POST /v1/auth/password-reset/confirm`: the new password; every session of the account ends. */
export async function confirmPasswordReset(token: string, password: string): Promise<void> {
  await request("/v1/auth/password-reset/confirm", {
    method: "POST",
    auth: false,
    body: { token, password },
  });
}

/** `GET /v1/me/email-settings`. */
export async function fetchEmailSettings(): Promise<EmailSettings> {
  return (await request<EmailSettings>("/v1/me/email-settings")).data;
}

/** `PUT /v1/me/email-settings`. */
export async function saveEmailSettings(weeklySummary: boolean): Promise<EmailSettings> {
  return (await request<EmailSettings>("/v1/me/email-settings", {
    method: "PUT",
    body: { weeklySummary },
  })).data;
}
