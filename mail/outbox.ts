/**
 * The durable mail outbox (ADR 0060): a request puts a rendered mail in a
 * table and answers; the mail worker sends from it later, retries a failed
 * send with an exponential backoff, and gives up after a bounded number of
 * attempts. Nothing is lost while SMTP is down: mails wait. Sent and failed
 * mails keep no body (a reset link is a secret), only what the rate limits
 * count.
 *
 * The rate limits are counted here, in the same table, under a lock per
 * recipient: so a hostile user cannot make Kopek mail one address (or many)
 * more than a few times an hour, whichever process queues it.
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import type { RenderedMail } from "./templates.ts";
import type { OutgoingMail } from "./mailer.ts";

/** How many mails may be queued per recipient and per sender, and how sends are retried. */
export interface MailPolicy {
  /** Mails to one address per hour (any sender). */
  readonly perRecipientPerHour: number;
  /** Mails asked by one user per hour (any recipient). */
  readonly perSenderPerHour: number;
  /** Mails asked by one user per day. */
  readonly perSenderPerDay: number;
  /** Attempts before a mail is given up ('failed'). */
  readonly maxAttempts: number;
  /** The first retry's delay; each next one doubles, up to an hour. */
  readonly backoffMs: number;
  /** How long a worker holds a mail it is sending before another may take it. */
  readonly leaseMs: number;
  /** How long sent and failed rows are kept (for the limits), in days. */
  readonly keepDays: number;
}

/** Kopek's mail policy. */
export const DEFAULT_MAIL_POLICY: MailPolicy = {
  perRecipientPerHour: 5,
  perSenderPerHour: 20,
  perSenderPerDay: 100,
  maxAttempts: 8,
  backoffMs: 30_000,
  leaseMs: 60_000,
  keepDays: 30,
};

/** What to queue. */
export interface MailRequest {
  readonly id: string;
  /** What it is: 'password-reset', 'invite', 'weekly-summary'. */
  readonly kind: string;
  /** The user who made Kopek send it, or null for Kopek itself. */
  readonly senderId: string | null;
  readonly to: string;
  readonly mail: RenderedMail;
}

/** A mail claimed for sending. */
export interface ClaimedMail extends OutgoingMail {
  readonly attempts: number;
}

/** The outbox. */
export interface MailOutbox {
  readonly policy: MailPolicy;
  /** Queues a mail; 'limited' (nothing queued) when a rate limit is reached. */
  enqueue(request: MailRequest, sql?: Sql): Promise<"queued" | "limited">;
  /** Claims up to `limit` due mails under a lease. */
  claim(limit: number): Promise<ClaimedMail[]>;
  /** The mail went out. */
  sent(id: string): Promise<void>;
  /** The attempt failed: retried later, or given up after the last attempt. */
  failed(mail: ClaimedMail, error: string): Promise<"retry" | "failed">;
  /** Deletes rows past the keeping time; answers how many. */
  prune(): Promise<number>;
}

/** An address as the limits count it. */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** The delay before retry number `attempts` (1-based), doubling, at most an hour. */
export function backoffDelayMs(policy: MailPolicy, attempts: number): number {
  return Math.min(policy.backoffMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** The outbox in the `mail_outbox` table. */
export function createMailOutbox(sql: Sql, overrides: Partial<MailPolicy> = {}): MailOutbox {
  const policy = { ...DEFAULT_MAIL_POLICY, ...overrides };

  async function enqueueIn(tx: Sql, request: MailRequest): Promise<"queued" | "limited"> {
    const to = normaliseAddress(request.to);
    // One recipient's count and insert at a time (any process): the limit holds exactly.
    await tx`SELECT pg_advisory_xact_lock(hashtextextended(${"mail:" + to}, 0))`;
    const [{ n }] = await tx<{ n: number }[]>`
      SELECT count(*)::int AS n FROM mail_outbox
      WHERE to_address = ${to} AND created_at > now() - interval '1 hour'`;
    if (n >= policy.perRecipientPerHour) return "limited";
    if (request.senderId !== null) {
      const [counts] = await tx<{ hour: number; day: number }[]>`
        SELECT count(*) FILTER (WHERE created_at > now() - interval '1 hour')::int AS hour,
               count(*)::int AS day
        FROM mail_outbox
        WHERE sender_id = ${request.senderId} AND created_at > now() - interval '1 day'`;
      if (counts.hour >= policy.perSenderPerHour || counts.day >= policy.perSenderPerDay) {
        return "limited";
      }
    }
    await tx`
      INSERT INTO mail_outbox (id, kind, sender_id, to_address, subject, text_body, html_body)
      VALUES (${request.id}, ${request.kind}, ${request.senderId}, ${to},
              ${request.mail.subject}, ${request.mail.text}, ${request.mail.html})`;
    return "queued";
  }

  return {
    policy,
    enqueue(request, outer) {
      // Inside the caller's transaction (the weekly claim), or in one of its own.
      if (outer) return enqueueIn(outer, request);
      return sql.begin((tx) => enqueueIn(tx as unknown as Sql, request)) as Promise<
        "queued" | "limited"
      >;
    },
    async claim(limit) {
      const rows = await sql<
        {
          id: string;
          to_address: string;
          subject: string;
          text_body: string;
          html_body: string;
          attempts: number;
        }[]
      >`
        UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1,
          lease_until = now() + ${policy.leaseMs} * interval '1 millisecond',
          next_attempt_at = now() + ${policy.leaseMs} * interval '1 millisecond'
        WHERE id IN (
          SELECT id FROM mail_outbox
          WHERE status IN ('queued', 'sending') AND next_attempt_at <= now()
          ORDER BY next_attempt_at, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING id, to_address, subject, text_body, html_body, attempts`;
      return rows.map((r) => ({
        id: r.id,
        to: r.to_address,
        subject: r.subject,
        text: r.text_body,
        html: r.html_body,
        attempts: r.attempts,
      }));
    },
    async sent(id) {
      await sql`
        UPDATE mail_outbox SET status = 'sent', sent_at = now(), lease_until = NULL,
          text_body = '', html_body = '', last_error = NULL
        WHERE id = ${id}`;
    },
    async failed(mail, error) {
      const last = mail.attempts >= policy.maxAttempts;
      const delay = backoffDelayMs(policy, mail.attempts);
      await sql`
        UPDATE mail_outbox SET
          status = ${last ? "failed" : "queued"},
          lease_until = NULL,
          last_error = ${error.slice(0, 500)},
          next_attempt_at = now() + ${delay} * interval '1 millisecond',
          text_body = CASE WHEN ${last} THEN '' ELSE text_body END,
          html_body = CASE WHEN ${last} THEN '' ELSE html_body END
        WHERE id = ${mail.id}`;
      return last ? "failed" : "retry";
    },
    async prune() {
      const rows = await sql`
        DELETE FROM mail_outbox
        WHERE status IN ('sent', 'failed')
          AND created_at < now() - ${policy.keepDays} * interval '1 day'`;
      await sql`DELETE FROM mail_password_resets WHERE expires_at < now() - interval '1 day'`;
      // A week's claim matters only during its week.
      await sql`DELETE FROM mail_weekly_claims WHERE claimed_at < now() - interval '60 days'`;
      return rows.count;
    },
  };
}
