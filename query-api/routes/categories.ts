/**
 * `GET /v1/groups/{g}/categories`: the categories an expense of the group may
 * use, the built-in ones (in their fixed order) then the group's own by name;
 * `includeRemoved=true` adds the removed ones, which old expenses keep. Any
 * member reads them; a group has at most 1,000 categories ever, so the
 * answer is one page.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import { builtInCategoryItems } from "@kopek/domain";
import { listCategories } from "@kopek/projector";
import type { QueryApiDeps } from "../deps.ts";
import { jsonWithEtag, parseQuery, requireGroupRole } from "../_http.ts";

/** Mounts the categories route. */
export function categoryRoutes(deps: QueryApiDeps) {
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/categories", async (c) => {
      const query = parseQuery(c, { includeRemoved: z.enum(["true", "false"]).optional() });
      const groupId = c.req.param("groupId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const own = await listCategories(deps.sql, groupId);
      const items = [
        ...builtInCategoryItems(),
        ...own.filter((r) => query.includeRemoved === "true" || !r.removed).map((r) => ({
          key: r.id,
          id: r.id,
          name: r.name,
          icon: r.icon,
          colour: r.colour,
          builtIn: false,
          removed: r.removed,
        })),
      ];
      return await jsonWithEtag(c, { items });
    });
  };
}
