/**
 * The neutral model of a spreadsheet export (Splitwise, ADR 0054): people
 * as columns, and per row each person's net effect (what they paid minus
 * their share, positive when they are owed), in the row's currency's minor
 * units. Readers of each format turn parsed CSV records into these; the
 * replay (`sheet_replay.ts`) turns them into group commands.
 *
 * @module
 */

/** The most people (columns) one export may have: an expense names at most 100 payers. */
export const MAX_SHEET_PEOPLE = 100;

/**
 * The most rows (expenses and payments) one export may have: each becomes
 * an entry of the folded group both passes hold, so this bounds an import's
 * memory and time (about what a 64 MiB SQL dump holds in events).
 */
export const MAX_SHEET_ROWS = 50_000;

/** One expense or payment row. */
export interface SheetRow {
  /** The file's line (1-based), for refusals. */
  readonly line: number;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly description: string;
  /** The source's category name, as written. */
  readonly category: string;
  /** A payment between people (a settlement), not an expense. */
  readonly payment: boolean;
  /** ISO 4217 code of the row's figures. */
  readonly currency: string;
  /** The row's cost in minor units, when the format gives one. */
  readonly cost: bigint | null;
  /** Per column, in minor units of `currency`; they sum to zero. */
  readonly nets: readonly bigint[];
}

/** A `Total balance` row: each person's balance over the rows of one currency. */
export interface SheetTotal {
  readonly line: number;
  readonly currency: string;
  readonly nets: readonly bigint[];
}

/** What a reader makes of one record. */
export type SheetItem =
  | { readonly kind: "row"; readonly row: SheetRow }
  | { readonly kind: "total"; readonly total: SheetTotal }
  | { readonly kind: "blank" };

/** Why a sheet is refused, naming its line: the 422 problem's code and detail. */
export type SheetRefusalCode =
  /** Not a file of the format: bad header, wrong column count, bad date or amount. */
  | "csv.malformed"
  /** A row's figures do not sum to zero, or the decider refused what it became. */
  | "csv.bad_row"
  /** A `Total balance` row differs from the sum of the rows above it. */
  | "csv.total_mismatch"
  /** A row in another currency than the group's, without a rate. */
  | "csv.rate_missing"
  /** `me` names no column. */
  | "csv.unknown_person"
  /** More people or rows than one import takes. */
  | "csv.too_large";

/** A sheet the import refuses as a whole. */
export class SheetRefusal extends Error {
  constructor(
    readonly code: SheetRefusalCode,
    detail: string,
    readonly line: number | null = null,
  ) {
    super(line === null ? detail : `line ${line}: ${detail}`);
    this.name = "SheetRefusal";
  }
}
