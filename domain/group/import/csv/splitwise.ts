/**
 * Splitwise's group export read into the sheet model: a header
 * `Date,Description,Category,Cost,Currency` followed by one column per
 * person holding that person's net effect of the row (paid minus share,
 * positive when owed); rows of category `Payment` are payments from the
 * person with the positive figure to the one with the negative; a blank
 * line, then a `Total balance` row (one per currency in a multi-currency
 * export). Pure: records come parsed (csv-parse in `imports/`).
 *
 * @module
 */
import { isCurrency } from "../../../money/currency.ts";
import { MAX_SHEET_PEOPLE, type SheetItem, SheetRefusal } from "./sheet.ts";
import { isBlankRecord, sheetAmount, sheetDate } from "./sheet_record.ts";

/** The fixed columns that open a Splitwise export's header. */
export const SPLITWISE_COLUMNS = ["Date", "Description", "Category", "Cost", "Currency"] as const;

/** Whether a header record is Splitwise's (format detection). */
export function isSplitwiseHeader(record: readonly string[]): boolean {
  return SPLITWISE_COLUMNS.every((c, i) => record[i]?.trim() === c) &&
    record.length > SPLITWISE_COLUMNS.length;
}

/** The people of a Splitwise header; refuses one that is not Splitwise's. */
export function splitwisePeople(record: readonly string[], line: number): string[] {
  if (!isSplitwiseHeader(record)) {
    throw new SheetRefusal(
      "csv.malformed",
      `the header must start with ${SPLITWISE_COLUMNS.join(",")} and name at least one person`,
      line,
    );
  }
  const people = record.slice(SPLITWISE_COLUMNS.length).map((p) => p.trim());
  if (people.length > MAX_SHEET_PEOPLE) {
    throw new SheetRefusal("csv.too_large", `at most ${MAX_SHEET_PEOPLE} people`, line);
  }
  const seen = new Set<string>();
  for (const p of people) {
    if (p === "") throw new SheetRefusal("csv.malformed", "a person's column has no name", line);
    if (seen.has(p)) throw new SheetRefusal("csv.malformed", `two columns are named ${p}`, line);
    seen.add(p);
  }
  return people;
}

function currencyOf(text: string, line: number): string {
  const c = text.trim().toUpperCase();
  if (!isCurrency(c)) throw new SheetRefusal("csv.malformed", `unknown currency "${text}"`, line);
  return c;
}

/** One record after the header: a row, a total, or a blank line. */
export function splitwiseItem(
  record: readonly string[],
  line: number,
  people: readonly string[],
): SheetItem {
  if (isBlankRecord(record, SPLITWISE_COLUMNS.length + people.length, line)) {
    return { kind: "blank" };
  }
  const [date, description, category, cost, currencyText] = record;
  const currency = currencyOf(currencyText, line);
  const nets = people.map((p, i) =>
    sheetAmount(record[SPLITWISE_COLUMNS.length + i], currency, line, p)
  );
  if (description.trim() === "Total balance") {
    return { kind: "total", total: { line, currency, nets } };
  }
  const day = sheetDate(date, line);
  return {
    kind: "row",
    row: {
      line,
      date: day,
      description: description.trim(),
      category: category.trim(),
      payment: category.trim() === "Payment",
      currency,
      cost: cost.trim() === "" ? null : sheetAmount(cost, currency, line, "Cost"),
      nets,
    },
  };
}
