/**
 * `GET /v1/groups/{g}/activity`: what happened in the group, newest first,
 * in words a person reads. Read straight from the group's stream (one page
 * of stream versions per request), up to the version the read models have
 * applied, so that it agrees with every other read at the same
 * `Kopek-Position`.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import {
  type ExpenseData,
  groupStream,
  parseGroupEvent,
  SCHEDULER_ACTOR_ID,
  type SettlementData,
} from "@kopek/domain";
import { getGroup } from "@kopek/projector";
import { type Change, expenseChanges, settlementChanges } from "../activity/changes.ts";
import { describe } from "../activity/describe.ts";
import { subjectOf } from "../activity/subject.ts";
import { expenseStatesBefore, settlementStatesBefore } from "../activity/prior.ts";
import type { RouteDeps } from "../deps.ts";
import { knownGroup } from "../known_group.ts";
import {
  decodeCursor,
  encodeCursor,
  jsonWithEtag,
  Limit,
  parseQuery,
  requireGroupRole,
} from "../_http.ts";

/** The stream version the next page ends before. */
const ActivityCursor = z.strictObject({ v: z.number().int().min(1).max(2 ** 31) });

/** Mounts the activity route. */
export function activityRoutes(deps: RouteDeps) {
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/activity", async (c) => {
      const query = parseQuery(c, { limit: Limit, cursor: z.string().max(1000).optional() });
      const groupId = c.req.param("groupId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const group = await knownGroup(deps, () => getGroup(deps.sql, groupId));
      const before = Math.min(
        decodeCursor(query.cursor, ActivityCursor)?.v ?? Infinity,
        group.version + 1,
      );
      const from = Math.max(0, before - 1 - query.limit);
      const stored = before <= 1 ? [] : await deps.store.readStream(groupStream(groupId), {
        afterVersion: from,
        limit: before - 1 - from,
      });
      const memberName = new Map(group.members.map((m) => [m.id, m.name]));
      const byUser = new Map(
        group.members.filter((m) => m.userId !== null).map((m) => [m.userId!, m]),
      );
      const parsed = stored.map((e) => ({
        stored: e,
        event: parseGroupEvent(e.type, e.schemaVersion, e.data),
      }));
      // Voids and comments name their expense by its current description.
      const voided = parsed.flatMap((p) =>
        p.event.type === "ExpenseVoided" || p.event.type === "CommentAdded" ||
          p.event.type === "AttachmentAdded" || p.event.type === "AttachmentRemoved" ||
          p.event.type === "RecurrenceOccurred"
          ? [p.event.data.expenseId]
          : []
      );
      const descriptions = new Map<string, string>(
        voided.length === 0 ? [] : (await deps.sql<{ id: string; description: string | null }[]>`
          SELECT entry_id::text AS id, description FROM rm_entries
          WHERE group_id = ${groupId}::uuid AND entry_id = ANY(${deps.sql.array(voided)}::uuid[])`)
          .map((r) => [r.id, r.description ?? "an expense"]),
      );
      // What each amendment changed: the state before it is the entry's previous event,
      // earlier in this page or else read from the stream before the page.
      const amendedExpenses = [
        ...new Set(
          parsed.flatMap((p) => p.event.type === "ExpenseAmended" ? [p.event.data.expenseId] : []),
        ),
      ];
      const amendedSettlements = [
        ...new Set(
          parsed.flatMap((p) =>
            p.event.type === "SettlementAmended" ? [p.event.data.settlementId] : []
          ),
        ),
      ];
      const stream = groupStream(groupId);
      const expenses = amendedExpenses.length === 0
        ? new Map<string, ExpenseData>()
        : await expenseStatesBefore(deps.sql, stream, amendedExpenses, from + 1);
      const settlements = amendedSettlements.length === 0
        ? new Map<string, SettlementData>()
        : await settlementStatesBefore(deps.sql, stream, amendedSettlements, from + 1);
      const changes = new Map<number, Change[] | null>();
      for (const { stored: e, event } of parsed) {
        if (event.type === "ExpenseRecorded" || event.type === "ExpenseAmended") {
          if (event.type === "ExpenseAmended") {
            const before = expenses.get(event.data.expenseId);
            changes.set(e.version, before ? expenseChanges(before, event.data) : null);
          }
          expenses.set(event.data.expenseId, event.data);
        } else if (event.type === "SettlementRecorded" || event.type === "SettlementAmended") {
          if (event.type === "SettlementAmended") {
            const before = settlements.get(event.data.settlementId);
            changes.set(e.version, before ? settlementChanges(before, event.data) : null);
          }
          settlements.set(event.data.settlementId, event.data);
        }
      }
      const names = {
        member: (id: string) => memberName.get(id) ?? "a former member",
        entry: (id: string) => descriptions.get(id) ?? "an expense",
      };
      const items = parsed.reverse().map(({ stored: e, event }) => {
        const actor = e.metadata.actor ? byUser.get(e.metadata.actor) : undefined;
        // The scheduler of recurring expenses (ADR 0051) is no member.
        const who = actor?.name ??
          (e.metadata.actor === SCHEDULER_ACTOR_ID ? "The scheduler" : "Someone");
        const described = describe(event, who, names, {
          actorUserId: e.metadata.actor ?? null,
          changes: changes.get(e.version) ?? null,
        });
        return {
          position: e.position,
          version: e.version,
          at: e.metadata.at,
          type: e.type,
          actor: actor ? { memberId: actor.id, name: actor.name } : null,
          via: e.metadata.via ?? null,
          text: described.text,
          entityId: described.entityId,
          ...subjectOf(event, names),
          changes: changes.get(e.version) ?? null,
        };
      });
      return await jsonWithEtag(c, {
        items,
        nextCursor: from > 0 ? encodeCursor({ v: from + 1 }) : null,
      });
    });
  };
}
