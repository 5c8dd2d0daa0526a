/**
 * An itemized bill's per-person amounts as the server computes them (API
 * rule 5, ADR 0050), for the item editor's live preview and the body's
 * `split`: each item shared by its own split, charges (tax, tip, service)
 * spread by item subtotal with the server's own `itemize` arithmetic from
 * `domain/money/itemize.ts`. Pure; throws `MoneyError` with a path.
 *
 * @module
 */
import { allocate, formatAmount, MoneyError, parseAmount } from "$domain/money/mod.ts";
import { itemize, parseChargePercent, percentCharge } from "$domain/money/itemize.ts";
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
export const CHARGE_KINDS = ["tax", "tip", "service"] as const;

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
  const people: string[] = [];
  const index = new Map<string, number>();
  const rows = items.map((item, j) => {
    const amount = parseAmount(item.amount, currency, `items[${j}].amount`);
    if (amount === 0n) throw new MoneyError("items.amount_zero", "an item needs an amount", `items[${j}].amount`);
    if (item.split.shares.length === 0) {
      throw new MoneyError("split.required", `choose who shares ${item.description || "the item"}`, `items[${j}].split`);
    }
    const parts = allocate(amount, weightsOf(item.split, amount, currency, `items[${j}].split`));
    const row = new Map<number, bigint>();
    item.split.shares.forEach((s, i) => {
      let k = index.get(s.memberId);
      if (k === undefined) {
        k = people.length;
        people.push(s.memberId);
        index.set(s.memberId, k);
      }
      row.set(k, parts[i]);
    });
    return { amount, row };
  });
  const subtotal = rows.reduce((a, r) => a + r.amount, 0n);
  if (rows.some((r) => (r.amount < 0n) !== (subtotal < 0n))) {
    throw new MoneyError("items.amount_sign", "items are all positive, or all negative in a refund", "items");
  }
  let chargeSum = 0n;
  for (const kind of CHARGE_KINDS) {
    const c = charges[kind];
    if (!c) continue;
    if (c.percent !== undefined) chargeSum += percentCharge(subtotal, parseChargePercent(c.percent, `charges.${kind}.percent`));
    else if (c.amount !== undefined) chargeSum += parseAmount(c.amount, currency, `charges.${kind}.amount`);
  }
  const parts = rows.map((r) => people.map((_, k) => r.row.get(k) ?? 0n));
  const r = itemize(parts, people.length, chargeSum);
  return {
    people,
    subtotals: r.subtotals,
    charges: r.charges,
    amounts: r.shares,
    total: subtotal + chargeSum,
    split: {
      mode: "exact",
      shares: people.map((memberId, i) => ({ memberId, amount: formatAmount(r.shares[i], currency) })),
    },
  };
}
