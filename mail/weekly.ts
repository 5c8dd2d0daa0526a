/**
 * The weekly summary (ADR 0060): once per ISO week, each user who turned it
 * on gets their balance in each of their groups. Exactly once per user and
 * week however many workers run: a worker claims (user, week) by inserting a
 * row, and queues the mail in the same transaction; a worker whose insert
 * found the row sends nothing.
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import type { MailOutbox } from "./outbox.ts";
import { type SummaryGroup, weeklySummaryMail } from "./templates.ts";

/** The ISO 8601 week of an instant (UTC), as `2026-W49`. */
export function isoWeek(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The week's Thursday decides its year.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** What the weekly summary reads of a user's account. */
export interface MailAccount {
  readonly email: string;
  readonly displayName: string;
}

/** What the weekly summary needs. */
export interface WeeklyOptions {
  readonly sql: Sql;
  readonly outbox: MailOutbox;
  readonly clock: () => Date;
  readonly newId: () => string;
  /** The account's address and name, or null when it no longer exists. */
  readonly accountOf: (userId: string) => Promise<MailAccount | null>;
  /** The user's balance per group (read models only). */
  readonly balancesOf: (userId: string) => Promise<SummaryGroup[]>;
  /** The PWA's origin, for the link. */
  readonly appOrigin: string;
  /** Users looked at per tick (default 50). */
  readonly batch?: number;
}

/** One pass: queues this week's summaries not yet claimed; answers how many were queued. */
export async function queueWeeklySummaries(options: WeeklyOptions): Promise<number> {
  const week = isoWeek(options.clock());
  const due = await options.sql<{ user_id: string }[]>`
    SELECT s.user_id FROM mail_settings s
    WHERE s.weekly_summary AND NOT EXISTS (
      SELECT 1 FROM mail_weekly_claims c WHERE c.user_id = s.user_id AND c.week = ${week})
    ORDER BY s.user_id
    LIMIT ${options.batch ?? 50}`;
  let queued = 0;
  for (const { user_id: userId } of due) {
    const account = await options.accountOf(userId);
    const groups = account ? await options.balancesOf(userId) : [];
    const done = await options.sql.begin(async (tx) => {
      const t = tx as unknown as Sql;
      const won = await t`
        INSERT INTO mail_weekly_claims (user_id, week) VALUES (${userId}, ${week})
        ON CONFLICT DO NOTHING RETURNING user_id`;
      if (won.length === 0 || !account) return false;
      const mail = weeklySummaryMail({
        displayName: account.displayName,
        week,
        groups,
        link: `${options.appOrigin}/`,
      });
      const id = options.newId();
      return (await options.outbox.enqueue(
        { id, kind: "weekly-summary", senderId: null, to: account.email, mail },
        t,
      )) === "queued";
    });
    if (done) queued++;
  }
  return queued;
}
