/**
 * The item editor's rows (what a person types: positive amounts, who shares
 * each item equally) to and from an itemized body's `items` and `charges`
 * (ADR 0050). A refund negates every amount but leaves percentages.
 *
 * @module
 */
import { normaliseAmountInput } from "./amount.ts";
import { CHARGE_KINDS, type ChargesInput, type ItemInput } from "./items.ts";

/** One item as typed: shared equally by the checked members. */
export interface ItemRow {
  description: string;
  amount: string;
  who: Record<string, boolean>;
}

/** One charge as typed: an amount, or a percentage of the items' sum. */
export interface ChargeRow {
  value: string;
  percent: boolean;
}

/** Tax, tip and service as typed. */
export type ChargeRows = Record<(typeof CHARGE_KINDS)[number], ChargeRow>;

const negate = (a: string) => (a.startsWith("-") ? a.slice(1) : `-${a}`);
const unsigned = (a: string) => (a.startsWith("-") ? a.slice(1) : a);

/** The body's items and charges from the rows, members in `order`. */
export function itemsOfRows(
  rows: readonly ItemRow[],
  charges: ChargeRows,
  order: readonly string[],
  refund: boolean,
): { items: ItemInput[]; charges: ChargesInput } {
  const sign = (a: string) => (refund ? negate(a) : a);
  const items = rows.map((r) => ({
    description: r.description.trim() || "Item",
    amount: sign(normaliseAmountInput(r.amount)),
    split: { mode: "equal" as const, shares: order.filter((id) => r.who[id]).map((memberId) => ({ memberId })) },
  }));
  const out: ChargesInput = {};
  for (const kind of CHARGE_KINDS) {
    const c = charges[kind];
    const v = normaliseAmountInput(c.value);
    if (v === "") continue;
    out[kind] = c.percent ? { percent: v } : { amount: sign(v) };
  }
  return { items, charges: out };
}

/** Rows to edit an itemized expense (an item split other than equally is shown as who shares it). */
export function rowsOfItems(
  items: readonly ItemInput[] | null | undefined,
  charges: ChargesInput | null | undefined,
): { rows: ItemRow[]; charges: ChargeRows } {
  const rows = (items ?? []).map((i) => ({
    description: i.description,
    amount: unsigned(i.amount),
    who: Object.fromEntries(i.split.shares.map((s) => [s.memberId, true])),
  }));
  const charge = (kind: (typeof CHARGE_KINDS)[number]): ChargeRow => {
    const c = charges?.[kind];
    return c?.percent !== undefined ? { value: c.percent, percent: true } : { value: c?.amount ? unsigned(c.amount) : "", percent: kind === "tax" };
  };
  return { rows, charges: { tax: charge("tax"), tip: charge("tip"), service: charge("service") } };
}
