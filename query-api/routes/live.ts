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
import { can, forbidden, guestLinkStanding } from "@kopek/domain";
import { guestOf, loadGuestLink, problem, ProblemError } from "@kopek/platform";
import type { QueryApiDeps } from "../deps.ts";
import { followGroup } from "../live/follow.ts";
import { createStreamGuard } from "../live/guard.ts";
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

function lastEventId(header: string | undefined): number | null {
  if (header === undefined || header.trim() === "") return null;
  if (!/^\d{1,15}$/.test(header.trim())) {
    throw new ProblemError(
      problem(400, "Last-Event-ID must be a position", { code: "malformed" }),
    );
  }
  return Number(header.trim());
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
        await followGroup(stream, {
          sql: deps.sql,
          hub,
          groupId,
          principal,
          guard,
          now,
          heartbeatMs,
          resumeAfter,
          slot,
          logger,
        });
      }, async (err, stream) => {
        logger.warn({ err }, "live stream failed");
        await stream.close();
      });
    });
  };
}
