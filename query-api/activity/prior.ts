/**
 * The state of some expenses just before a stream version: for each, the data
 * of its last `ExpenseRecorded` or `ExpenseAmended` below that version, read
 * from the event log (the activity feed compares an amendment with it to say
 * what changed). Expenses with no such event are absent.
 *
 * @module
 */
import type { Sql } from "postgres";
import { type ExpenseData, parseGroupEvent } from "@kopek/domain";

/** The last recorded state of each of `expenseIds` in `stream` before `beforeVersion`. */
export async function expenseStatesBefore(
  sql: Sql,
  stream: string,
  expenseIds: readonly string[],
  beforeVersion: number,
): Promise<Map<string, ExpenseData>> {
  const rows = await sql<{ type: string; schema_version: number; data: unknown }[]>`
    SELECT DISTINCT ON (data->>'expenseId') type, schema_version, data
    FROM events
    WHERE stream = ${stream}::text AND version < ${beforeVersion}
      AND type IN ('ExpenseRecorded', 'ExpenseAmended')
      AND data->>'expenseId' = ANY(${sql.array([...expenseIds])}::text[])
    ORDER BY data->>'expenseId', version DESC`;
  const out = new Map<string, ExpenseData>();
  for (const r of rows) {
    const event = parseGroupEvent(r.type, r.schema_version, r.data);
    if (event.type === "ExpenseRecorded" || event.type === "ExpenseAmended") {
      out.set(event.data.expenseId, event.data);
    }
  }
  return out;
}
