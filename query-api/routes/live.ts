/**
 * `GET /v1/groups/{g}/live`: server-sent events, one `change` per committed
 * projector batch that touched the group, its id the position to read with
 * `Kopek-Min-Position`. Heartbeat comments keep proxies from closing an idle
 * stream; `Last-Event-ID` resumes (a change is sent at once if the group moved
 * since); the stream ends cleanly when the instance shuts down.
 *
 * @module
 */
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { groupStream } from "@kopek/domain";
import { problem, ProblemError } from "@kopek/platform";
import type { QueryApiDeps } from "../deps.ts";
import type { LiveHub } from "../live/hub.ts";
import { parseQuery, requireGroupRole } from "../_http.ts";

/** Options of the live route. */
export interface LiveRouteDeps extends QueryApiDeps {
  readonly hub: Promise<LiveHub>;
  /** Heartbeat interval (default 15 s). */
  readonly heartbeatMs?: number;
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
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/live", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const resumeAfter = lastEventId(c.req.header("last-event-id"));
      const hub = await deps.hub;
      c.header("Cache-Control", "no-store");
      c.header("X-Accel-Buffering", "no");
      return streamSSE(c, async (stream) => {
        let pending = 0;
        let wake: (() => void) | null = null;
        const unlisten = hub.listen(groupId, (position) => {
          pending = Math.max(pending, position);
          wake?.();
        });
        const stop = () => wake?.();
        hub.closed.addEventListener("abort", stop);
        stream.onAbort(stop);
        try {
          if (resumeAfter !== null) {
            const [row] = await deps.sql<{ position: number }[]>`
              SELECT position FROM events WHERE stream = ${groupStream(groupId)}
              ORDER BY version DESC LIMIT 1`;
            if (row && row.position > resumeAfter) pending = Math.max(pending, row.position);
          }
          await stream.writeSSE({ event: "ready", data: JSON.stringify({ groupId }), retry: 2000 });
          const heartbeatMs = deps.heartbeatMs ?? 15_000;
          while (!stream.aborted && !hub.closed.aborted) {
            if (pending > 0) {
              const position = pending;
              pending = 0;
              await stream.writeSSE({
                event: "change",
                id: String(position),
                data: JSON.stringify({ groupId, position }),
              });
              continue;
            }
            const woke = await new Promise<boolean>((resolve) => {
              const timer = setTimeout(() => resolve(false), heartbeatMs);
              wake = () => {
                clearTimeout(timer);
                resolve(true);
              };
            });
            wake = null;
            if (!woke && !stream.aborted) await stream.write(": heartbeat\n\n");
          }
        } finally {
          unlisten();
          hub.closed.removeEventListener("abort", stop);
        }
      }, async (err, stream) => {
        deps.logger.warn({ err }, "live stream failed");
        await stream.close();
      });
    });
  };
}
