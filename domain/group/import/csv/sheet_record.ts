/**
 * What every spreadsheet reader (Splitwise, Spliit, Tricount; ADR 0054)
 * does alike with one record after the header: skip a blank line, refuse a
 * record whose column count is not the header's, and read a date or an
 * amount cell, each refused as `csv.malformed` naming the line.
 *
 * @module
 */
import { parseAmount } from "../../../money/money.ts";
import { MoneyError } from "../../../money/money_error.ts";
import { InputDate } from "../../../shared/schemas.ts";
import { SheetRefusal } from "./sheet.ts";

/**
 * Whether `record` is a blank line (every cell empty or spaces), which a
 * reader skips; otherwise it must have the header's `width` columns, else
 * `csv.malformed`.
 */
export function isBlankRecord(record: readonly string[], width: number, line: number): boolean {
  if (record.every((cell) => cell.trim() === "")) return true;
  if (record.length !== width) {
    throw new SheetRefusal(
      "csv.malformed",
      `${record.length} columns where the header has ${width}`,
      line,
    );
  }
  return false;
}

/** A `Date` cell, `YYYY-MM-DD` (trimmed), else `csv.malformed`. */
export function sheetDate(text: string, line: number): string {
  const date = text.trim();
  if (!InputDate.safeParse(date).success) {
    throw new SheetRefusal("csv.malformed", `Date: "${text}" is not a date YYYY-MM-DD`, line);
  }
  return date;
}

/** A figure in minor units of `currency`, refused as `csv.malformed` naming its column. */
export function sheetAmount(text: string, currency: string, line: number, column: string): bigint {
  try {
    return parseAmount(text.trim(), currency);
  } catch (e) {
    if (!(e instanceof MoneyError)) throw e;
    throw new SheetRefusal("csv.malformed", `${column}: ${e.message}`, line);
  }
}
