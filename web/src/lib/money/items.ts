/**
 * An itemized bill's per-person amounts as the server computes them (API
 * rule 5, ADR 0050), for the item editor's live preview and the body's
 * `split`: each item shared by its own split, charges (tax, tip, service)
 * spread by item subtotal, assembled by `itemizeBill` from
 * `domain/money/itemize.ts`, the code `domain/group/expense_items.ts` runs on
 * the server. Pure; throws `MoneyError` with a path.
 *
 * @module
 */
import { formatAmount, MoneyError, parseAmount } from "$domain/money/mod.ts";
import { CHARGE_KINDS, itemizeBill, sumCharges } from "$domain/money/itemize.ts";
import { type Split, weightsOf } from "./expense.ts";

/** An item of an itemized bill (API.md, ADR 0050). */
export interface ItemInput {
  description: string;
  amount: string;
  split: Split;
}

/** A charge: a fixed amount or a percentage of the items' sum. */
export interface ChargeInput {
  amount?: string;
  percent?: string;
}

/** Tax, tip and service. */
export type ChargesInput = { tax?: ChargeInput; tip?: ChargeInput; service?: ChargeInput };

/** The charges in the order the server sums them. */
export { CHARGE_KINDS };

/** An itemized bill, per person (in the expense's currency). */
export interface ItemizedPreview {
  readonly people: string[];
  readonly subtotals: bigint[];
  readonly charges: bigint[];
  readonly amounts: bigint[];
  /** The items' sum plus the charges: the expense's total. */
  readonly total: bigint;
  /** The body's `split`: the exact amounts the items give. */
  readonly split: Split;
}

/** Computes an itemized bill; a refund has negative item and charge amounts. */
export function itemizedPreview(items: readonly ItemInput[], charges: ChargesInput, currency: string): ItemizedPreview {
  if (items.length === 0) throw new MoneyError("items.none", "add an item", "items");
  const weighted = items.map((item, j) => {
    const amount = parseAmount(item.amount, currency, `items[${j}].amount`);
    if (amount === 0n) throw new MoneyError("items.amount_zero", "an item needs an amount", `items[${j}].amount`);
    if (item.split.shares.length === 0) {
      throw new MoneyError("split.required", `choose who shares ${item.description || "the item"}`, `items[${j}].split`);
    }
    const members = item.split.shares.map((s) => s.memberId);
    return { amount, members, weights: weightsOf(item.split, amount, currency, `items[${j}].split`) };
  });
  const r = itemizeBill(weighted, (subtotal) => {
    if (weighted.some((w) => (w.amount < 0n) !== (subtotal < 0n))) {
      throw new MoneyError("items.amount_sign", "items are all positive, or all negative in a refund", "items");
    }
    return sumCharges(charges, subtotal, (amount, path) => parseAmount(amount, currency, path));
  });
  return {
    people: r.people,
    subtotals: r.subtotals,
    charges: r.charges,
    amounts: r.shares,
    total: r.subtotal + r.chargeTotal,
    split: {
      mode: "exact",
      shares: r.people.map((memberId, i) => ({ memberId, amount: formatAmount(r.shares[i], currency) })),
    },
  };
}
