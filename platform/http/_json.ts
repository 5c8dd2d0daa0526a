/**
 * I-JSON (RFC 7493) checks that `JSON.parse` does not make: an object must
 * not name a member twice (JSON.parse silently keeps the last one, so two
 * readers of one body could disagree about it), and a string must not hold a
 * lone surrogate escape such as `"\ud800"` (it has no UTF-8 form, so nothing
 * downstream can store it).
 *
 * @module
 */

/** Where a body breaks I-JSON, and how. */
export interface JsonFault {
  /** Dot-separated path of the offending member, `""` for the top level. */
  readonly path: string;
  readonly message: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * Finds the first I-JSON fault of a text that `JSON.parse` accepted, or
 * null. Iterative, so nesting depth costs no stack.
 *
 * @example
 * ```ts
 * iJsonFault('{"a":1,"a":2}'); // { path: "a", message: 'duplicate field "a"' }
 * ```
 */
export function iJsonFault(text: string): JsonFault | null {
  // One frame per open object or array: the names seen (objects) and the path below it.
  const frames: { names: Set<string> | null; key: string | number }[] = [];
  const pathOf = () => frames.map((f) => String(f.key)).join(".");
  // A string without escapes is a slice of the text between two quotes (ASCII, so never inside
  // a surrogate pair): when the whole text is well formed, so is every such string, and only
  // field names need to be cut out (ADR 0061).
  const wellFormed = text.isWellFormed();
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      let escaped = false;
      for (let d = text.charCodeAt(j); d !== QUOTE; d = text.charCodeAt(j)) {
        if (d === BACKSLASH) {
          escaped = true;
          j++;
        }
        j++;
      }
      const start = i;
      i = j + 1;
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      const frame = frames.length > 0 ? frames[frames.length - 1] : undefined;
      const isName = text.charCodeAt(i) === COLON && frame !== undefined && frame.names !== null;
      if (!isName && !escaped && wellFormed) continue;
      const value = escaped
        ? JSON.parse(text.slice(start, j + 1)) as string
        : text.slice(start + 1, j);
      if (isName) {
        frame!.key = value;
        if (!value.isWellFormed()) {
          return { path: pathOf(), message: "the field name holds a lone surrogate (not Unicode)" };
        }
        if (frame!.names!.has(value)) {
          return { path: pathOf(), message: `duplicate field ${JSON.stringify(value)}` };
        }
        frame!.names!.add(value);
      } else if (!value.isWellFormed()) {
        return { path: pathOf(), message: "the string holds a lone surrogate (not Unicode)" };
      }
      continue;
    }
    if (c === 0x7b /* { */) frames.push({ names: new Set(), key: "" });
    else if (c === 0x5b /* [ */) frames.push({ names: null, key: 0 });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) frames.pop();
    else if (c === 0x2c /* , */) {
      const frame = frames.length > 0 ? frames[frames.length - 1] : undefined;
      if (frame && frame.names === null) frame.key = (frame.key as number) + 1;
    }
    i++;
  }
  return null;
}

/** JSON's insignificant whitespace: space, tab, line feed, carriage return. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
