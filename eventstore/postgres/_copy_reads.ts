/**
 * The port's `readStreamCopy` (ADR 0073): a stream's events as the bytes of
 * `COPY (SELECT …) TO STDOUT` in COPY's text format, unparsed: the driver
 * hands over each row's bytes and nothing is decoded, neither a string per
 * column nor an object per row. The verifier reads them in place
 * (`copy_verify.ts`).
 *
 * COPY takes no parameters, so the bounds are written into the statement:
 * the stream as an escape-string literal (`textLiteral`), the numbers after
 * checking they are integers. The driver's COPY stream is read in flowing
 * mode (a `data` listener) into one buffer: its async iterator stalls on long
 * outputs (porsager/postgres#917), and a page is small (one `limit`).
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import { COPY_ROW_COLUMNS, type ReadStreamOptions } from "../port.ts";
import { isNonNegativeInteger } from "../append_validation.ts";
import { textLiteral } from "./_literal.ts";

/** An integer bound of the statement, checked before it is written into the text. */
function integer(n: number, what: string): string {
  if (!Number.isSafeInteger(n)) throw new TypeError(`${what} must be an integer`);
  return String(n);
}

/** The COPY statement of a stream read's rows (exported for the tests). */
export function copyStatement(stream: string, readOptions: ReadStreamOptions = {}): string {
  const limit = readOptions.limit ?? null;
  if (limit !== null && !isNonNegativeInteger(limit)) {
    throw new TypeError("Limit must be a non-negative integer");
  }
  let where = `stream = ${textLiteral(stream, "A stream")}` +
    ` AND version > ${integer(readOptions.afterVersion ?? 0, "afterVersion")}`;
  if (readOptions.untilPosition != null) {
    where += ` AND position <= ${integer(readOptions.untilPosition, "untilPosition")}`;
  }
  if (readOptions.afterPosition != null) {
    where += ` AND position > ${integer(readOptions.afterPosition, "afterPosition")}`;
  }
  return `COPY (SELECT ${COPY_ROW_COLUMNS.join(", ")} FROM events WHERE ${where}` +
    ` ORDER BY version${limit === null ? "" : ` LIMIT ${limit}`}) TO STDOUT`;
}

/** The port's `readStreamCopy`: a stream's events as COPY text rows, in version order. */
export async function readStreamCopy(
  sql: Sql,
  stream: string,
  readOptions: ReadStreamOptions = {},
): Promise<Uint8Array> {
  const readable = await sql.unsafe(copyStatement(stream, readOptions)).readable();
  // The driver's chunks (a row each) are views of its socket's buffers: kept until the end,
  // then copied once into a page of the exact size.
  const chunks: Uint8Array[] = [];
  let length = 0;
  await new Promise<void>((resolve, reject) => {
    readable.on("data", (chunk: Uint8Array) => {
      chunks.push(chunk);
      length += chunk.length;
    });
    readable.once("end", resolve);
    readable.once("error", reject);
  });
  const page = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    page.set(chunk, at);
    at += chunk.length;
  }
  return page;
}
