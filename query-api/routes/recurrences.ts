/**
 * `GET /v1/groups/{g}/recurrences`: the group's recurring expenses not
 * stopped, each with its next occurrences and when the next is due, and the
 * group's time zone; any member reads them (ADR 0051).
 *
 * @module
 */
import type { Hono } from "hono";
import { listRecurrences } from "@kopek/projector";
import type { QueryApiDeps } from "../deps.ts";
import { jsonWithEtag, parseQuery, requireGroupRole } from "../_http.ts";

/** Mounts the recurrences route. */
export function recurrenceRoutes(deps: QueryApiDeps) {
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/recurrences", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      return await jsonWithEtag(c, await listRecurrences(deps.sql, groupId));
    });
  };
}
