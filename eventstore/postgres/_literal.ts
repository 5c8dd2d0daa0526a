/**
 * Quoting of text as a SQL literal, for the statements that cannot take
 * parameters (COPY) or must not pay postgres.js's extra describe round trip
 * when prepared statements are off.
 *
 * @module
 */

/**
 * Quotes text as an escape-string literal (`E'…'`): backslashes and single
 * quotes are doubled, which is the whole escape grammar of `E''` strings
 * whatever `standard_conforming_strings` says. Safe for any text on a UTF-8
 * connection (postgres.js always uses UTF-8); a NUL could not be sent anyway.
 */
export function textLiteral(text: string): string {
  if (text.includes("\0")) throw new TypeError("Text must not contain NUL");
  return `E'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

/** {@linkcode textLiteral} for JSON text (JSON.stringify output has no raw control characters). */
export function jsonLiteral(json: string): string {
  if (json.includes("\0")) throw new TypeError("JSON text must not contain NUL");
  return textLiteral(json);
}
