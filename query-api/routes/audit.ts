/**
 * The auditor's routes, served straight from the event store (no read
 * model): `GET /v1/groups/{g}/events` (the raw history, a page at a time,
 * `{ items, nextCursor }` like every list; `?after=N` starts after a position)
 * and `GET /v1/groups/{g}/verify` (the hash chain recomputed). Owners and
 * auditors only.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { z } from "zod";
import { can, forbidden, groupStream } from "@kopek/domain";
import { type StoredEvent, verifyStream } from "@kopek/eventstore";
import type { QueryApiDeps } from "../deps.ts";
import { decodeCursor, encodeCursor, Limit, parseQuery, requireGroupRole } from "../_http.ts";

const After = z.string().regex(/^\d{1,15}$/, {
  error: "must be a position (a non-negative integer)",
})
  .transform(Number);
/** Where the next page of events starts: after this global position. */
const EventCursor = z.strictObject({
  p: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

/** The caller's role, when it may read the group's audit trail; 404/403 otherwise. */
export async function requireAuditor(deps: QueryApiDeps, c: Context, groupId: string) {
  const role = await requireGroupRole(deps, groupId, c.get("userId"));
  if (!can(role, "audit.read")) {
    throw forbidden("only the group's owner and auditors may read its event log");
  }
  return role;
}

/** An event as `GET …/events` shows it: as stored, without the store's transaction id. */
export function eventJson(e: StoredEvent): Omit<StoredEvent, "txId"> {
  const { txId: _, ...shown } = e;
  return shown;
}

/** Mounts the audit routes. */
export function auditRoutes(deps: QueryApiDeps) {
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/events", async (c) => {
      const query = parseQuery(c, {
        after: After.optional(),
        cursor: z.string().max(1000).optional(),
        limit: Limit,
      });
      const groupId = c.req.param("groupId").toLowerCase();
      await requireAuditor(deps, c, groupId);
      const afterPosition = decodeCursor(query.cursor, EventCursor)?.p ?? query.after ?? 0;
      const events = await deps.store.readStream(groupStream(groupId), {
        afterPosition,
        limit: query.limit,
      });
      const last = events.at(-1);
      return c.json({
        items: events.map(eventJson),
        nextCursor: events.length === query.limit && last
          ? encodeCursor({ p: last.position })
          : null,
      });
    });

    app.get("/v1/groups/:groupId/verify", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      await requireAuditor(deps, c, groupId);
      const report = await verifyStream(deps.store, groupStream(groupId));
      return c.json({
        ok: report.ok,
        events: report.events,
        headHash: report.headHash,
        firstBadPosition: report.firstBadPosition,
        fault: report.fault,
      });
    });
  };
}
