/**
 * Spliit's CSV export (`src/app/groups/[groupId]/expenses/export/csv` in
 * spliit-app/spliit) read into the sheet model. Its header is
 * `Date,Description,Category,Currency,Cost,Is Reimbursement,Split mode`
 * followed by one column per participant holding their share of the
 * expense, positive for the one who paid and negative for the others; the
 * `Currency` column is the group's currency as Spliit shows it (often a
 * symbol). There is no total row.
 *
 * Nets: each other participant's figure v (≤ 0) is theirs; the payer (the
 * one positive column) is owed what the others owe, so a row always sums to
 * zero and the rounding of Spliit's per-share figures lands on the payer's
 * own share (the expense keeps the row's `Cost` when that share is not
 * negative). Without a positive column the payer had no share, and is the
 * one participant whose figure is zero; with several such, Spliit's export
 * does not say who paid, and the row is refused. A reimbursement is a
 * payment from the payer to the one other participant.
 *
 * @module
 */
import { isCurrency } from "../../../money/currency.ts";
import { MAX_SHEET_PEOPLE, type SheetItem, SheetRefusal } from "./sheet.ts";
import { isBlankRecord, sheetAmount, sheetDate } from "./sheet_record.ts";

/** The fixed columns that open a Spliit export's header. */
export const SPLIIT_COLUMNS = [
  "Date",
  "Description",
  "Category",
  "Currency",
  "Cost",
  "Is Reimbursement",
  "Split mode",
] as const;

/** Currency symbols Spliit groups commonly use, and their codes. */
const SYMBOLS: Readonly<Record<string, string>> = {
  "€": "EUR",
  "$": "USD",
  "US$": "USD",
  "£": "GBP",
  "¥": "JPY",
  "₹": "INR",
  "zł": "PLN",
  "Fr.": "CHF",
  "R$": "BRL",
  "C$": "CAD",
  "A$": "AUD",
  "₺": "TRY",
  "₩": "KRW",
};

/** Whether a header record is Spliit's. */
export function isSpliitHeader(record: readonly string[]): boolean {
  return SPLIIT_COLUMNS.every((c, i) => record[i]?.trim() === c) &&
    record.length > SPLIIT_COLUMNS.length;
}

/** The people of a Spliit header; refuses one that is not Spliit's. */
export function spliitPeople(record: readonly string[], line: number): string[] {
  if (!isSpliitHeader(record)) {
    throw new SheetRefusal("csv.malformed", `the header must start with ${SPLIIT_COLUMNS}`, line);
  }
  const people = record.slice(SPLIIT_COLUMNS.length).map((p) => p.trim());
  if (people.length > MAX_SHEET_PEOPLE) {
    throw new SheetRefusal("csv.too_large", `at most ${MAX_SHEET_PEOPLE} people`, line);
  }
  if (people.some((p) => p === "") || new Set(people).size !== people.length) {
    throw new SheetRefusal("csv.malformed", "every person's column needs its own name", line);
  }
  return people;
}

/** The ISO code of Spliit's `Currency` cell, `fallback` (the request's) for an unknown symbol. */
export function spliitCurrency(text: string, fallback: string | null, line: number): string {
  const t = text.trim();
  if (/^[A-Za-z]{3}$/.test(t) && isCurrency(t.toUpperCase())) return t.toUpperCase();
  const code = SYMBOLS[t] ?? fallback;
  if (code === null || code === undefined) {
    throw new SheetRefusal(
      "csv.malformed",
      `Currency: "${text}" is no currency code; give currency=<ISO code>`,
      line,
    );
  }
  return code;
}

/**
 * The payer's column: the one positive figure; without one (the payer had
 * no share), the one zero figure; refused when neither tells.
 */
function payerOf(shares: readonly bigint[], line: number): number {
  const positive = shares.flatMap((v, i) => v > 0n ? [i] : []);
  if (positive.length === 1) return positive[0];
  const zero = shares.flatMap((v, i) => v === 0n ? [i] : []);
  if (positive.length === 0 && zero.length === 1) return zero[0];
  throw new SheetRefusal(
    "csv.bad_row",
    positive.length > 1
      ? "more than one participant's figure is positive"
      : "the payer has no share and several participants none either: Spliit's export does " +
        "not say which of them paid",
    line,
  );
}

/** One record after the header: a row, or a blank line. */
export function spliitItem(
  record: readonly string[],
  line: number,
  people: readonly string[],
  currencyHint: string | null,
): SheetItem {
  if (isBlankRecord(record, SPLIIT_COLUMNS.length + people.length, line)) {
    return { kind: "blank" };
  }
  const [date, description, category, currencyText, costText, reimbursement] = record;
  const day = sheetDate(date, line);
  const currency = spliitCurrency(currencyText, currencyHint, line);
  const cost = sheetAmount(costText, currency, line, "Cost");
  const shares = people.map((p, i) =>
    sheetAmount(record[SPLIIT_COLUMNS.length + i], currency, line, p)
  );
  const payer = payerOf(shares, line);
  const owedByOthers = shares.reduce((s, v, i) => i === payer ? s : s - v, 0n);
  const nets = shares.map((v, i) => i === payer ? owedByOthers : v);
  return {
    kind: "row",
    row: {
      line,
      date: day,
      description: description.trim(),
      category: category.trim(),
      payment: reimbursement.trim() === "Yes",
      currency,
      cost,
      nets,
    },
  };
}
