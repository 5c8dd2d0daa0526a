/**
 * Per-user email settings (ADR 0060): for now, whether the user gets the
 * weekly summary (off unless they turn it on).
 *
 * @module
 */
import type { Sql } from "@kopek/platform";

/** A user's email settings. */
export interface EmailSettings {
  readonly weeklySummary: boolean;
}

/** Reads and writes the settings. */
export interface MailSettings {
  get(userId: string): Promise<EmailSettings>;
  set(userId: string, settings: EmailSettings): Promise<EmailSettings>;
}

/** The settings in `mail_settings`. */
export function createMailSettings(sql: Sql): MailSettings {
  return {
    async get(userId) {
      const [row] = await sql<{ weekly_summary: boolean }[]>`
        SELECT weekly_summary FROM mail_settings WHERE user_id = ${userId}`;
      return { weeklySummary: row?.weekly_summary ?? false };
    },
    async set(userId, settings) {
      await sql`
        INSERT INTO mail_settings (user_id, weekly_summary) VALUES (${userId}, ${settings.weeklySummary})
        ON CONFLICT (user_id) DO UPDATE SET weekly_summary = EXCLUDED.weekly_summary, updated_at = now()`;
      return { weeklySummary: settings.weeklySummary };
    },
  };
}
