/**
 * Itemized bills (API rule 5, docs/api.md): the arithmetic that turns items and charges
 * into one share per person. Pure bigint minor units of the expense's
 * currency; parsing and validation live in `domain/group/expense_items.ts`.
 *
 * @module
 */
import { allocate } from "./allocate.ts";
import { MoneyError } from "./money_error.ts";

/** The most decimal places a charge percentage may have. */
export const MAX_CHARGE_PERCENT_DECIMALS = 4;
/** The largest charge percentage (a tip of 100 % doubles the bill). */
export const MAX_CHARGE_PERCENT = 100n;

const PERCENT = /^([0-9]{1,3})(?:\.([0-9]{1,4}))?$/;

/**
 * A percentage string ("8.875") as a scaled integer: percent × 10⁴.
 * At most 4 decimal places and at most 100, else `items.charge_percent`.
 */
export function parseChargePercent(percent: string, path?: string): bigint {
  const m = typeof percent === "string" ? PERCENT.exec(percent) : null;
  if (m === null) {
    throw new MoneyError(
      "items.charge_percent",
      `a charge percentage is a decimal number from 0 to 100 with at most ${MAX_CHARGE_PERCENT_DECIMALS} decimal places`,
      path,
    );
  }
  const scaled = BigInt(m[1] + (m[2] ?? "").padEnd(MAX_CHARGE_PERCENT_DECIMALS, "0"));
  if (scaled > MAX_CHARGE_PERCENT * 10n ** BigInt(MAX_CHARGE_PERCENT_DECIMALS)) {
    throw new MoneyError("items.charge_percent", "a charge percentage is at most 100", path);
  }
  return scaled;
}

/**
 * A percentage charge on `subtotal`: subtotal × p / 100, rounded half away
 * from zero to the minor unit (`p` scaled by 10⁴ as
 * {@linkcode parseChargePercent} gives it). A negative subtotal (a refund)
 * gives the mirror image.
 *
 * @example
 * ```ts
 * percentCharge(2005n, 100000n); // 10 % of 20.05 = 2.005 → 201n
 * ```
 */
export function percentCharge(subtotal: bigint, scaledPercent: bigint): bigint {
  const negative = subtotal < 0n;
  const magnitude = negative ? -subtotal : subtotal;
  const denominator = 100n * 10n ** BigInt(MAX_CHARGE_PERCENT_DECIMALS);
  const product = magnitude * scaledPercent;
  const whole = product / denominator;
  const rounded = (product % denominator) * 2n >= denominator ? whole + 1n : whole;
  return negative ? -rounded : rounded;
}

/** What {@linkcode itemize} gives, per person (in the order of the people). */
export interface Itemized {
  /** Each person's sum of their item parts. */
  readonly subtotals: bigint[];
  /** Each person's part of the charges. */
  readonly charges: bigint[];
  /** subtotal + charges: the person's share of the expense. */
  readonly shares: bigint[];
}

/**
 * Spreads the charges over people in proportion to their item subtotals.
 *
 * `parts[j][i]` is person i's part of item j (already allocated by the
 * item's own split, all of one sign). A person's subtotal is the sum of
 * their parts; the charges are allocated over the subtotals' magnitudes by
 * largest remainder (ties to the earlier person) with the sign of
 * `charges`; a person's share is subtotal + charge part. The shares sum
 * exactly to Σparts + charges, and a larger subtotal never gets a smaller
 * share. With no subtotal at all (every item zero) the charges cannot be
 * spread: `items.no_subtotal`.
 */
export function itemize(parts: readonly (readonly bigint[])[], people: number, charges: bigint) {
  const subtotals = Array.from({ length: people }, () => 0n);
  for (const item of parts) {
    item.forEach((part, i) => {
      subtotals[i] += part;
    });
  }
  const weights = subtotals.map((s) => (s < 0n ? -s : s));
  let spread: bigint[];
  if (charges === 0n) spread = subtotals.map(() => 0n);
  else if (weights.every((w) => w === 0n)) {
    throw new MoneyError("items.no_subtotal", "charges need items with a non-zero subtotal");
  } else spread = allocate(charges, weights);
  return {
    subtotals,
    charges: spread,
    shares: subtotals.map((s, i) => s + spread[i]),
  } satisfies Itemized;
}

/** The charges of an itemized bill, in the order they are summed. */
export const CHARGE_KINDS = ["tax", "tip", "service"] as const;

/** A charge as a body gives it: a fixed amount or a percentage of the items' sum (one of them). */
export interface ChargeText {
  readonly amount?: string;
  readonly percent?: string;
}

/**
 * The charges' sum on the items' `subtotal`, in {@linkcode CHARGE_KINDS}
 * order: a percentage with {@linkcode percentCharge} (refused by
 * {@linkcode parseChargePercent} at `charges.<kind>.percent`), an amount as
 * `amountOf` reads it at `charges.<kind>.amount` (the caller parses it in its
 * currency, and may refuse it).
 */
export function sumCharges(
  charges: { readonly [kind in (typeof CHARGE_KINDS)[number]]?: ChargeText } | undefined,
  subtotal: bigint,
  amountOf: (amount: string, path: string) => bigint,
): bigint {
  let sum = 0n;
  for (const kind of CHARGE_KINDS) {
    const charge = charges?.[kind];
    if (!charge) continue;
    if (charge.percent !== undefined) {
      sum += percentCharge(subtotal, parseChargePercent(charge.percent, `charges.${kind}.percent`));
    } else if (charge.amount !== undefined) {
      sum += amountOf(charge.amount, `charges.${kind}.amount`);
    }
  }
  return sum;
}

/** One item of a bill, already parsed and checked by the caller. */
export interface WeightedItem {
  /** The item's amount, in minor units (non-zero, of the bill's sign). */
  readonly amount: bigint;
  /** The members the item's split names, in the split's order. */
  readonly members: readonly string[];
  /** Their weights, one per member (≥ 0 with a positive sum, as `allocate` takes them). */
  readonly weights: readonly bigint[];
}

/** What {@linkcode itemizeBill} gives: {@linkcode Itemized} per person, and the bill's sums. */
export interface BillShares extends Itemized {
  /** The members in the order the items first name them: the per-person arrays' order. */
  readonly people: string[];
  /** The items' sum. */
  readonly subtotal: bigint;
  /** The charges' sum, as `chargesOf` gave it. */
  readonly chargeTotal: bigint;
}

/**
 * Assembles an itemized bill (API rule 5): allocates each item's amount over
 * its members by its weights (largest remainder), indexes the people in the
 * order the items first name them, sums the items, asks `chargesOf` for the
 * charges on that subtotal (it may refuse by throwing: the subtotal is known
 * only here), and spreads them with {@linkcode itemize}. A member named twice
 * in one item keeps the later part (callers refuse that before).
 *
 * @example
 * ```ts
 * const r = itemizeBill([
 *   { amount: 2000n, members: ["ana"], weights: [1n] },
 *   { amount: 2000n, members: ["ana", "ben"], weights: [1n, 1n] },
 * ], () => 800n);
 * // r.people ["ana", "ben"], r.subtotals [3000n, 1000n], r.shares [3600n, 1200n]
 * ```
 */
export function itemizeBill(
  items: readonly WeightedItem[],
  chargesOf: (subtotal: bigint) => bigint,
): BillShares {
  const people: string[] = [];
  const index = new Map<string, number>();
  const rows = items.map((item) => {
    const allocated = allocate(item.amount, item.weights);
    const row = new Map<number, bigint>();
    item.members.forEach((memberId, i) => {
      let k = index.get(memberId);
      if (k === undefined) {
        k = people.length;
        people.push(memberId);
        index.set(memberId, k);
      }
      row.set(k, allocated[i]);
    });
    return row;
  });
  const subtotal = items.reduce((a, item) => a + item.amount, 0n);
  const chargeTotal = chargesOf(subtotal);
  const parts = rows.map((row) => people.map((_, k) => row.get(k) ?? 0n));
  return { people, subtotal, chargeTotal, ...itemize(parts, people.length, chargeTotal) };
}
