/**
 * One pass of the mail worker (ADR 0060): queue the weekly summaries due,
 * then send what is due in the outbox, a batch at a time. Run by the
 * scheduler's loop (`scheduler/compose.ts`) after each of its ticks.
 *
 * @module
 */
import type { Logger } from "@kopek/platform";
import type { Mailer } from "./mailer.ts";
import type { MailOutbox } from "./outbox.ts";

/** What one pass did. */
export interface MailTickResult {
  readonly summaries: number;
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

/** What a pass needs. */
export interface MailWork {
  readonly outbox: MailOutbox;
  readonly mailer: Mailer;
  readonly logger: Logger;
  /** Queues this week's summaries (absent: none). */
  readonly weekly?: () => Promise<number>;
  /** Mails claimed per batch (default 20), and batches per pass (default 10). */
  readonly batch?: number;
  readonly batches?: number;
}

/** One pass; a failed send is counted and retried later, never thrown. */
export async function mailTick(work: MailWork): Promise<MailTickResult> {
  const summaries = work.weekly ? await work.weekly() : 0;
  let sent = 0, retried = 0, failed = 0;
  const batch = work.batch ?? 20;
  for (let i = 0; i < (work.batches ?? 10); i++) {
    const claimed = await work.outbox.claim(batch);
    for (const mail of claimed) {
      try {
        await work.mailer.send(mail);
        await work.outbox.sent(mail.id);
        sent++;
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        const outcome = await work.outbox.failed(mail, error);
        if (outcome === "failed") {
          failed++;
          work.logger.error({ mailId: mail.id, attempts: mail.attempts, error }, "mail given up");
        } else {
          retried++;
          work.logger.warn({ mailId: mail.id, attempts: mail.attempts, error }, "mail send failed");
        }
      }
    }
    if (claimed.length < batch) break;
  }
  if (sent + failed > 0) await work.outbox.prune();
  return { summaries, sent, retried, failed };
}
