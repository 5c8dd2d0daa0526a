/**
 * A CSV upload's records as they stream, with the line each one ends on:
 * csv-parse (the sibling of the csv-stringify the exports use; ADR 0054)
 * fed chunk by chunk from the stored upload, with backpressure, so memory
 * is one chunk and one record. A UTF-8 BOM, CRLF, quoted fields (commas,
 * quotes, newlines) are read as RFC 4180 says; a record longer than
 * {@linkcode MAX_CSV_RECORD} characters, or a quote left open, is refused
 * naming its line.
 *
 * @module
 */
import { parse } from "csv-parse";
import { SheetRefusal } from "@kopek/domain";
import type { DumpBytes } from "./engine.ts";

/** The longest record (characters): 100 people, a long description, and room to spare. */
export const MAX_CSV_RECORD = 64 * 1024;

/** One record and the line it ends on (1-based). */
export interface CsvRecord {
  readonly record: string[];
  readonly line: number;
}

/** Whether an error is csv-parse's refusal of the text (not a fault of Kopek or of the read). */
function csvFault(e: unknown): { message: string; line: number | null } | null {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== "string" || !code.startsWith("CSV_")) return null;
  const lines = (e as { lines?: unknown }).lines;
  const message = (e as Error).message.replace(/^Invalid [^:]*: /, "");
  return { message, line: typeof lines === "number" ? Math.max(1, lines) : null };
}

/** The upload's records, in order; throws {@linkcode SheetRefusal} for a file that is no CSV. */
export async function* csvRecords(bytes: DumpBytes): AsyncGenerator<CsvRecord> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    info: true,
    max_record_size: MAX_CSV_RECORD,
  });
  const feed = (async () => {
    try {
      for await (const chunk of bytes()) {
        if (!parser.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              parser.off("drain", done);
              parser.off("close", done);
              resolve();
            };
            parser.once("drain", done);
            parser.once("close", done);
          });
        }
        if (parser.destroyed) return;
      }
      parser.end();
    } catch (e) {
      parser.destroy(e as Error);
    }
  })();
  try {
    for await (const { record, info } of parser) {
      yield { record: record as string[], line: (info as { lines: number }).lines };
    }
  } catch (e) {
    const fault = csvFault(e);
    if (fault === null) throw e;
    throw new SheetRefusal("csv.malformed", `not a CSV file: ${fault.message}`, fault.line);
  } finally {
    if (!parser.destroyed) parser.destroy();
    await feed;
  }
}
