/**
 * The shares of an expense as the server will compute them (API.md rules
 * 1–2, in the order of `domain/group/expense_math.ts`), for the live preview
 * of the expense form and for optimistic balances. The arithmetic (parsing,
 * conversion, percent weights, allocation) is the server's own, imported from
 * `domain/money`; this file checks the form's fields as the server's schema
 * would and names them. Pure; throws {@linkcode MoneyError} with the path of
 * the offending field.
 *
 * @module
 */
import {
  adjustmentShares,
  allocate,
  convert,
  formatAmount,
  isCurrency,
  MoneyError,
  parseAmount,
  parseRate,
  percentWeights,
} from "$domain/money/mod.ts";

/** The split of an expense body (API.md). */
export type Split =
  | { mode: "equal"; shares: { memberId: string }[] }
  | { mode: "exact"; shares: { memberId: string; amount: string }[] }
  | { mode: "percent"; shares: { memberId: string; percent: string }[] }
  | { mode: "shares"; shares: { memberId: string; weight: number }[] }
  | { mode: "adjustment"; shares: { memberId: string; adjustment: string }[] };

/** The money part of an expense body. */
export interface ExpenseMoney {
  readonly total: { amount: string; currency: string };
  readonly paidBy: readonly { memberId: string; amount: string }[];
  readonly split: Split;
  /** A client rate (group currency per unit of the expense's currency). */
  readonly fx?: { rate?: string } | null;
}

/** What an expense moves, in group-currency minor units. */
export interface ExpenseEffect {
  /** The total in the expense's own currency. */
  readonly total: bigint;
  /** The total converted to the group currency. */
  readonly converted: bigint;
  readonly paid: { memberId: string; minor: bigint }[];
  readonly shares: { memberId: string; minor: bigint }[];
}

function positive(amount: string, currency: string, path: string): bigint {
  const v = parseAmount(amount, currency, path);
  if (v <= 0n) throw new MoneyError("money.not_positive", "must be more than zero", path);
  return v;
}

/** An amount of the total's sign (a refund's amounts are negative, ADR 0050). */
function sameSign(amount: string, currency: string, path: string, total: bigint): bigint {
  const v = parseAmount(amount, currency, path);
  if (total > 0n && v <= 0n) throw new MoneyError("money.not_positive", "must be more than zero", path);
  if (total < 0n && v >= 0n) throw new MoneyError("money.sign", "a refund's amounts are negative", path);
  return v;
}

const abs = (v: bigint) => (v < 0n ? -v : v);

function unique(ids: readonly string[], path: string) {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) {
      throw new MoneyError("member.duplicate", "a member appears twice", `${path}[${i}].memberId`);
    }
    seen.add(id);
  });
}

/** Non-negative weights of a split of `total` (API rules 1 and 4), as the server's `splitWeights`. */
export function weightsOf(split: Split, total: bigint, currency: string, at = "split"): bigint[] {
  const path = (p: string) => p.replace(/^split/, at);
  try {
    return rawWeights(split, total, currency);
  } catch (e) {
    if (e instanceof MoneyError) throw new MoneyError(e.code, e.message, path(e.path ?? at));
    throw e;
  }
}

function rawWeights(split: Split, total: bigint, currency: string): bigint[] {
  switch (split.mode) {
    case "adjustment": {
      const adjustments = split.shares.map((s, i) => parseAmount(s.adjustment, currency, `split.shares[${i}].adjustment`));
      try {
        return adjustmentShares(total, adjustments).map(abs);
      } catch (e) {
        if (e instanceof MoneyError) throw new MoneyError(e.code, "an adjustment leaves someone a share of the wrong sign", "split.shares");
        throw e;
      }
    }
    case "equal":
      return split.shares.map(() => 1n);
    case "shares": {
      const w = split.shares.map((s, i) => {
        if (!Number.isSafeInteger(s.weight) || s.weight < 0 || s.weight > 1_000_000) {
          throw new MoneyError(
            "split.invalid_weight",
            "a weight is a whole number from 0 to 1000000",
            `split.shares[${i}].weight`,
          );
        }
        return BigInt(s.weight);
      });
      if (w.every((x) => x === 0n)) {
        throw new MoneyError("split.weights_zero", "at least one weight must be above 0", "split.shares");
      }
      return w;
    }
    case "percent":
      return percentWeights(split.shares.map((s) => s.percent), "split.shares");
    case "exact": {
      const amounts = split.shares.map((s, i) => {
        const a = parseAmount(s.amount, currency, `split.shares[${i}].amount`);
        if ((total > 0n && a < 0n) || (total < 0n && a > 0n)) {
          throw new MoneyError("money.negative", "must not be of the other sign than the total", `split.shares[${i}].amount`);
        }
        return abs(a);
      });
      const sum = amounts.reduce((a, b) => a + b, 0n);
      if (sum !== total) {
        throw new MoneyError(
          "split.exact_sum",
          `exact shares sum to ${formatAmount(sum, currency)}, not the total ${formatAmount(total, currency)}`,
          "split.shares",
        );
      }
      return amounts;
    }
  }
}

/**
 * Computes what an expense moves in the group currency.
 *
 * @param rate the rate to use when the body carries none (the service's rate
 *   for the date, as `GET /v1/rates` shows it); without either, a foreign
 *   expense throws `fx.rate_missing`.
 * @example
 * ```ts
 * computeExpense({ total: { amount: "10.00", currency: "EUR" },
 *   paidBy: [{ memberId: "a", amount: "10.00" }],
 *   split: { mode: "equal", shares: [{ memberId: "a" }, { memberId: "b" }, { memberId: "c" }] } }, "EUR");
 * // shares 334n, 333n, 333n
 * ```
 */
export function computeExpense(
  input: ExpenseMoney,
  groupCurrency: string,
  rate?: string | null,
): ExpenseEffect {
  const currency = input.total.currency;
  if (!isCurrency(currency)) {
    throw new MoneyError("money.unknown_currency", `unknown currency ${currency}`, "total.currency");
  }
  const total = parseAmount(input.total.amount, currency, "total.amount");
  if (total === 0n) throw new MoneyError("money.not_positive", "must not be zero", "total.amount");
  let converted = total;
  if (currency !== groupCurrency) {
    const text = input.fx?.rate ?? rate;
    if (!text) {
      throw new MoneyError(
        "fx.rate_missing",
        `no exchange rate from ${currency} to ${groupCurrency}: enter one`,
        "fx.rate",
      );
    }
    // A refund converts as the mirror image of the same expense.
    converted = (total < 0n ? -1n : 1n) * convert(abs(total), currency, groupCurrency, parseRate(text.trim(), "fx.rate"));
    if (converted === 0n) {
      throw new MoneyError("fx.converted_zero", `converts to zero ${groupCurrency}`, "fx.rate");
    }
  }
  if (input.paidBy.length === 0) {
    throw new MoneyError("paid_by.required", "choose who paid", "paidBy");
  }
  unique(input.paidBy.map((p) => p.memberId), "paidBy");
  const paidAmounts = input.paidBy.map((p, i) => sameSign(p.amount, currency, `paidBy[${i}].amount`, total));
  const paidSum = paidAmounts.reduce((a, b) => a + b, 0n);
  if (paidSum !== total) {
    throw new MoneyError(
      "paid_by.sum",
      `payers' amounts sum to ${formatAmount(paidSum, currency)}, not the total ${formatAmount(total, currency)}`,
      "paidBy",
    );
  }
  if (input.split.shares.length === 0) {
    throw new MoneyError("split.required", "choose who shares the expense", "split.shares");
  }
  unique(input.split.shares.map((s) => s.memberId), "split.shares");
  const weights = weightsOf(input.split, total, currency);
  const paid = allocate(converted, paidAmounts.map(abs));
  const shares = allocate(converted, weights);
  return {
    total,
    converted,
    paid: input.paidBy.map((p, i) => ({ memberId: p.memberId, minor: paid[i] })),
    shares: input.split.shares.map((s, i) => ({ memberId: s.memberId, minor: shares[i] })),
  };
}

/** A settlement's amount in group-currency minor units. */
export function computeSettlement(
  amount: { amount: string; currency: string },
  groupCurrency: string,
  rate?: string | null,
): bigint {
  const minor = positive(amount.amount, amount.currency, "amount.amount");
  if (amount.currency === groupCurrency) return minor;
  if (!rate) throw new MoneyError("fx.rate_missing", "no exchange rate", "fx.rate");
  return convert(minor, amount.currency, groupCurrency, parseRate(rate.trim(), "fx.rate"));
}
