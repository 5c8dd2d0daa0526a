/**
 * `GET /v1/groups` (the caller's groups), `GET /v1/groups/{g}` and its members' payment handles.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import {
  getGroup,
  groupPaymentHandles,
  groupSimplifiesDebts,
  groupTimeZone,
  listGroupsOfUser,
} from "@kopek/projector";
import type { RouteDeps } from "../deps.ts";
import { knownGroup } from "../known_group.ts";
import { decodeCursor, jsonWithEtag, Limit, page, parseQuery, requireGroupRole } from "../_http.ts";

/**
 * A page key as {@linkcode page} makes it. A name never holds NUL (PostgreSQL text cannot), and a
 * forged one must be a 422, not a SQL error.
 */
const GroupCursor = z.strictObject({
  n: z.string().refine((n) => !n.includes("\u0000")),
  i: z.uuid(),
});

/** Mounts the group routes. */
export function groupRoutes(deps: RouteDeps) {
  return (app: Hono) => {
    app.get("/v1/groups", async (c) => {
      const query = parseQuery(c, { limit: Limit, cursor: z.string().max(1000).optional() });
      const after = decodeCursor(query.cursor, GroupCursor);
      const rows = await listGroupsOfUser(deps.sql, c.get("userId"), {
        limit: query.limit + 1,
        after: after && { name: after.n, id: after.i },
      });
      return await jsonWithEtag(
        c,
        page(rows, query.limit, (last) => ({ n: last.name, i: last.id })),
      );
    });

    app.get("/v1/groups/:groupId", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const group = await knownGroup(deps, () => getGroup(deps.sql, groupId));
      // The setting is kept by the balances read model: the tag names it too.
      const simplifyDebts = await groupSimplifiesDebts(deps.sql, groupId);
      return await jsonWithEtag(c, {
        id: group.id,
        name: group.name,
        currency: group.currency,
        timeZone: await groupTimeZone(deps.sql, groupId),
        version: group.version,
        createdAt: group.createdAt,
        updatedAt: group.updatedAt,
        simplifyDebts,
        members: group.members.map((m) => ({
          id: m.id,
          name: m.name,
          userId: m.userId,
          role: m.role,
          active: m.active,
          version: m.version,
        })),
      }, simplifyDebts ? `"${group.version}"` : `"${group.version}-p"`);
    });

    app.get("/v1/groups/:groupId/payment-handles", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      return await jsonWithEtag(c, { items: await groupPaymentHandles(deps.sql, groupId) });
    });
  };
}
