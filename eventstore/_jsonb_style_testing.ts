/**
 * Test kit: JSON written in the shape PostgreSQL's jsonb prints it, for the
 * tests of the text path (`jsonb_text.ts`) that do not run a server.
 *
 * @module
 */

/** JSON in jsonb's output shape: keys by length then code point, ", " and ": " between tokens. */
export function jsonbStyle(v: unknown): string {
  if (Array.isArray(v)) return "[" + v.map(jsonbStyle).join(", ") + "]";
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    return "{" +
      keys.map((k) => JSON.stringify(k) + ": " + jsonbStyle((v as Record<string, unknown>)[k]))
        .join(", ") +
      "}";
  }
  return JSON.stringify(v);
}
