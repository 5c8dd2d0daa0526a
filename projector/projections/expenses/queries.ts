/**
 * Queries on the expenses read model, for query-api.
 *
 * @module
 */
import type { ExpenseData, SettlementData } from "@kopek/domain";
import type { Sql } from "../../_deps.ts";

/** An expense or settlement as the read model holds it. */
export interface EntryView {
  readonly id: string;
  readonly kind: "expense" | "settlement";
  /** The entry's revision: its version and ETag. */
  readonly version: number;
  readonly voided: boolean;
  readonly date: string;
  readonly createdPosition: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The latest event data (frozen money, fx, allocations). */
  readonly data: ExpenseData | SettlementData;
}

/** Where a page of {@linkcode listEntries} starts: after this (date, created position). */
export interface EntryPageKey {
  readonly date: string;
  readonly position: number;
}

/** Filters of {@linkcode listEntries}. */
export interface EntryFilter {
  readonly kind?: "expense" | "settlement" | "all";
  /** Inclusive `YYYY-MM-DD`. */
  readonly from?: string;
  /** Inclusive `YYYY-MM-DD`. */
  readonly to?: string;
  readonly category?: string;
  readonly memberId?: string;
  /** Words that must all start a word of the description or note. */
  readonly q?: string;
  readonly includeVoided?: boolean;
  readonly limit: number;
  readonly after?: EntryPageKey | null;
}

/**
 * A prefix tsquery (`word:* & word:*`) from free text, or null when it has
 * no word (then the filter is ignored). Only letters and digits reach the query, so it cannot be malformed.
 */
export function prefixQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length === 0 ? null : words.slice(0, 16).map((w) => `${w}:*`).join(" & ");
}

type Row = Omit<EntryView, "createdAt" | "updatedAt"> & { createdAt: Date; updatedAt: Date };

function view(r: Row): EntryView {
  return {
    ...r,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

/** Entries of a group, newest first by date then by created order (descending). */
export async function listEntries(
  sql: Sql,
  groupId: string,
  filter: EntryFilter,
): Promise<EntryView[]> {
  const kind = filter.kind ?? "expense";
  const tsq = filter.q === undefined ? null : prefixQuery(filter.q);
  const after = filter.after ?? null;
  const rows = await sql<Row[]>`
    SELECT entry_id::text AS id, kind, revision AS version, voided, date::text AS date,
           created_position AS "createdPosition", created_at AS "createdAt",
           updated_at AS "updatedAt", data
    FROM rm_entries
    WHERE group_id = ${groupId}::uuid
      ${kind === "all" ? sql`` : sql`AND kind = ${kind}`}
      ${filter.includeVoided ? sql`` : sql`AND NOT voided`}
      ${filter.from ? sql`AND date >= ${filter.from}::date` : sql``}
      ${filter.to ? sql`AND date <= ${filter.to}::date` : sql``}
      ${filter.category ? sql`AND category = ${filter.category}` : sql``}
      ${filter.memberId ? sql`AND member_ids @> ARRAY[${filter.memberId}::uuid]` : sql``}
      ${tsq ? sql`AND search @@ to_tsquery('simple', ${tsq})` : sql``}
      ${
    after ? sql`AND (date, created_position) < (${after.date}::date, ${after.position})` : sql``
  }
    ORDER BY date DESC, created_position DESC
    LIMIT ${filter.limit}`;
  return rows.map(view);
}

/** One entry of a group, or null. */
export async function getEntry(
  sql: Sql,
  groupId: string,
  entryId: string,
): Promise<EntryView | null> {
  const [row] = await sql<Row[]>`
    SELECT entry_id::text AS id, kind, revision AS version, voided, date::text AS date,
           created_position AS "createdPosition", created_at AS "createdAt",
           updated_at AS "updatedAt", data
    FROM rm_entries WHERE group_id = ${groupId}::uuid AND entry_id = ${entryId}::uuid`;
  return row ? view(row) : null;
}
