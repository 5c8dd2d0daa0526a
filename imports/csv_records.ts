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
import { CsvError, type Options, parse } from "csv-parse";
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
  // Every parse error is a CsvError; not every one's code starts with CSV_ (a quote where no field
  // may open one is INVALID_OPENING_QUOTE).
  if (!(e instanceof CsvError)) return null;
  const lines = (e as { lines?: unknown }).lines;
  const message = (e as Error).message.replace(/^Invalid [^:]*: /, "");
  return { message, line: typeof lines === "number" ? Math.max(1, lines) : null };
}

/** The line breaks (CRLF, LF or CR, each one) inside a record's quoted fields. */
export function breaksIn(record: readonly string[]): number {
  let n = 0;
  for (const field of record) n += field.match(/\r\n|\r|\n/g)?.length ?? 0;
  return n;
}

/** The upload's records, in order; throws {@linkcode SheetRefusal} for a file that is no CSV. */
export async function* csvRecords(bytes: DumpBytes): AsyncGenerator<CsvRecord> {
  // The line the last record ended on. Counted here, not taken from csv-parse's `info.lines`:
  // that counter counts a CRLF inside a quoted field as two lines (a CR and an LF), so every
  // line after such a field was named one too high. Each record starts on the line after the
  // last one ended (empty lines are records here), and ends as many lines further on as its
  // quoted fields hold line breaks.
  let last = 0;
  // Each record's line, noted as it is parsed (the stream hands records on later, when the
  // parser has moved on): records come out in order, so one queue pairs them.
  const lines: number[] = [];
  const options: Options = {
    on_record: (record: string[]) => {
      last += 1 + breaksIn(record);
      lines.push(last);
      return record;
    },
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_CSV_RECORD,
  };
  const parser = parse(options);
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
    for await (const record of parser) {
      yield { record: record as string[], line: lines.shift() ?? last };
    }
  } catch (e) {
    const fault = csvFault(e);
    if (fault === null) throw e;
    const line = Math.min(last + 1, fault.line ?? last + 1);
    throw new SheetRefusal("csv.malformed", `not a CSV file: ${fault.message}`, line);
  } finally {
    if (!parser.destroyed) parser.destroy();
    await feed;
  }
}
