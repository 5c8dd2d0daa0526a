/**
 * What one sheet row becomes (ADR 0054): a settlement for a payment row, an
 * `exact` expense otherwise, chosen so that every member's effect equals the
 * row's figure to the minor unit (in the group's currency; a row in another
 * currency is converted by the decider's normal fx path).
 *
 * Payers and shares of an expense row with nets n_i (summing to zero):
 * - One person with n_p > 0 and a `Cost` C ≥ n_p: p paid C; p's share is
 *   C − n_p and everyone with n_i < 0 owes −n_i (the row's real cost).
 * - Otherwise: every n_i > 0 paid n_i, every n_i < 0 owes −n_i, and the
 *   total is the sum of the positive figures.
 * A payment row needs exactly one positive and one negative figure, equal
 * and opposite: a settlement from the positive person to the negative one.
 * A row whose figures are all zero changes no balance and is skipped.
 *
 * @module
 */
import { formatAmount } from "../../../money/money.ts";
import { CATEGORIES } from "../../../shared/categories.ts";
import type { Category } from "../../../shared/schemas.ts";
import { TEXT_LIMITS } from "../../../shared/limits.ts";
import type { GroupCommand, ResolvedFx } from "../../commands.ts";
import { SheetRefusal, type SheetRow } from "./sheet.ts";

/** Where a sheet row's command gets its ids and conversion. */
export interface RowContext {
  /** The members' ids, in column order. */
  readonly members: readonly string[];
  readonly entryId: string;
  /** The conversion of a row in another currency than the group's (null for the group's). */
  readonly fx: ResolvedFx | null;
}

const CATEGORY_WORDS: readonly [RegExp, Category][] = [
  [/grocer/i, "groceries"],
  [/dining|food|restaurant|drink|liquor/i, "food"],
  [/transport|taxi|car|gas|fuel|bus|train|plane|flight|parking|bicycle/i, "transport"],
  [/hotel|lodging/i, "lodging"],
  [/rent|mortgage/i, "rent"],
  [/electric|water|heat|internet|phone|tv|utilit|trash|cleaning/i, "utilities"],
  [/medical|health|insurance/i, "health"],
  [/gift/i, "gifts"],
  [/entertain|game|movie|music|sport/i, "entertainment"],
  [/cloth|shopping|household|furniture|electronics/i, "shopping"],
];

/** Kopek's category for a source category name (`other` when nothing matches). */
export function categoryOf(source: string): Category {
  if ((CATEGORIES as readonly string[]).includes(source.toLowerCase())) {
    return source.toLowerCase() as Category;
  }
  return CATEGORY_WORDS.find(([re]) => re.test(source))?.[1] ?? "other";
}

function describe(row: SheetRow): string {
  const text = row.description.replace(/\p{Cc}/gu, " ").trim();
  const fallback = row.payment ? "Payment" : "Expense";
  return [...(text === "" ? fallback : text)].slice(0, TEXT_LIMITS.description).join("");
}

/** The payers and shares of an expense row, in minor units (see the module's rules). */
export function expenseParts(
  nets: readonly bigint[],
  cost: bigint | null,
): { total: bigint; paid: [number, bigint][]; owed: [number, bigint][] } {
  const positive = nets.flatMap((n, i) => n > 0n ? [i] : []);
  const owed: [number, bigint][] = nets.flatMap((n, i) =>
    n < 0n ? [[i, -n] as [number, bigint]] : []
  );
  if (positive.length === 1 && cost !== null && cost >= nets[positive[0]]) {
    const p = positive[0];
    const own = cost - nets[p];
    const shares: [number, bigint][] = own > 0n ? [[p, own], ...owed] : owed;
    shares.sort((a, b) => a[0] - b[0]);
    return { total: cost, paid: [[p, cost]], owed: shares };
  }
  const paid = positive.map((i) => [i, nets[i]] as [number, bigint]);
  return { total: paid.reduce((s, [, n]) => s + n, 0n), paid, owed };
}

/** The command of a sheet row, or null for a row that changes nothing; refuses a bad row. */
export function rowCommand(row: SheetRow, context: RowContext): GroupCommand | null {
  const sum = row.nets.reduce((s, n) => s + n, 0n);
  if (sum !== 0n) {
    throw new SheetRefusal(
      "csv.bad_row",
      `the people's figures sum to ${formatAmount(sum, row.currency)} ${row.currency}, not zero`,
      row.line,
    );
  }
  if (row.nets.every((n) => n === 0n)) return null;
  const money = (minor: bigint) => ({
    amount: formatAmount(minor, row.currency),
    currency: row.currency,
  });
  const id = (i: number) => context.members[i];
  if (row.payment) {
    const from = row.nets.flatMap((n, i) => n > 0n ? [i] : []);
    const to = row.nets.flatMap((n, i) => n < 0n ? [i] : []);
    if (from.length !== 1 || to.length !== 1) {
      throw new SheetRefusal(
        "csv.bad_row",
        "a payment needs exactly one person who paid and one who received",
        row.line,
      );
    }
    return {
      type: "settlement.record",
      settlementId: context.entryId,
      input: {
        from: id(from[0]),
        to: id(to[0]),
        amount: money(row.nets[from[0]]),
        date: row.date,
        note: null,
      },
      fx: context.fx,
    };
  }
  const { total, paid, owed } = expenseParts(row.nets, row.cost);
  return {
    type: "expense.record",
    expenseId: context.entryId,
    input: {
      description: describe(row),
      total: money(total),
      date: row.date,
      category: categoryOf(row.category),
      paidBy: paid.map(([i, n]) => ({ memberId: id(i), amount: formatAmount(n, row.currency) })),
      split: {
        mode: "exact",
        shares: owed.map(([i, n]) => ({ memberId: id(i), amount: formatAmount(n, row.currency) })),
      },
      note: null,
    },
    fx: context.fx,
  };
}
