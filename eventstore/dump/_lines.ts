/**
 * Splits a byte stream into lines (on `\n`, byte 0x0A, which never occurs
 * inside a multi-byte UTF-8 sequence) without ever holding more than one
 * line: the dump reader's constant-memory front end.
 *
 * @module
 */

/** One line of the stream. */
export interface ByteLine {
  /** The line's bytes including its `\n` (absent only for an unterminated last line). */
  readonly bytes: Uint8Array;
  /** Whether the line ended with `\n`. */
  readonly terminated: boolean;
}

/** A line longer than the bound (its first `limit` bytes were seen without a newline). */
export class LineTooLong extends Error {
  override name = "LineTooLong";
}

/**
 * The lines of `source`, each with its newline. A line longer than
 * `maxBytes` (newline included) throws {@linkcode LineTooLong} as soon as
 * its bytes exceed the bound, so memory stays within one chunk plus
 * `maxBytes` whatever the input.
 */
export async function* byteLines(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<ByteLine> {
  // The parts of the line being assembled across chunks.
  let parts: Uint8Array[] = [];
  let held = 0;
  for await (const chunk of source) {
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(0x0a, from);
      const end = nl < 0 ? chunk.length : nl + 1;
      if (held + end - from > maxBytes) {
        throw new LineTooLong(`a line is longer than ${maxBytes} bytes`);
      }
      if (nl < 0) {
        // Copied: the caller may reuse its chunk buffer.
        parts.push(chunk.slice(from));
        held += chunk.length - from;
        break;
      }
      if (held === 0) {
        yield { bytes: chunk.subarray(from, end), terminated: true };
      } else {
        parts.push(chunk.subarray(from, end));
        yield { bytes: concat(parts, held + end - from), terminated: true };
        parts = [];
        held = 0;
      }
      from = end;
    }
  }
  if (held > 0) yield { bytes: concat(parts, held), terminated: false };
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
