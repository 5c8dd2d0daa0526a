/**
 * Validates an itemized bill's items and charges and turns them into one
 * exact amount per person (API rule 5), with `itemize.ts`'s arithmetic.
 *
 * @module
 */
import { allocate } from "../money/allocate.ts";
import { formatAmount, parseAmount } from "../money/money.ts";
import { invalid } from "../errors.ts";
import { type ChargesInput, type ItemInput, MAX_ITEM_SHARES } from "./commands.ts";
import { itemize, parseChargePercent, percentCharge } from "../money/itemize.ts";
import { money } from "./money_call.ts";
import { splitWeights } from "./split_amounts.ts";

/** The charges, in the order they are summed. */
export const CHARGE_KINDS = ["tax", "tip", "service"] as const;

/** An itemized bill reduced to one amount per person. */
export interface ItemizedBill {
  /** Members in order of first appearance in the items. */
  readonly people: string[];
  /** Each person's share, in minor units of the expense's currency (the total's sign). */
  readonly amounts: bigint[];
  /** The items' sum. */
  readonly subtotal: bigint;
  /** Tax, tip and service together. */
  readonly charges: bigint;
}

const sign = (v: bigint) => (v > 0n ? 1 : v < 0n ? -1 : 0);

/**
 * One amount per person for `items` and `charges` whose sum must be `total`
 * (non-zero, in `currency`). `checkMember` refuses an unknown or inactive
 * member at a path. Refusals: `items.too_many_shares`, `items.amount_zero`,
 * `items.amount_sign`, `items.charge_sign`, `items.charge_percent`,
 * `items.total_mismatch`, `member.duplicate`, and the split codes.
 */
export function itemizedBill(
  items: readonly ItemInput[],
  charges: ChargesInput | undefined,
  total: bigint,
  currency: string,
  checkMember: (memberId: string, path: string) => void,
): ItemizedBill {
  const named = items.reduce((n, item) => n + item.split.shares.length, 0);
  if (named > MAX_ITEM_SHARES) {
    throw invalid(
      "items.too_many_shares",
      "items",
      `the items name ${named} shares together, more than ${MAX_ITEM_SHARES}`,
    );
  }
  const people: string[] = [];
  const index = new Map<string, number>();
  const perItem: { amount: bigint; parts: Map<number, bigint> }[] = items.map((item, j) => {
    const path = `items[${j}]`;
    const amount = money(() => parseAmount(item.amount, currency, `${path}.amount`));
    if (amount === 0n) {
      throw invalid("items.amount_zero", `${path}.amount`, "an item needs an amount");
    }
    if (sign(amount) !== sign(total)) {
      throw invalid(
        "items.amount_sign",
        `${path}.amount`,
        "an item's amount has the sign of the total (negative only in a refund)",
      );
    }
    const seen = new Set<string>();
    item.split.shares.forEach((s, i) => {
      const at = `${path}.split.shares[${i}].memberId`;
      if (seen.has(s.memberId)) {
        throw invalid("member.duplicate", at, `member ${s.memberId} appears twice`);
      }
      seen.add(s.memberId);
      checkMember(s.memberId, at);
    });
    const allocated = allocate(amount, splitWeights(item.split, amount, currency, `${path}.split`));
    const parts = new Map<number, bigint>();
    item.split.shares.forEach((s, i) => {
      let k = index.get(s.memberId);
      if (k === undefined) {
        k = people.length;
        people.push(s.memberId);
        index.set(s.memberId, k);
      }
      parts.set(k, allocated[i]);
    });
    return { amount, parts };
  });
  const subtotal = perItem.reduce((a, item) => a + item.amount, 0n);
  const chargeSum = chargeTotal(charges, subtotal, total, currency);
  if (subtotal + chargeSum !== total) {
    throw invalid(
      "items.total_mismatch",
      "total.amount",
      `the items (${formatAmount(subtotal, currency)}) and charges (${
        formatAmount(chargeSum, currency)
      }) come to ${formatAmount(subtotal + chargeSum, currency)}, not the total ${
        formatAmount(total, currency)
      }`,
    );
  }
  const parts = perItem.map((item) => people.map((_, k) => item.parts.get(k) ?? 0n));
  const { shares } = money(() => itemize(parts, people.length, chargeSum));
  return { people, amounts: shares, subtotal, charges: chargeSum };
}

function chargeTotal(
  charges: ChargesInput | undefined,
  subtotal: bigint,
  total: bigint,
  currency: string,
): bigint {
  let sum = 0n;
  for (const kind of CHARGE_KINDS) {
    const charge = charges?.[kind];
    if (!charge) continue;
    const path = `charges.${kind}`;
    if (charge.percent !== undefined) {
      const p = money(() => parseChargePercent(charge.percent!, `${path}.percent`));
      sum += percentCharge(subtotal, p);
      continue;
    }
    const amount = money(() => parseAmount(charge.amount!, currency, `${path}.amount`));
    if (amount !== 0n && sign(amount) !== sign(total)) {
      throw invalid(
        "items.charge_sign",
        `${path}.amount`,
        "a charge has the sign of the total (negative only in a refund)",
      );
    }
    sum += amount;
  }
  return sum;
}
