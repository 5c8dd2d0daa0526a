/**
 * Email as the API sees it (ADR 0060): the outbox, the reset tokens, the
 * settings and the origin of the links, wired from `KOPEK_SMTP_URL`,
 * `KOPEK_MAIL_FROM` and `KOPEK_PUBLIC_ORIGIN`. Without `KOPEK_SMTP_URL` there
 * is no desk: the routes that need email answer 404 `email.disabled`.
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import { createMailOutbox, type MailOutbox, type MailPolicy } from "./outbox.ts";
import { createPasswordResets, type PasswordResets } from "./resets.ts";
import { createMailSettings, type MailSettings } from "./settings.ts";

/** Email, when configured. */
export interface MailDesk {
  readonly outbox: MailOutbox;
  readonly resets: PasswordResets;
  readonly settings: MailSettings;
  /** The PWA's origin (no trailing slash): the mails' links start with it. */
  readonly appOrigin: string;
  /** After a mail is queued (the all-in-one wakes its worker). */
  readonly onQueued: () => void;
}

/** The variables email reads. */
export interface MailConfig {
  readonly KOPEK_SMTP_URL?: string;
  readonly KOPEK_MAIL_FROM?: string;
  readonly KOPEK_PUBLIC_ORIGIN?: string;
}

/** What the SMTP adapter and the links need, or null when email is off. */
export function mailSetup(
  config: MailConfig,
): { smtpUrl: string; from: string; appOrigin: string } | null {
  if (!config.KOPEK_SMTP_URL) return null;
  if (!config.KOPEK_PUBLIC_ORIGIN) {
    throw new Error(
      "KOPEK_SMTP_URL needs KOPEK_PUBLIC_ORIGIN: the mails' links point at the PWA's origin",
    );
  }
  const origin = new URL(config.KOPEK_PUBLIC_ORIGIN);
  const appOrigin = `${origin.origin}${origin.pathname.replace(/\/+$/, "")}`;
  return {
    smtpUrl: config.KOPEK_SMTP_URL,
    from: config.KOPEK_MAIL_FROM ?? `Kopek <noreply@${origin.hostname}>`,
    appOrigin,
  };
}

/** The desk, or null when email is off. */
export function createMailDesk(
  sql: Sql,
  config: MailConfig,
  options: { onQueued?: () => void; policy?: Partial<MailPolicy> } = {},
): MailDesk | null {
  const setup = mailSetup(config);
  if (!setup) return null;
  return {
    outbox: createMailOutbox(sql, options.policy),
    resets: createPasswordResets(sql),
    settings: createMailSettings(sql),
    appOrigin: setup.appOrigin,
    onQueued: options.onQueued ?? (() => {}),
  };
}
