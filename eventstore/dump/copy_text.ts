/**
 * PostgreSQL's `COPY … FROM stdin` text format for one field: backslash,
 * tab, newline and carriage return escaped, `\N` for null. The dump writer
 * emits only these escapes and the reader accepts only these, so a dump's
 * rows read back to exactly the values written.
 *
 * @module
 */

/** Escapes a field for COPY text format (null → `\N`). */
export function escapeCopyField(value: string | null): string {
  if (value === null) return "\\N";
  if (typeof value !== "string") throw new TypeError("A COPY field must be a string or null");
  // Most fields (ids, hashes, JSON without newlines) need nothing: test before replacing.
  return SPECIAL.test(value) ? value.replace(SPECIALS, (ch) => ESCAPES[ch]) : value;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const UNESCAPES: Record<string, string> = { "\\": "\\", t: "\t", n: "\n", r: "\r" };

/**
 * Reads a field written by {@linkcode escapeCopyField}; throws on any other
 * escape (a dump Kopek did not write).
 */
export function unescapeCopyField(field: string): string | null {
  if (field === "\\N") return null;
  return field.replace(/\\(.?)/g, (_, ch: string) => {
    const out = UNESCAPES[ch];
    if (out === undefined) throw new SyntaxError(`unexpected escape \\${ch} in a COPY field`);
    return out;
  });
}
