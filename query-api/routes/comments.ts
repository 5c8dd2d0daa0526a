/**
 * `GET /v1/groups/{g}/expenses/{e}/comments`: the comments on an expense,
 * oldest first, paged by position; any member of the group reads them
 * (outsiders and unknown expenses: 404, as for the expense itself). Each
 * comment names its author with their current name.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import { type CommentView, getEntry, listComments } from "@kopek/projector";
import type { QueryApiDeps } from "../deps.ts";
import {
  decodeCursor,
  isUuid,
  jsonWithEtag,
  Limit,
  notFound,
  page,
  parseQuery,
  requireGroupRole,
} from "../_http.ts";

/** Where the next page starts: after this global position. */
const CommentCursor = z.strictObject({ p: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

/** A comment as the API shows it. */
export function commentJson(row: CommentView) {
  return {
    id: row.id,
    expenseId: row.expenseId,
    memberId: row.memberId,
    author: { memberId: row.memberId, name: row.authorName },
    text: row.text,
    at: row.at,
    position: row.position,
  };
}

/** Mounts the comments route. */
export function commentRoutes(deps: QueryApiDeps) {
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/expenses/:expenseId/comments", async (c) => {
      const query = parseQuery(c, { limit: Limit, cursor: z.string().max(1000).optional() });
      const groupId = c.req.param("groupId").toLowerCase();
      const expenseId = c.req.param("expenseId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const entry = isUuid(expenseId) ? await getEntry(deps.sql, groupId, expenseId) : null;
      if (!entry || entry.kind !== "expense") throw notFound("expense");
      const after = decodeCursor(query.cursor, CommentCursor)?.p ?? null;
      const rows = await listComments(deps.sql, groupId, expenseId, {
        limit: query.limit + 1,
        after,
      });
      const { items, nextCursor } = page(rows, query.limit, (last) => ({ p: last.position }));
      return await jsonWithEtag(c, { items: items.map(commentJson), nextCursor });
    });
  };
}
