/**
 * The life of one `/live` stream once it opened: `ready` with the group's
 * position, a `change` for each batch that touched the group, heartbeats
 * while idle, and at the end `end` (access, session or token ended) or
 * `shutdown` (the instance stops). The route checks everything before it
 * opens the stream; this loop re-checks through the stream's guard.
 *
 * @module
 */
import type { SSEStreamingApi } from "hono/streaming";
import { groupStream } from "@kopek/domain";
import type { Logger, Principal, Sql } from "@kopek/platform";
import type { EndReason, StreamGuard } from "./guard.ts";
import type { LiveHub } from "./hub.ts";

/** The longest delay `setTimeout` takes (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `ring` once `at` has come by the clock; answers the function that cancels it. */
function alarm(at: Date, now: () => Date, ring: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const ms = at.getTime() - now().getTime();
    if (ms <= 0) ring();
    else timer = setTimeout(arm, Math.min(ms, MAX_TIMER_MS));
  };
  arm();
  return () => clearTimeout(timer);
}

/** What one stream follows, and what it answers to. */
export interface Follow {
  readonly sql: Sql;
  readonly hub: LiveHub;
  readonly groupId: string;
  /** Who the token speaks for, its session and its expiry. */
  readonly principal: Principal;
  readonly guard: StreamGuard;
  readonly now: () => Date;
  readonly heartbeatMs: number;
  /** The position of `Last-Event-ID`, or null. */
  readonly resumeAfter: number | null;
  /** Gives the stream's slot back. */
  readonly slot: () => void;
  readonly logger: Logger;
}

/**
 * Follows the group on an open stream until the client goes, the guard ends the stream or the
 * instance shuts down; gives the slot back and stops listening in every case.
 */
export async function followGroup(stream: SSEStreamingApi, f: Follow): Promise<void> {
  const { sql, hub, groupId, principal, guard, now, heartbeatMs, resumeAfter, slot, logger } = f;
  const { userId, sessionId } = principal;
  let pending = 0;
  let sessionsEnded = false;
  // Rung by anything the loop must look at; a ring while the loop is busy is not lost.
  let rung = false;
  let wake: (() => void) | null = null;
  const ring = () => {
    rung = true;
    wake?.();
  };
  const unlisten = hub.listen(groupId, (position) => {
    pending = Math.max(pending, position);
    ring();
  });
  const unlistenSessions = sessionId === null ? () => {} : hub.listenSessions(userId, (ended) => {
    if (ended !== null && ended !== sessionId) return;
    sessionsEnded = true;
    ring();
  });
  const cancelAlarm = alarm(principal.expiresAt, now, ring);
  hub.closed.addEventListener("abort", ring);
  stream.onAbort(ring);
  let heartbeatDue = false;
  let reason: EndReason | null = null;
  let head = 0;
  try {
    // Where the group stands: `ready` says it, so that a client that saw no change yet can
    // resume from it after a reconnect (an `end` at token expiry, a dropped connection).
    const [row] = await sql<{ position: number }[]>`
        SELECT position FROM events WHERE stream = ${groupStream(groupId)}
        ORDER BY version DESC LIMIT 1`;
    head = row ? Number(row.position) : 0;
    if (resumeAfter !== null && head > resumeAfter) pending = Math.max(pending, head);
    await stream.writeSSE({
      event: "ready",
      data: JSON.stringify({ groupId, position: head }),
      retry: 2000,
    });
    while (!stream.aborted && !hub.closed.aborted) {
      rung = false;
      if (guard.expired()) {
        reason = "token_expired";
        break;
      }
      // The projector drops the group's cached access map before it announces a batch,
      // so a change reads fresh access; the heartbeat's check covers a lost announcement.
      if (pending > 0 || heartbeatDue) {
        heartbeatDue = false;
        if ((reason = await guard.access()) !== null) break;
      }
      const force = sessionsEnded;
      sessionsEnded = false;
      if ((reason = await guard.session(force)) !== null) break;
      if (pending > 0) {
        const position = pending;
        pending = 0;
        head = Math.max(head, position);
        await stream.writeSSE({
          event: "change",
          id: String(position),
          data: JSON.stringify({ groupId, position }),
        });
        continue;
      }
      if (rung) continue;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const woke = await new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), heartbeatMs);
        wake = () => resolve(true);
      });
      clearTimeout(timer);
      wake = null;
      if (!woke && !stream.aborted) {
        await stream.write(": heartbeat\n\n");
        heartbeatDue = true;
      }
    }
    if (reason !== null && !stream.aborted) {
      await stream.writeSSE({ event: "end", data: JSON.stringify({ groupId, reason }) });
      logger.info(
        { groupId, userId, sessionId, via: principal.via, reason },
        "live stream ended: access ended",
      );
    } else if (hub.closed.aborted && !stream.aborted) {
      // The instance shuts down: say so, so that the client reconnects (elsewhere) at once.
      await stream.writeSSE({
        event: "shutdown",
        data: JSON.stringify({ groupId, position: head }),
      });
    }
  } finally {
    slot();
    unlisten();
    unlistenSessions();
    cancelAlarm();
    hub.closed.removeEventListener("abort", ring);
  }
}
