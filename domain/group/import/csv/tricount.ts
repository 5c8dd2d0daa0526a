/**
 * Tricount's CSV export read into the sheet model (ADR 0054). Tricount
 * publishes no description of the file; its shape here is the one that
 * parsing code in the wild reads: `src/lib/tricount-import.ts` and
 * `src/lib/tricount-detect.ts` in t0ma5/spl1t (a Spliit fork; the same
 * importer is spliit-app/spliit pull request 526, "Support tricount
 * imports"). Columns are found by name, in any order:
 *
 * - `Title`, `Amount`, `Currency` (required), `Exchange rate`,
 *   `Amount in default currency (<CUR>)`, `Category`, `Date & time`;
 * - `Paid by <name>`: what that person paid, in the default currency
 *   (positive), one column per person; older exports have a single
 *   `Paid by` column naming the one payer, who paid the whole amount;
 * - `Impacted to <name>`: that person's share, in the default currency,
 *   written negative (an empty cell is no share);
 * - a last line `tricount <name> - Exported on …`, skipped.
 *
 * Every figure of a row is taken in the default currency (the one in the
 * `Amount in default currency` header, else `currency=`), so a row in a
 * foreign currency needs no rate: Tricount already converted it. Nets are
 * paid + share (shares negative), so a row sums to zero; the row's cost is
 * its amount in the default currency. A transfer (a reimbursement) is told,
 * as the source does, by its title (repayment, reimbursement, transfer,
 * settlement, "recouvrement de dette"): with one payer and one other person
 * it becomes a settlement, otherwise an expense with the same balances. An
 * income (a negative `Paid by`, positive shares) still sums to zero and
 * becomes an expense with the same balances.
 *
 * @module
 */
import { isCurrency } from "../../../money/currency.ts";
import { InputDate } from "../../../shared/schemas.ts";
import { MAX_SHEET_PEOPLE, type SheetItem, SheetRefusal } from "./sheet.ts";
import { isBlankRecord, sheetAmount } from "./sheet_record.ts";

const PAID_BY = "Paid by";
const IMPACTED_TO = "Impacted to ";
const IN_DEFAULT = "Amount in default currency";
const TRANSFER_WORDS = /repayment|reimbursement|transfer|settlement|recouvrement de dette/i;

/** Where a Tricount export's columns are (indices into a record). */
export interface TricountLayout {
  readonly title: number;
  readonly amount: number;
  readonly currency: number;
  readonly inDefault: number | null;
  readonly category: number | null;
  readonly date: number | null;
  /** The single `Paid by` column (a name), when the export has no per-person paid columns. */
  readonly paidBy: number | null;
  /** The default currency, from the `Amount in default currency (<CUR>)` header, or null. */
  readonly defaultCurrency: string | null;
  readonly people: readonly string[];
  /** Per person, their `Paid by <name>` column, or null. */
  readonly paid: readonly (number | null)[];
  /** Per person, their `Impacted to <name>` column, or null. */
  readonly impacted: readonly (number | null)[];
  readonly width: number;
}

/** Whether a header record is Tricount's (format detection). */
export function isTricountHeader(record: readonly string[]): boolean {
  const cells = record.map((c) => c.trim());
  return cells.includes("Title") && cells.includes("Amount") && cells.includes("Currency") &&
    cells.some((c) => c.startsWith(IMPACTED_TO)) &&
    cells.some((c) => c === PAID_BY || c.startsWith(`${PAID_BY} `));
}

/** The layout of a Tricount header; refuses one that is not Tricount's. */
export function tricountLayout(record: readonly string[], line: number): TricountLayout {
  if (!isTricountHeader(record)) {
    throw new SheetRefusal(
      "csv.malformed",
      `the header must have Title, Amount, Currency, Paid by (or Paid by <name>) and ` +
        `Impacted to <name> columns`,
      line,
    );
  }
  const cells = record.map((c) => c.trim());
  const at = (name: string) => {
    const i = cells.indexOf(name);
    return i === -1 ? null : i;
  };
  const people: string[] = [];
  const paid: (number | null)[] = [];
  const impacted: (number | null)[] = [];
  const personOf = (name: string, line: number) => {
    if (name === "") {
      throw new SheetRefusal("csv.malformed", "a person's column has no name", line);
    }
    let i = people.indexOf(name);
    if (i === -1) {
      if (people.length >= MAX_SHEET_PEOPLE) {
        throw new SheetRefusal("csv.too_large", `at most ${MAX_SHEET_PEOPLE} people`, line);
      }
      i = people.push(name) - 1;
      paid.push(null);
      impacted.push(null);
    }
    return i;
  };
  cells.forEach((cell, column) => {
    const kind = cell.startsWith(`${PAID_BY} `)
      ? paid
      : cell.startsWith(IMPACTED_TO)
      ? impacted
      : null;
    if (kind === null) return;
    const name = cell.slice(kind === paid ? PAID_BY.length + 1 : IMPACTED_TO.length).trim();
    const i = personOf(name, line);
    if (kind[i] !== null) {
      throw new SheetRefusal("csv.malformed", `two columns are named ${cell}`, line);
    }
    kind[i] = column;
  });
  const inDefault = cells.findIndex((c) => c.startsWith(IN_DEFAULT));
  const code = inDefault === -1
    ? null
    : /\(([A-Za-z]{3})\)/.exec(cells[inDefault])?.[1]?.toUpperCase() ?? null;
  const perPerson = paid.some((p) => p !== null);
  return {
    title: at("Title")!,
    amount: at("Amount")!,
    currency: at("Currency")!,
    inDefault: inDefault === -1 ? null : inDefault,
    category: at("Category"),
    date: at("Date & time") ?? at("Date"),
    paidBy: perPerson ? null : at(PAID_BY),
    defaultCurrency: code !== null && isCurrency(code) ? code : null,
    people,
    paid,
    impacted,
    width: cells.length,
  };
}

/** The people of a Tricount header (the sheet's columns), in the order the header names them. */
export function tricountPeople(record: readonly string[], line: number): string[] {
  return [...tricountLayout(record, line).people];
}

/** Whether a record is the export's last line, `tricount <name> - Exported on …`. */
function isTrailer(record: readonly string[]): boolean {
  return /^tricount .* - Exported on /i.test(record[0]?.trim() ?? "") &&
    record.slice(1).every((c) => c.trim() === "");
}

/** One record after the header: a row, or a blank line (the trailer too). */
export function tricountItem(
  record: readonly string[],
  line: number,
  layout: TricountLayout,
  currencyHint: string | null,
): SheetItem {
  if (isTrailer(record) || isBlankRecord(record, layout.width, line)) return { kind: "blank" };
  const currency = layout.defaultCurrency ?? currencyHint;
  if (currency === null) {
    throw new SheetRefusal(
      "csv.malformed",
      `no "${IN_DEFAULT} (<CUR>)" column names the group's currency; give currency=<ISO code>`,
      line,
    );
  }
  const dateText = layout.date === null ? "" : record[layout.date].trim();
  const date = dateText.slice(0, 10);
  if (!InputDate.safeParse(date).success || !/^\d{4}-\d{2}-\d{2}(?:[ T].*)?$/.test(dateText)) {
    throw new SheetRefusal(
      "csv.malformed",
      `Date & time: "${dateText}" is not a date YYYY-MM-DD (with a time or not)`,
      line,
    );
  }
  const figure = (column: number | null, name: string) => {
    if (column === null || record[column].trim() === "") return 0n;
    return sheetAmount(record[column], currency, line, name);
  };
  const title = record[layout.title].trim();
  const foreign = record[layout.currency].trim().toUpperCase() !== currency;
  const cost = layout.inDefault !== null && record[layout.inDefault].trim() !== ""
    ? figure(layout.inDefault, IN_DEFAULT)
    : foreign
    ? null
    : figure(layout.amount, "Amount");
  const shares = layout.people.map((p, i) => figure(layout.impacted[i], `${IMPACTED_TO}${p}`));
  let paid: bigint[];
  if (layout.paidBy === null) {
    paid = layout.people.map((p, i) => figure(layout.paid[i], `${PAID_BY} ${p}`));
  } else {
    const payer = layout.people.indexOf(record[layout.paidBy].trim());
    if (payer === -1) {
      throw new SheetRefusal(
        "csv.bad_row",
        `${PAID_BY}: "${record[layout.paidBy]}" has no Impacted to column`,
        line,
      );
    }
    if (cost === null) {
      throw new SheetRefusal("csv.malformed", `${IN_DEFAULT}: the row has none`, line);
    }
    paid = layout.people.map((_, i) => i === payer ? cost : 0n);
  }
  const nets = paid.map((p, i) => p + shares[i]);
  const movers = nets.filter((n) => n !== 0n).length;
  return {
    kind: "row",
    row: {
      line,
      date,
      description: title,
      category: layout.category === null ? "" : record[layout.category].trim(),
      payment: TRANSFER_WORDS.test(title) && movers === 2,
      currency,
      cost: cost !== null && cost > 0n ? cost : null,
      nets,
    },
  };
}
