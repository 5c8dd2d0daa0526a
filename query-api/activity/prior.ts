/**
 * The state of some expenses or payments just before a stream version: for
 * each, the data of its last recording or amending event below that version,
 * read from the event log (the activity feed compares an amendment with it to
 * say what changed). Entries with no such event are absent.
 *
 * @module
 */
import type { Sql } from "postgres";
import { type ExpenseData, parseGroupEvent, type SettlementData } from "@kopek/domain";

/** The last recorded state of each of `expenseIds` in `stream` before `beforeVersion`. */
export async function expenseStatesBefore(
  sql: Sql,
  stream: string,
  expenseIds: readonly string[],
  beforeVersion: number,
): Promise<Map<string, ExpenseData>> {
  const out = new Map<string, ExpenseData>();
  for (const event of await lastEvents(sql, stream, "expense", expenseIds, beforeVersion)) {
    if (event.type === "ExpenseRecorded" || event.type === "ExpenseAmended") {
      out.set(event.data.expenseId, event.data);
    }
  }
  return out;
}

/** The last recorded state of each of `settlementIds` in `stream` before `beforeVersion`. */
export async function settlementStatesBefore(
  sql: Sql,
  stream: string,
  settlementIds: readonly string[],
  beforeVersion: number,
): Promise<Map<string, SettlementData>> {
  const out = new Map<string, SettlementData>();
  for (const event of await lastEvents(sql, stream, "settlement", settlementIds, beforeVersion)) {
    if (event.type === "SettlementRecorded" || event.type === "SettlementAmended") {
      out.set(event.data.settlementId, event.data);
    }
  }
  return out;
}

const KINDS = {
  expense: { key: "expenseId", types: ["ExpenseRecorded", "ExpenseAmended"] },
  settlement: { key: "settlementId", types: ["SettlementRecorded", "SettlementAmended"] },
} as const;

/** Per id, its last recording or amending event of that kind below `beforeVersion`. */
async function lastEvents(
  sql: Sql,
  stream: string,
  kind: keyof typeof KINDS,
  ids: readonly string[],
  beforeVersion: number,
) {
  const { key, types } = KINDS[kind];
  const rows = await sql<{ type: string; schema_version: number; data: unknown }[]>`
    SELECT DISTINCT ON (entry) type, schema_version, data
    FROM (
      SELECT data->>${key}::text AS entry, version, type, schema_version, data
      FROM events
      WHERE stream = ${stream}::text AND version < ${beforeVersion}
        AND type IN ${sql([...types])}
    ) e
    WHERE entry = ANY(${sql.array([...ids])}::text[])
    ORDER BY entry, version DESC`;
  return rows.map((r) => parseGroupEvent(r.type, r.schema_version, r.data));
}
