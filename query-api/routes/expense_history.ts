/**
 * `GET /v1/groups/{g}/expenses/{e}/history`: every version of one expense,
 * oldest first, each with who made it and when (the event's metadata), up to
 * the version the read model shows. Clients use it to show what changed
 * between the version an edit was made on and the current one (the PWA's
 * conflict screen, ADR 0041).
 *
 * Read from the group's stream, from the expense's recording event on (its
 * position is in the read model), a page at a time, until the event of the
 * read model's version: the answer agrees with `GET …/expenses/{e}`.
 *
 * @module
 */
import type { Hono } from "hono";
import { type ExpenseData, groupStream, parseGroupEvent } from "@kopek/domain";
import { getEntry, getGroup } from "@kopek/projector";
import type { RouteDeps } from "../deps.ts";
import { knownGroup } from "../known_group.ts";
import { isUuid, jsonWithEtag, notFound, parseQuery, requireGroupRole } from "../_http.ts";

/** Events read per round trip. */
const PAGE = 500;

/** One version of an expense as the history shows it. */
export interface ExpenseVersion {
  version: number;
  /** What the version did. */
  change: "recorded" | "amended" | "voided";
  /** When its command was decided (as `at` in the activity feed). */
  at: string;
  /** The member who made it, null when their account is no longer a member. */
  actor: { memberId: string; name: string } | null;
  /** The expense as it stood after this version (for a void: as it was when voided). */
  expense: Omit<ExpenseData, "expenseId" | "revision">;
}

/** Mounts the expense history route. */
export function expenseHistoryRoutes(deps: RouteDeps) {
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/expenses/:expenseId/history", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      const expenseId = c.req.param("expenseId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const entry = isUuid(expenseId) ? await getEntry(deps.sql, groupId, expenseId) : null;
      if (!entry || entry.kind !== "expense") throw notFound("expense");
      const group = await knownGroup(deps, () => getGroup(deps.sql, groupId));
      const byUser = new Map(
        group.members.filter((m) => m.userId !== null).map((m) => [m.userId!, m]),
      );
      const items: ExpenseVersion[] = [];
      let last: ExpenseVersion["expense"] | null = null;
      let after = entry.createdPosition - 1;
      while (items.at(-1)?.version !== entry.version) {
        const events = await deps.store.readStream(groupStream(groupId), {
          afterPosition: after,
          limit: PAGE,
        });
        for (const e of events) {
          after = e.position;
          if (
            e.type !== "ExpenseRecorded" && e.type !== "ExpenseAmended" &&
            e.type !== "ExpenseVoided"
          ) continue;
          const event = parseGroupEvent(e.type, e.schemaVersion, e.data);
          if (
            (event.type !== "ExpenseRecorded" && event.type !== "ExpenseAmended" &&
              event.type !== "ExpenseVoided") ||
            event.data.expenseId !== expenseId || event.data.revision > entry.version
          ) continue;
          if (event.type !== "ExpenseVoided") {
            const { expenseId: _id, revision: _r, ...expense } = event.data;
            last = expense;
          }
          if (!last) continue; // a void without its recording: cannot happen in one stream
          const actor = e.metadata.actor ? byUser.get(e.metadata.actor) : undefined;
          items.push({
            version: event.data.revision,
            change: event.type === "ExpenseRecorded"
              ? "recorded"
              : event.type === "ExpenseAmended"
              ? "amended"
              : "voided",
            at: e.metadata.at,
            actor: actor ? { memberId: actor.id, name: actor.name } : null,
            expense: last,
          });
          if (event.data.revision === entry.version) break;
        }
        if (events.length < PAGE) break;
      }
      return await jsonWithEtag(c, { items }, `"${entry.version}"`);
    });
  };
}
