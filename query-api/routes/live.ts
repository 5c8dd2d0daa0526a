/**
 * `GET /v1/groups/{g}/live`: server-sent events, one `change` per committed
 * projector batch that touched the group, its id the position to read with
 * `Kopek-Min-Position`. Heartbeat comments keep proxies from closing an idle
 * stream; `ready` says the group's latest position, and `Last-Event-ID`
 * resumes (a change is sent at once if the group moved since).
 *
 * A stream follows access (ADR 0021): it ends with `event: end`, data
 * `{ groupId, reason }`, and closes when its member is removed or may no
 * longer read (`removed`, `forbidden`: checked on every change and at every
 * heartbeat), when the session behind its token ended (`session_ended`: on
 * the command side's announcement, and at most every `liveSessionCheckMs` as
 * a fallback), or when its token expires (`token_expired`, at its `exp`).
 *
 * When the instance shuts down, every stream ends with `event: shutdown`,
 * data `{ groupId, position }`, and closes: the client reconnects (to another
 * instance) with `Last-Event-ID`. Streams are capped per user and per
 * instance (ADR 0025): over the user's cap 429 `too_many_streams`, over the
 * instance's 503 `server_busy`, both with `Retry-After`.
 *
 * @module
 */
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { can, forbidden, groupStream, guestLinkStanding } from "@kopek/domain";
import { guestOf, loadGuestLink, problem, ProblemError } from "@kopek/platform";
import type { QueryApiDeps } from "../deps.ts";
import { createStreamGuard, type EndReason } from "../live/guard.ts";
import type { LiveHub } from "../live/hub.ts";
import { watchSession } from "../live/session_watch.ts";
import { createStreamSlots, DEFAULT_STREAM_CAPS, type StreamRefusal } from "../live/slots.ts";
import { accessOf, parseQuery, requireGroupRole } from "../_http.ts";

/** Options of the live route. */
export interface LiveRouteDeps extends QueryApiDeps {
  readonly hub: Promise<LiveHub>;
}

/** The answer to a stream over a cap. */
function refused(why: StreamRefusal, caps: { perUser: number; total: number }): ProblemError {
  return why === "user"
    ? new ProblemError(
      problem(429, `you have ${caps.perUser} live streams open here: close one first`, {
        code: "too_many_streams",
      }),
      { "Retry-After": "10" },
    )
    : new ProblemError(
      problem(503, "this instance holds all the live streams it can: retry later", {
        code: "server_busy",
      }),
      { "Retry-After": "5" },
    );
}

/** The longest delay `setTimeout` takes (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function lastEventId(header: string | undefined): number | null {
  if (header === undefined || header.trim() === "") return null;
  if (!/^\d{1,15}$/.test(header.trim())) {
    throw new ProblemError(
      problem(400, "Last-Event-ID must be a position", { code: "malformed" }),
    );
  }
  return Number(header.trim());
}

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

/** Mounts the live route. */
export function liveRoutes(deps: LiveRouteDeps) {
  const now = deps.now ?? (() => new Date());
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const sessionCheckMs = deps.liveSessionCheckMs ?? 60_000;
  const caps = deps.liveStreams ?? DEFAULT_STREAM_CAPS;
  const slots = createStreamSlots(caps);
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/live", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      const principal = c.get("principal");
      const { userId, sessionId } = principal;
      const role = await requireGroupRole(deps, groupId, userId);
      const guest = guestOf(userId);
      if (!can(role, "ledger.read")) throw forbidden("this role may not read the group");
      const guard = createStreamGuard({
        principal,
        // A guest's stream ends with its link (ADR 0059), a user's with their membership.
        roleOf: guest
          ? async () =>
            guestLinkStanding(
                await loadGuestLink(deps.store, guest.linkId),
                now().toISOString(),
              ) ===
                "active"
              ? guest.role
              : null
          : async () => (await accessOf(deps, groupId))?.[userId] ?? null,
        session: sessionId === null ? null : watchSession(deps.store, { userId, sessionId }),
        sessionCheckMs,
        now,
      });
      // A token whose session ended opens nothing (else a client would reconnect in a loop):
      // a 401 makes it refresh, which fails for an ended session, and sign in again.
      if (await guard.session(true) !== null) {
        throw new ProblemError(
          problem(401, "the session of this token has ended: sign in again", {
            code: "unauthenticated",
          }),
          { "WWW-Authenticate": 'Bearer realm="kopek", error="invalid_token"' },
        );
      }
      const resumeAfter = lastEventId(c.req.header("last-event-id"));
      const hub = await deps.hub;
      if (hub.closed.aborted) {
        throw new ProblemError(
          problem(503, "this instance is shutting down: retry", { code: "shutting_down" }),
          { "Retry-After": "1" },
        );
      }
      const slot = slots.take(userId);
      if (typeof slot !== "function") throw refused(slot, caps);
      const logger = c.get("logger") ?? deps.logger;
      c.header("Cache-Control", "no-store");
      c.header("X-Accel-Buffering", "no");
      return streamSSE(c, async (stream) => {
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
        const unlistenSessions = sessionId === null
          ? () => {}
          : hub.listenSessions(userId, (ended) => {
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
          const [row] = await deps.sql<{ position: number }[]>`
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
      }, async (err, stream) => {
        logger.warn({ err }, "live stream failed");
        await stream.close();
      });
    });
  };
}
