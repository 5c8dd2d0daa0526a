/**
 * Helpers for bulk statements: every column travels as one array literal in
 * a text parameter and is cast in SQL (`$1::uuid[]`), which works without
 * prepared statements (PgBouncer in transaction mode) and keeps BIGINTs
 * exact.
 *
 * @module
 */
import type { Sql, TransactionSql } from "@kopek/platform";

/** A character that must be escaped inside a quoted array element. */
const SPECIAL = /["\\]/;
const SPECIALS = /["\\]/g;

/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) of any scalar column values
 * (null stays null), for a parameter cast to the column's array type. Built
 * here in one pass rather than by postgres.js's array serializer, which maps,
 * escapes with two regular expressions and joins each element (ADR 0070).
 * Every string element is quoted (an empty string, `NULL`, braces, commas
 * and blanks stay literal); numbers, bigints and booleans need no quotes.
 * `sql` is kept for the callers' shape; the literal does not depend on it.
 */
export function textArray(
  _sql: Sql | TransactionSql,
  values: readonly (string | number | bigint | boolean | null)[],
): string {
  // Joined, not concatenated: one flat string, which the driver encodes without flattening a rope.
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) parts[i] = "NULL";
    else if (typeof v !== "string") parts[i] = String(v);
    else if (SPECIAL.test(v)) parts[i] = `"${v.replace(SPECIALS, "\\$&")}"`;
    else parts[i] = `"${v}"`;
  }
  return `{${parts.join(",")}}`;
}

/** The composite key used by the in-memory maps of the folds. */
export function key2(a: string, b: string): string {
  return `${a}/${b}`;
}
