/**
 * Helpers for bulk statements: every column travels as a text array and is
 * cast in SQL (`$1::text[]::uuid[]`), which works without prepared
 * statements (PgBouncer in transaction mode) and keeps BIGINTs exact.
 *
 * @module
 */
import type { Sql, TransactionSql } from "@kopek/platform";

/** A text[] parameter from any scalar column values (null stays null). */
export function textArray(
  sql: Sql | TransactionSql,
  values: readonly (string | number | bigint | boolean | null)[],
) {
  return sql.array(values.map((v) => (v === null ? null : String(v))) as string[], 25);
}

/** The composite key used by the in-memory maps of the folds. */
export function key2(a: string, b: string): string {
  return `${a}/${b}`;
}
