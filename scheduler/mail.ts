/**
 * Email's work in the scheduler's loop (ADR 0060): after each tick of
 * recurring expenses, a pass of the mail worker (this week's summaries
 * queued, the due mails of the outbox sent). A failed pass is logged and
 * never stops the recurrences.
 *
 * @module
 */
import { v7 as uuidv7 } from "uuid";
import {
  createMailOutbox,
  createSmtpMailer,
  mailAccounts,
  type Mailer,
  mailSetup,
  mailTick,
  type MailWork,
  queueWeeklySummaries,
  summaryBalances,
} from "@kopek/mail";
import type { Logger } from "@kopek/platform";
import type { Scheduler } from "./scheduler.ts";
import type { SchedulerComposeConfig, SchedulerShared } from "./compose.ts";

/** The mail worker's pass, or null when email is off (no `KOPEK_SMTP_URL`). */
export function composeMail(
  config: SchedulerComposeConfig,
  shared: SchedulerShared,
  clock: () => Date,
): MailWork | null {
  const setup = mailSetup(config);
  if (!setup) return null;
  const mailer: Mailer = shared.mailer ??
    createSmtpMailer({ url: setup.smtpUrl, from: setup.from });
  const outbox = createMailOutbox(shared.sql);
  const accountOf = mailAccounts(shared.store);
  return {
    outbox,
    mailer,
    logger: shared.logger,
    weekly: () =>
      queueWeeklySummaries({
        sql: shared.sql,
        outbox,
        clock,
        newId: uuidv7,
        accountOf,
        balancesOf: (userId) => summaryBalances(shared.sql, userId),
        appOrigin: setup.appOrigin,
      }),
  };
}

/** The scheduler with a mail pass after each of its ticks. */
export function withMail(scheduler: Scheduler, work: MailWork, logger: Logger): Scheduler {
  return {
    async tick() {
      const result = await scheduler.tick();
      try {
        const mail = await mailTick(work);
        if (mail.sent + mail.failed + mail.summaries > 0) logger.info(mail, "mail pass");
      } catch (err) {
        logger.error({ err }, "mail pass failed");
      }
      return result;
    },
  };
}
