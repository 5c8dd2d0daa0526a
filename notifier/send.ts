/**
 * The notifier's sending of queued pushes (ADR 0057). Each pass claims the
 * due deliveries (`FOR UPDATE SKIP LOCKED`: replicas share the queue), and
 * for each one checks the endpoint's addresses (SSRF, `endpoint_guard.ts`),
 * encrypts the payload and signs the VAPID header with `web-push`, and POSTs
 * it with `fetch` (no redirects, a time limit). A 2xx ends the delivery; a
 * 404 or 410 removes the subscription (the browser dropped it); a 429, a 5xx
 * or a network error retries with backoff until {@linkcode MAX_ATTEMPTS};
 * any other answer drops the delivery.
 *
 * @module
 */
import webpush from "web-push";
import type { Logger, Sql } from "@kopek/platform";
import { resolvedRefusal, type Resolver } from "./endpoint_guard.ts";

/** Attempts of one delivery before it is dropped. */
export const MAX_ATTEMPTS = 5;
/** How long a push service may take to answer. */
const SEND_TIMEOUT_MS = 10_000;
/** How long a push service keeps an undelivered push (a day). */
const TTL_SECONDS = 86_400;

/** The VAPID keys and contact. */
export interface Vapid {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly subject: string;
}

/** How a delivery ended (or that it waits for another attempt). */
export type DeliveryOutcome = "sent" | "gone" | "retry" | "failed" | "refused";

/** The wait before attempt `n + 1` after `n` failed ones: 30 s, 2 min, 8 min, 32 min, capped at an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 4 ** Math.max(0, attempts - 1), 3_600_000);
}

/** How the sender works. */
export interface SendOptions {
  readonly sql: Sql;
  readonly vapid: Vapid;
  readonly logger: Logger;
  /** Lets endpoints be http: and private (a local push service in tests). */
  readonly allowPrivate: boolean;
  readonly resolve?: Resolver;
  /** Deliveries claimed per pass. */
  readonly batch?: number;
}

interface Claimed {
  readonly id: string;
  readonly subscriptionId: string;
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
  readonly payload: string;
  readonly attempts: number;
}

async function claim(sql: Sql, batch: number): Promise<Claimed[]> {
  // Claimed deliveries are put off a few minutes: a sender that dies mid-pass leaves them due again.
  return await sql<Claimed[]>`
    WITH due AS (
      SELECT id FROM push_deliveries WHERE next_at <= now()
      ORDER BY next_at, id LIMIT ${batch} FOR UPDATE SKIP LOCKED
    )
    UPDATE push_deliveries d SET attempts = d.attempts + 1,
      next_at = now() + interval '5 minutes'
    FROM due, push_subscriptions s
    WHERE d.id = due.id AND s.id = d.subscription_id
    RETURNING d.id::text AS id, d.subscription_id AS "subscriptionId", s.endpoint, s.p256dh,
      s.auth, d.payload, d.attempts`;
}

async function post(options: SendOptions, d: Claimed): Promise<number | "network" | string> {
  const refusal = await resolvedRefusal(d.endpoint, options.allowPrivate, options.resolve);
  if (refusal) return `refused: ${refusal}`;
  const request = webpush.generateRequestDetails(
    { endpoint: d.endpoint, keys: { p256dh: d.p256dh, auth: d.auth } },
    d.payload,
    {
      vapidDetails: options.vapid,
      TTL: TTL_SECONDS,
      contentEncoding: "aes128gcm",
      urgency: "normal",
    },
  );
  const headers = { ...request.headers } as Record<string, string | number>;
  delete headers["Content-Length"];
  try {
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
      body: request.body as Uint8Array<ArrayBuffer> | null,
      redirect: "manual",
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.status;
  } catch {
    return "network";
  }
}

async function settle(
  sql: Sql,
  d: Claimed,
  answer: number | string,
): Promise<DeliveryOutcome> {
  if (typeof answer === "number" && answer >= 200 && answer < 300) {
    await sql`DELETE FROM push_deliveries WHERE id = ${d.id}`;
    return "sent";
  }
  if (answer === 404 || answer === 410) {
    await sql`DELETE FROM push_subscriptions WHERE id = ${d.subscriptionId}`;
    return "gone";
  }
  const retryable = answer === "network" || answer === 429 ||
    (typeof answer === "number" && answer >= 500);
  if (retryable && d.attempts < MAX_ATTEMPTS) {
    await sql`UPDATE push_deliveries
      SET next_at = now() + ${backoffMs(d.attempts)} * interval '1 millisecond'
      WHERE id = ${d.id}`;
    return "retry";
  }
  await sql`DELETE FROM push_deliveries WHERE id = ${d.id}`;
  return retryable ? "failed" : "refused";
}

/** One pass: sends the due deliveries; how each ended. */
export async function sendDue(options: SendOptions): Promise<DeliveryOutcome[]> {
  const claimed = await claim(options.sql, options.batch ?? 20);
  // One slow push service holds up only its own deliveries' pass, bounded by the time limit.
  return await Promise.all(claimed.map(async (d) => {
    const answer = await post(options, d);
    const outcome = await settle(options.sql, d, answer);
    if (outcome !== "sent" && outcome !== "retry") {
      const host = URL.canParse(d.endpoint) ? new URL(d.endpoint).host : "?";
      options.logger.info({ host, answer, attempts: d.attempts, outcome }, "push not delivered");
    }
    return outcome;
  }));
}
