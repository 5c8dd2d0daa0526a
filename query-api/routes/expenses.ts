/**
 * `GET /v1/groups/{g}/expenses` (newest first, filtered, cursor-paginated;
 * with `asOf`, as the list stood then, folded from the events) and
 * `GET /v1/groups/{g}/expenses/{e}`.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import {
  CategoryKey,
  type ExpenseData,
  Id,
  InputDate,
  Instant,
  type SettlementData,
} from "@kopek/domain";
import { type EntryView, getEntry, listEntries } from "@kopek/projector";
import { problem, ProblemError } from "@kopek/platform";
import type { QueryApiDeps } from "../deps.ts";
import { entriesAsOf, listFolded } from "./entries_as_of.ts";
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

/**
 * A page key as {@linkcode page} makes it. The date is an {@linkcode InputDate}: a read model date
 * is never year 0 (PostgreSQL's `date` has none), and a forged one must be a 422, not a SQL error.
 */
const EntryCursor = z.strictObject({ d: InputDate, p: z.number().int().nonnegative() });

/**
 * The API shape of an expense (or, in lists with `kind`, a settlement). The
 * request-shaped fields (`total`, `paidBy`, `split`, `fx`) are as recorded,
 * so the body can be sent back with `PUT`; `converted`, `paid` and `shares`
 * are the frozen allocations in group currency.
 */
export function entryJson(entry: EntryView): Record<string, unknown> {
  const base = {
    id: entry.id,
    kind: entry.kind,
    version: entry.version,
    voided: entry.voided,
    date: entry.date,
  };
  const times = { createdAt: entry.createdAt, updatedAt: entry.updatedAt };
  if (entry.kind === "expense") {
    const d = entry.data as ExpenseData;
    return {
      ...base,
      description: d.description,
      category: d.category,
      note: d.note,
      total: d.total,
      fx: d.fx,
      converted: d.converted,
      paidBy: d.paidBy,
      split: d.split,
      paid: d.paid,
      shares: d.shares,
      items: d.items ?? null,
      charges: d.charges ?? null,
      ...times,
    };
  }
  const d = entry.data as SettlementData;
  return {
    ...base,
    from: d.from,
    to: d.to,
    amount: d.amount,
    fx: d.fx,
    converted: d.converted,
    note: d.note,
    ...times,
  };
}

/** Mounts the expense routes. */
export function expenseRoutes(deps: QueryApiDeps) {
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/expenses", async (c) => {
      const query = parseQuery(c, {
        limit: Limit,
        cursor: z.string().max(1000).optional(),
        from: InputDate.optional(),
        to: InputDate.optional(),
        category: CategoryKey.optional(),
        memberId: Id.optional(),
        q: z.string().max(200, { error: "must be at most 200 characters" }).optional(),
        kind: z.enum(["expense", "settlement", "all"]).optional(),
        includeVoided: z.enum(["true", "false"]).optional(),
        asOf: Instant.optional(),
      });
      const groupId = c.req.param("groupId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      // After the group: a group the caller may not see is a 404 whatever the query says.
      if (query.asOf !== undefined && query.q !== undefined) {
        throw new ProblemError(
          problem(422, "q cannot be combined with asOf: search works on today's list", {
            code: "validation",
            errors: [{ path: "query.q", message: "cannot be combined with asOf" }],
          }),
        );
      }
      const after = decodeCursor(query.cursor, EntryCursor);
      const filter = {
        kind: query.kind,
        from: query.from,
        to: query.to,
        category: query.category,
        memberId: query.memberId?.toLowerCase(),
        includeVoided: query.includeVoided === "true",
        limit: query.limit + 1,
        after: after && { date: after.d, position: after.p },
      };
      const rows = query.asOf === undefined
        ? await listEntries(deps.sql, groupId, { ...filter, q: query.q })
        : listFolded(await entriesAsOf(deps.store, groupId, Date.parse(query.asOf)), filter);
      const { items, nextCursor } = page(
        rows,
        query.limit,
        (last) => ({ d: last.date, p: last.createdPosition }),
      );
      return await jsonWithEtag(c, { items: items.map(entryJson), nextCursor });
    });

    app.get("/v1/groups/:groupId/expenses/:expenseId", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      const expenseId = c.req.param("expenseId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const entry = isUuid(expenseId) ? await getEntry(deps.sql, groupId, expenseId) : null;
      if (!entry || entry.kind !== "expense") throw notFound("expense");
      return await jsonWithEtag(c, entryJson(entry), `"${entry.version}"`);
    });
  };
}
