/**
 * Validates an itemized bill's items and charges and turns them into one
 * exact amount per person (API rule 5), with `itemize.ts`'s `itemizeBill`
 * (which the PWA's live preview shares).
 *
 * @module
 */
import { formatAmount, parseAmount } from "../money/money.ts";
import { invalid } from "../errors.ts";
import { type ChargesInput, type ItemInput, MAX_ITEM_SHARES } from "./commands.ts";
import { itemizeBill, sumCharges, type WeightedItem } from "../money/itemize.ts";
import { money } from "./money_call.ts";
import { splitWeights } from "./split_amounts.ts";

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
  const weighted: WeightedItem[] = items.map((item, j) => {
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
    return {
      amount,
      members: item.split.shares.map((s) => s.memberId),
      weights: splitWeights(item.split, amount, currency, `${path}.split`),
    };
  });
  const bill = money(() =>
    itemizeBill(weighted, (subtotal) => {
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
      return chargeSum;
    })
  );
  return {
    people: bill.people,
    amounts: bill.shares,
    subtotal: bill.subtotal,
    charges: bill.chargeTotal,
  };
}

function chargeTotal(
  charges: ChargesInput | undefined,
  subtotal: bigint,
  total: bigint,
  currency: string,
): bigint {
  return sumCharges(charges, subtotal, (text, path) => {
    const amount = money(() => parseAmount(text, currency, path));
    if (amount !== 0n && sign(amount) !== sign(total)) {
      throw invalid(
        "items.charge_sign",
        path,
        "a charge has the sign of the total (negative only in a refund)",
      );
    }
    return amount;
  });
}
