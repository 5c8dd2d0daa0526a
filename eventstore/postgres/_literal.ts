/**
 * Quoting of JSON text as a SQL literal, for the one statement that must not
 * pay postgres.js's extra describe round trip when prepared statements are off.
 *
 * @module
 */

/**
 * Quotes JSON text as an escape-string literal (`E'…'`): backslashes and
 * single quotes are doubled, which is the whole escape grammar of `E''`
 * strings whatever `standard_conforming_strings` says. Safe for any text on a
 * UTF-8 connection (postgres.js always uses UTF-8); JSON.stringify output has
 * no raw control characters, and a NUL could not be sent anyway.
 */
export function jsonLiteral(json: string): string {
  return textLiteral(json, "JSON text");
}

/**
 * Quotes any text as an escape-string literal, as {@linkcode jsonLiteral}
 * does: for a statement that takes no parameters (`COPY`).
 */
export function textLiteral(text: string, what = "Text"): string {
  if (text.includes("\0")) throw new TypeError(`${what} must not contain NUL`);
  return `E'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}
