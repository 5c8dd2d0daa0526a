/**
 * The allocation weights of a split (API rules 1 and 4): how one amount (an
 * expense's total, or one item of an itemized bill) is shared.
 *
 * @module
 */
import { adjustmentShares } from "../money/adjust.ts";
import { formatAmount, parseAmount } from "../money/money.ts";
import { MoneyError } from "../money/money_error.ts";
import { percentWeights } from "../money/percent.ts";
import { invalid } from "../errors.ts";
import type { SplitInput } from "./commands.ts";
import { money } from "./money_call.ts";

const abs = (v: bigint) => (v < 0n ? -v : v);

/**
 * Non-negative weights, one per entry of `split.shares`, to allocate the
 * (non-zero) `total` over by largest remainder. `exact` amounts and
 * `adjustment` results come back as their magnitudes: allocating the total
 * over them gives them back exactly, with the total's sign.
 */
export function splitWeights(
  split: SplitInput,
  total: bigint,
  currency: string,
  path: string,
): bigint[] {
  switch (split.mode) {
    case "equal":
      return split.shares.map(() => 1n);
    case "shares": {
      const weights = split.shares.map((s) => BigInt(s.weight));
      if (weights.every((w) => w === 0n)) {
        throw invalid(
          "split.weights_zero",
          `${path}.shares`,
          "at least one weight must be positive",
        );
      }
      return weights;
    }
    case "percent":
      return money(() => percentWeights(split.shares.map((s) => s.percent), `${path}.shares`));
    case "exact":
      return exactWeights(split, total, currency, path);
    case "adjustment": {
      const adjustments = split.shares.map((s, i) =>
        money(() => parseAmount(s.adjustment, currency, `${path}.shares[${i}].adjustment`))
      );
      const shares = money(() => {
        try {
          return adjustmentShares(total, adjustments);
        } catch (e) {
          if (e instanceof MoneyError) throw new MoneyError(e.code, e.message, `${path}.shares`);
          throw e;
        }
      });
      return shares.map(abs);
    }
    default: {
      const unknown: never = split;
      throw new Error(`unknown split ${JSON.stringify(unknown)}`);
    }
  }
}

function exactWeights(
  split: Extract<SplitInput, { mode: "exact" }>,
  total: bigint,
  currency: string,
  path: string,
): bigint[] {
  const amounts = split.shares.map((s, i) =>
    money(() => parseAmount(s.amount, currency, `${path}.shares[${i}].amount`))
  );
  amounts.forEach((a, i) => {
    if ((total > 0n && a < 0n) || (total < 0n && a > 0n)) {
      throw invalid(
        total > 0n ? "money.negative" : "money.sign",
        `${path}.shares[${i}].amount`,
        total > 0n
          ? "amount must not be negative"
          : "a refund's shares must be negative (or zero), like its total",
      );
    }
  });
  const sum = amounts.reduce((a, b) => a + b, 0n);
  if (sum !== total) {
    throw invalid(
      "split.exact_sum",
      `${path}.shares`,
      `exact shares sum to ${formatAmount(sum, currency)}, not the total ${
        formatAmount(total, currency)
      }`,
    );
  }
  return amounts.map(abs);
}
