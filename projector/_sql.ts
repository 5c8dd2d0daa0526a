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
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    const v = values[i];
    if (v === null) out += "NULL";
    else if (typeof v !== "string") out += String(v);
    else if (SPECIAL.test(v)) out += `"${v.replace(SPECIALS, "\\$&")}"`;
    else out += `"${v}"`;
  }
  return out + "}";
}

/** The composite key used by the in-memory maps of the folds. */
export function key2(a: string, b: string): string {
  return `${a}/${b}`;
}
