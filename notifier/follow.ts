/**
 * The notifier's reading of the event log (ADR 0057): from its own
 * checkpoint (`push_checkpoint`, set to the log's head at its first start,
 * so that history is never pushed), it turns each pushed event into one
 * delivery row per subscription of each other member of the group, in the
 * same transaction as the checkpoint's move. It reads who is in a group and
 * their names from the read models, so it never goes past the `groups` and
 * `access` projections' checkpoints. An account's deletion forgets its
 * subscriptions and settings.
 *
 * @module
 */
import { compareCursors, type Cursor, type EventStore, type StoredEvent } from "@kopek/eventstore";
import { readCheckpoints } from "@kopek/projector";
import { parseGroupEvent } from "@kopek/domain";
import type { Sql, TransactionSql } from "@kopek/platform";
import { encodePayload, PUSHED_EVENTS, type PushedEvent, pushPayload } from "./payload.ts";
import { inQuietHours } from "./quiet_hours.ts";

/** What one pass over the log did. */
export interface FollowResult {
  /** Events read. */
  readonly events: number;
  /** Deliveries queued. */
  readonly queued: number;
  /** Pushes not queued: the recipient's quiet hours. */
  readonly quiet: number;
  /** Pushed events too old to push (the notifier was behind). */
  readonly stale: number;
}

/** How the follower reads. */
export interface FollowOptions {
  readonly sql: Sql;
  readonly store: EventStore;
  readonly now: () => Date;
  /** Events read per pass. */
  readonly batch?: number;
  /** Events older than this are not pushed (ms; default an hour). */
  readonly maxAgeMs?: number;
}

const READ_MODELS = ["groups", "access"];

async function checkpoint(sql: Sql): Promise<Cursor | null | "unset"> {
  const [row] = await sql<{ txId: string | null; position: number | null }[]>`
    SELECT tx_id::text AS "txId", position FROM push_checkpoint`;
  if (!row) return "unset";
  return row.txId === null ? null : { txId: row.txId, position: Number(row.position) };
}

async function saveCheckpoint(tx: TransactionSql | Sql, cursor: Cursor | null): Promise<void> {
  await tx`
    INSERT INTO push_checkpoint (id, tx_id, position)
    VALUES (true, ${cursor?.txId ?? null}::xid8, ${cursor?.position ?? null})
    ON CONFLICT (id) DO UPDATE SET tx_id = EXCLUDED.tx_id, position = EXCLUDED.position`;
}

/** How far the read models the follower reads have got; null before their first event. */
async function readModelsCursor(sql: Sql): Promise<Cursor | null> {
  const cursors = (await readCheckpoints(sql, READ_MODELS)).map((c) => c.cursor);
  if (cursors.length < READ_MODELS.length || cursors.some((c) => c === null)) return null;
  return (cursors as Cursor[]).reduce((a, b) => compareCursors(a, b) <= 0 ? a : b);
}

interface Recipient {
  readonly subscriptionId: string;
  readonly quietStart: string | null;
  readonly quietEnd: string | null;
  readonly timeZone: string | null;
}

async function queueEvent(
  tx: TransactionSql,
  event: StoredEvent,
  now: Date,
): Promise<{ queued: number; quiet: number }> {
  const groupId = event.stream.slice("group-".length);
  const actor = event.metadata.actor;
  const recipients = await tx<Recipient[]>`
    SELECT s.id AS "subscriptionId", ps.quiet_start AS "quietStart", ps.quiet_end AS "quietEnd",
      ps.time_zone AS "timeZone"
    FROM rm_access a
    JOIN push_subscriptions s ON s.user_id = a.user_id
    LEFT JOIN push_settings ps ON ps.user_id = a.user_id
    WHERE a.group_id = ${groupId} AND a.active AND a.user_id IS NOT NULL
      AND a.user_id IS DISTINCT FROM ${actor}::uuid
      AND NOT (${groupId}::uuid = ANY (coalesce(ps.muted_groups, '{}')))`;
  const loud = recipients.filter((r) =>
    !inQuietHours(
      r.quietStart && r.quietEnd && r.timeZone
        ? { start: r.quietStart, end: r.quietEnd, timeZone: r.timeZone }
        : null,
      now,
    )
  );
  if (loud.length === 0) return { queued: 0, quiet: recipients.length };
  const [names] = await tx<{ group: string | null; actor: string | null }[]>`
    SELECT (SELECT name FROM rm_groups WHERE group_id = ${groupId}) AS group,
      (SELECT name FROM rm_members WHERE group_id = ${groupId} AND user_id = ${actor}::uuid
        ORDER BY active DESC LIMIT 1) AS actor`;
  const parsed = parseGroupEvent(event.type, event.schemaVersion, event.data);
  const payload = encodePayload(pushPayload({
    type: event.type as PushedEvent,
    groupId,
    data: parsed.data as Record<string, unknown>,
    groupName: names?.group ?? "",
    actor: names?.actor ?? "",
  }));
  const rows = loud.map((r) => ({
    subscription_id: r.subscriptionId,
    event_id: event.id,
    payload,
  }));
  await tx`INSERT INTO push_deliveries ${tx(rows)} ON CONFLICT DO NOTHING`;
  return { queued: loud.length, quiet: recipients.length - loud.length };
}

/** One pass: reads the next events the read models have applied and queues their pushes. */
export async function follow(options: FollowOptions): Promise<FollowResult> {
  const { sql, store } = options;
  const none = { events: 0, queued: 0, quiet: 0, stale: 0 };
  const from = await checkpoint(sql);
  if (from === "unset") {
    // The first start: from the head on.
    const head = await store.headPosition();
    await saveCheckpoint(sql, head > 0 ? await store.cursorOf(head) : null);
    return none;
  }
  const until = await readModelsCursor(sql);
  if (!until || (from && compareCursors(from, until) >= 0)) return none;
  const page = await store.readAll({ after: from, limit: options.batch ?? 200 });
  const events = page.events.filter((e) =>
    compareCursors({ txId: e.txId, position: e.position }, until) <= 0
  );
  if (events.length === 0) return none;
  const last = events[events.length - 1];
  const now = options.now();
  const maxAge = options.maxAgeMs ?? 3_600_000;
  let queued = 0, quiet = 0, stale = 0;
  await sql.begin(async (tx) => {
    for (const event of events) {
      if (event.stream.startsWith("user-") && event.type === "AccountDeleted") {
        const userId = event.stream.slice("user-".length);
        await tx`DELETE FROM push_subscriptions WHERE user_id = ${userId}`;
        await tx`DELETE FROM push_settings WHERE user_id = ${userId}`;
        continue;
      }
      if (!event.stream.startsWith("group-") || !(event.type in PUSHED_EVENTS)) continue;
      if (now.getTime() - Date.parse(event.metadata.at) > maxAge) {
        stale++;
        continue;
      }
      const done = await queueEvent(tx, event, now);
      queued += done.queued;
      quiet += done.quiet;
    }
    await saveCheckpoint(tx, { txId: last.txId, position: last.position });
  });
  return { events: events.length, queued, quiet, stale };
}
