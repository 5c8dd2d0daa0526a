/**
 * Queries on the recurrences read model: the group's list (query-api), its
 * time zone, and the recurrences due (the scheduler).
 *
 * @module
 */
import { upcomingOccurrences } from "@kopek/domain";
import type { Sql } from "../../_deps.ts";
import { nextDue, type StoredRecurrence, toState } from "./fold.ts";

/** A recurrence as `GET /v1/groups/{g}/recurrences` lists it. */
export interface RecurrenceView extends Omit<StoredRecurrence, "from" | "last"> {
  readonly id: string;
  readonly lastOccurrence: string | null;
  readonly upcoming: string[];
  readonly nextDueAt: string | null;
}

/** How many upcoming occurrences each recurrence shows. */
export const UPCOMING = 5;

/** A group's time zone ("UTC" when never set). */
export async function groupTimeZone(sql: Sql, groupId: string): Promise<string> {
  const rows = await sql<{ timeZone: string }[]>`
    SELECT time_zone AS "timeZone" FROM rm_group_time_zones WHERE group_id = ${groupId}::uuid`;
  return rows[0]?.timeZone ?? "UTC";
}

/** The group's recurrences not stopped, oldest first (at most 200 exist), and its time zone. */
export async function listRecurrences(
  sql: Sql,
  groupId: string,
): Promise<{ timeZone: string; items: RecurrenceView[] }> {
  const timeZone = await groupTimeZone(sql, groupId);
  const rows = await sql<{ id: string; state: StoredRecurrence }[]>`
    SELECT recurrence_id::text AS id, state FROM rm_recurrences
    WHERE group_id = ${groupId}::uuid AND status <> 'stopped'
    ORDER BY position LIMIT 500`;
  const items = rows.map(({ id, state }) => {
    const { from: _from, last, ...rest } = state;
    const due = nextDue(id, state, timeZone);
    return {
      id,
      ...rest,
      lastOccurrence: last,
      upcoming: state.status === "active" ? upcomingOccurrences(toState(id, state), UPCOMING) : [],
      nextDueAt: due === null ? null : new Date(due).toISOString(),
    };
  });
  return { timeZone, items };
}

/**
 * Recurrences due at `now`, oldest first, at most `perGroup` of one group and
 * `limit` in all, so that one group far behind does not fill a tick.
 */
export async function dueRecurrences(
  sql: Sql,
  now: Date,
  limit: number,
  perGroup = 5,
): Promise<{ groupId: string; recurrenceId: string }[]> {
  return await sql<{ groupId: string; recurrenceId: string }[]>`
    SELECT "groupId", "recurrenceId" FROM (
      SELECT group_id::text AS "groupId", recurrence_id::text AS "recurrenceId", next_due,
             row_number() OVER (PARTITION BY group_id ORDER BY next_due) AS n
      FROM rm_recurrences WHERE next_due <= ${now.toISOString()}::timestamptz
    ) t WHERE n <= ${perGroup} ORDER BY next_due LIMIT ${limit}`;
}
