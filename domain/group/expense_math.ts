/**
 * Turns a validated expense or settlement body into the frozen data of its
 * event: parses the money, converts a foreign total with the resolved rate,
 * and allocates payers and shares over the converted total (API rules 1–2).
 *
 * @module
 */
import { allocate } from "../money/allocate.ts";
import { convert, deriveRate } from "../money/convert.ts";
import { formatAmount, MAX_MINOR_DIGITS, parseAmount } from "../money/money.ts";
import { MoneyError } from "../money/money_error.ts";
import { percentWeights } from "../money/percent.ts";
import { formatRate, parseRate } from "../money/rate.ts";
import { isCurrency } from "../money/currency.ts";
import { DomainError, invalid } from "../errors.ts";
import type { ExpenseInput, ResolvedFx, SettlementInput } from "./commands.ts";
import type { ExpenseData, SettlementData } from "./events.ts";
import type { GroupState } from "./state.ts";

/** Runs money code, turning its errors into validation errors. */
export function money<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof MoneyError) {
      throw new DomainError("validation", e.code, e.message, [
        { path: e.path ?? "", message: e.message },
      ]);
    }
    throw e;
  }
}

function requireCurrency(code: string, path: string) {
  if (!isCurrency(code)) {
    throw invalid("money.unknown_currency", path, `unknown currency ${code}`);
  }
}

function requireActiveMember(state: GroupState, memberId: string, path: string) {
  const m = state.members.get(memberId);
  if (!m || !m.active) {
    throw invalid(
      "member.unknown",
      path,
      `member ${memberId} is not an active member of the group`,
    );
  }
}

function requireUnique(ids: readonly string[], path: string) {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) {
      throw invalid("member.duplicate", `${path}[${i}].memberId`, `member ${id} appears twice`);
    }
    seen.add(id);
  });
}

/** A rate's source: "client", or the name of a source of the rates worker (e.g. "ecb"). */
const RATE_SOURCE = /^[a-z][a-z0-9_-]{0,31}$/;

interface Conversion {
  readonly converted: bigint;
  readonly fx: { rate: string; date: string; source: string } | null;
}

function convertTotal(
  total: bigint,
  from: string,
  to: string,
  fx: ResolvedFx | null,
  path: string,
): Conversion {
  if (from === to) return { converted: total, fx: null };
  if (!fx) {
    throw invalid(
      "fx.rate_missing",
      `${path}.currency`,
      `no exchange rate from ${from} to ${to}: give fx.rate or fx.convertedAmount`,
    );
  }
  if (fx.kind === "rate") {
    // The edge names where a rate comes from ("client", or the rates worker's source): a short
    // name, never free text (it is frozen in the event and shown beside the rate).
    if (!RATE_SOURCE.test(fx.source)) {
      throw invalid("fx.source", "fx.source", "a rate's source must be a short lower-case name");
    }
    const rate = money(() => parseRate(fx.rate, "fx.rate"));
    const converted = money(() => convert(total, from, to, rate));
    if (converted <= 0n) {
      throw invalid("fx.converted_zero", "fx.rate", `converted amount rounds to zero ${to}`);
    }
    // The event must hold only amounts that parse back (evolve re-reads them on every load).
    if (converted >= 10n ** BigInt(MAX_MINOR_DIGITS)) {
      throw invalid(
        "money.too_large",
        "fx.rate",
        `the converted amount is too large (more than ${MAX_MINOR_DIGITS} digits of ${to} minor units)`,
      );
    }
    return { converted, fx: { rate: formatRate(rate), date: fx.date, source: fx.source } };
  }
  const converted = money(() => parseAmount(fx.amount, to, "fx.convertedAmount"));
  if (converted <= 0n) {
    throw invalid("money.not_positive", "fx.convertedAmount", "converted amount must be positive");
  }
  const rate = money(() => deriveRate(total, from, converted, to));
  return { converted, fx: { rate: formatRate(rate), date: fx.date, source: "client" } };
}

function positive(amount: string, currency: string, path: string): bigint {
  const v = money(() => parseAmount(amount, currency, path));
  if (v <= 0n) throw invalid("money.not_positive", path, "amount must be positive");
  return v;
}

function splitWeights(input: ExpenseInput, total: bigint, currency: string): bigint[] {
  const split = input.split;
  switch (split.mode) {
    case "equal":
      return split.shares.map(() => 1n);
    case "shares": {
      const weights = split.shares.map((s) => BigInt(s.weight));
      if (weights.every((w) => w === 0n)) {
        throw invalid("split.weights_zero", "split.shares", "at least one weight must be positive");
      }
      return weights;
    }
    case "percent":
      return money(() => percentWeights(split.shares.map((s) => s.percent), "split.shares"));
    case "exact": {
      const amounts = split.shares.map((s, i) =>
        money(() => parseAmount(s.amount, currency, `split.shares[${i}].amount`))
      );
      amounts.forEach((a, i) => {
        if (a < 0n) {
          throw invalid(
            "money.negative",
            `split.shares[${i}].amount`,
            "amount must not be negative",
          );
        }
      });
      const sum = amounts.reduce((a, b) => a + b, 0n);
      if (sum !== total) {
        throw invalid(
          "split.exact_sum",
          "split.shares",
          `exact shares sum to ${formatAmount(sum, currency)}, not the total ${
            formatAmount(total, currency)
          }`,
        );
      }
      return amounts;
    }
    default: {
      const unknown: never = split;
      throw new Error(`unknown split ${JSON.stringify(unknown)}`);
    }
  }
}

/** The frozen data of an expense event, without its id and revision. */
export function computeExpense(
  state: GroupState,
  input: ExpenseInput,
  fx: ResolvedFx | null,
): Omit<ExpenseData, "expenseId" | "revision"> {
  const currency = input.total.currency;
  requireCurrency(currency, "total.currency");
  const total = positive(input.total.amount, currency, "total.amount");
  const { converted, fx: fxData } = convertTotal(total, currency, state.currency, fx, "total");

  requireUnique(input.paidBy.map((p) => p.memberId), "paidBy");
  input.paidBy.forEach((p, i) => requireActiveMember(state, p.memberId, `paidBy[${i}].memberId`));
  const paidAmounts = input.paidBy.map((p, i) =>
    positive(p.amount, currency, `paidBy[${i}].amount`)
  );
  const paidSum = paidAmounts.reduce((a, b) => a + b, 0n);
  if (paidSum !== total) {
    throw invalid(
      "paid_by.sum",
      "paidBy",
      `payers' amounts sum to ${formatAmount(paidSum, currency)}, not the total ${
        formatAmount(total, currency)
      }`,
    );
  }

  const shareIds = input.split.shares.map((s) => s.memberId);
  requireUnique(shareIds, "split.shares");
  shareIds.forEach((id, i) => requireActiveMember(state, id, `split.shares[${i}].memberId`));
  const weights = splitWeights(input, total, currency);

  const g = state.currency;
  const paid = allocate(converted, paidAmounts);
  const shares = allocate(converted, weights);
  return {
    description: input.description,
    category: input.category,
    date: input.date,
    note: input.note ?? null,
    total: { amount: formatAmount(total, currency), currency },
    fx: fxData,
    converted: { amount: formatAmount(converted, g), currency: g },
    paidBy: input.paidBy.map((p, i) => ({
      memberId: p.memberId,
      amount: formatAmount(paidAmounts[i], currency),
    })),
    split: input.split,
    paid: input.paidBy.map((p, i) => ({ memberId: p.memberId, amount: formatAmount(paid[i], g) })),
    shares: shareIds.map((id, i) => ({ memberId: id, amount: formatAmount(shares[i], g) })),
  };
}

/** The frozen data of a settlement event, without its id and revision. */
export function computeSettlement(
  state: GroupState,
  input: SettlementInput,
  fx: ResolvedFx | null,
): Omit<SettlementData, "settlementId" | "revision"> {
  const currency = input.amount.currency;
  requireCurrency(currency, "amount.currency");
  if (input.from === input.to) {
    throw invalid("settlement.same_member", "to", "a settlement needs two different members");
  }
  requireActiveMember(state, input.from, "from");
  requireActiveMember(state, input.to, "to");
  const amount = positive(input.amount.amount, currency, "amount.amount");
  const { converted, fx: fxData } = convertTotal(amount, currency, state.currency, fx, "amount");
  return {
    from: input.from,
    to: input.to,
    amount: { amount: formatAmount(amount, currency), currency },
    fx: fxData,
    converted: { amount: formatAmount(converted, state.currency), currency: state.currency },
    date: input.date,
    note: input.note ?? null,
  };
}
