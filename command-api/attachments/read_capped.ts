/**
 * Reads a request body up to a bound: more than `maxBytes` stops the read at
 * once (the rest is never buffered) and answers 413 `attachment.too_large`.
 *
 * @module
 */
import { problem, ProblemError, readBounded } from "@kopek/platform";

/** The 413 of an upload over `maxBytes`. */
export function tooLarge(maxBytes: number): ProblemError {
  return new ProblemError(
    problem(413, `an attachment may be at most ${maxBytes / 1024 / 1024} MiB`, {
      code: "attachment.too_large",
    }),
  );
}

/** The body's bytes, at most `maxBytes` of them; a longer body is cancelled and refused. */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array> {
  const bytes = await readBounded(body, maxBytes);
  if (bytes === undefined) throw tooLarge(maxBytes);
  return bytes;
}
