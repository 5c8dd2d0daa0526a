/**
 * `GET /v1/groups/{g}/settlements/{s}`: one settlement and its version (the
 * ETag that `DELETE` takes as `If-Match`).
 *
 * @module
 */
import type { Hono } from "hono";
import { getEntry } from "@kopek/projector";
import type { QueryApiDeps } from "../deps.ts";
import { isUuid, jsonWithEtag, notFound, parseQuery, requireGroupRole } from "../_http.ts";
import { entryJson } from "./expenses.ts";

/** Mounts the settlement route. */
export function settlementRoutes(deps: QueryApiDeps) {
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/settlements/:settlementId", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      const id = c.req.param("settlementId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const entry = isUuid(id) ? await getEntry(deps.sql, groupId, id) : null;
      if (!entry || entry.kind !== "settlement") throw notFound("settlement");
      return await jsonWithEtag(c, entryJson(entry), `"${entry.version}"`);
    });
  };
}
