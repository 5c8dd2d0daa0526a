/**
 * `GET /v1/groups/{g}/members` and `GET /v1/groups/{g}/members/{m}`.
 *
 * @module
 */
import type { Hono } from "hono";
import { getGroup } from "@kopek/projector";
import type { RouteDeps } from "../deps.ts";
import { knownGroup } from "../known_group.ts";
import { isUuid, jsonWithEtag, notFound, parseQuery, requireGroupRole } from "../_http.ts";

/** Mounts the member routes. */
export function memberRoutes(deps: RouteDeps) {
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/members", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const group = await knownGroup(deps, () => getGroup(deps.sql, groupId));
      return await jsonWithEtag(c, { items: group.members, nextCursor: null });
    });

    app.get("/v1/groups/:groupId/members/:memberId", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      const memberId = c.req.param("memberId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const member = isUuid(memberId)
        ? (await getGroup(deps.sql, groupId))?.members.find((m) => m.id === memberId)
        : undefined;
      if (!member) throw notFound("member");
      return await jsonWithEtag(c, member, `"${member.version}"`);
    });
  };
}
