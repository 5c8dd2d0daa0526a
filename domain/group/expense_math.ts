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
import { formatRate, parseRate } from "../money/rate.ts";
import { isCurrency } from "../money/currency.ts";
import { invalid } from "../errors.ts";
import type { ExpenseInput, ResolvedFx, SettlementInput } from "./commands.ts";
import type { ExpenseData, SettlementData, SplitData } from "./events.ts";
import type { GroupState } from "./state.ts";
import { itemizedBill } from "./expense_items.ts";
import { money } from "./money_call.ts";
import { splitWeights } from "./split_amounts.ts";

export { money } from "./money_call.ts";

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
  if (total < 0n) {
    // A refund converts as the mirror image of the same expense (API rule 6).
    const mirrored = fx?.kind === "converted" ? { ...fx, amount: negatedAmount(fx.amount) } : fx;
    const c = convertTotal(-total, from, to, mirrored, path);
    return { converted: -c.converted, fx: c.fx };
  }
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

/** "-12.30" for "12.30" and back; anything else is left for parseAmount to refuse. */
function negatedAmount(amount: string): string {
  return amount.startsWith("-") ? amount.slice(1) : `-${amount}`;
}

function positive(amount: string, currency: string, path: string): bigint {
  const v = money(() => parseAmount(amount, currency, path));
  if (v <= 0n) throw invalid("money.not_positive", path, "amount must be positive");
  return v;
}

/**
 * The total: non-zero (`money.zero`); negative for a refund (API rule 6).
 */
function signedTotal(input: ExpenseInput, currency: string): bigint {
  const total = money(() => parseAmount(input.total.amount, currency, "total.amount"));
  if (total === 0n) throw invalid("money.zero", "total.amount", "the total must not be zero");
  return total;
}

/** Payers' amounts: each of the total's sign, summing to it. */
function payerAmounts(state: GroupState, input: ExpenseInput, total: bigint, currency: string) {
  requireUnique(input.paidBy.map((p) => p.memberId), "paidBy");
  input.paidBy.forEach((p, i) => requireActiveMember(state, p.memberId, `paidBy[${i}].memberId`));
  const amounts = input.paidBy.map((p, i) => {
    const path = `paidBy[${i}].amount`;
    const v = money(() => parseAmount(p.amount, currency, path));
    if (total > 0n && v <= 0n) throw invalid("money.not_positive", path, "amount must be positive");
    if (total < 0n && v >= 0n) {
      throw invalid("money.sign", path, "a refund's payers get money back: amounts are negative");
    }
    return v;
  });
  const paidSum = amounts.reduce((a, b) => a + b, 0n);
  if (paidSum !== total) {
    throw invalid(
      "paid_by.sum",
      "paidBy",
      `payers' amounts sum to ${formatAmount(paidSum, currency)}, not the total ${
        formatAmount(total, currency)
      }`,
    );
  }
  return amounts;
}

interface Sharing {
  readonly ids: string[];
  readonly weights: bigint[];
  readonly split: SplitData;
}

function sameExactSplit(given: ExpenseInput["split"], derived: SplitData, currency: string) {
  if (given?.mode !== "exact" || derived.mode !== "exact") return false;
  if (given.shares.length !== derived.shares.length) return false;
  return given.shares.every((s, i) =>
    s.memberId === derived.shares[i].memberId &&
    money(() => parseAmount(s.amount, currency, `split.shares[${i}].amount`)) ===
      parseAmount(derived.shares[i].amount, currency)
  );
}

/** Who shares the expense and the weights of their shares: from the split, or from the items. */
function sharing(state: GroupState, input: ExpenseInput, total: bigint, currency: string): Sharing {
  if (input.items) {
    const bill = itemizedBill(
      input.items,
      input.charges,
      total,
      currency,
      (id, path) => requireActiveMember(state, id, path),
    );
    const split: SplitData = {
      mode: "exact",
      shares: bill.people.map((id, i) => ({
        memberId: id,
        amount: formatAmount(bill.amounts[i], currency),
      })),
    };
    // An expense read back (split and items) can be sent back as it is; any other split is refused.
    if (input.split && !sameExactSplit(input.split, split, currency)) {
      throw invalid(
        "split.with_items",
        "split",
        "an itemized expense's split is what its items give: leave split out",
      );
    }
    return { ids: bill.people, weights: bill.amounts.map((a) => (a < 0n ? -a : a)), split };
  }
  if (!input.split) throw invalid("split.missing", "split", "give a split (or items)");
  if (input.charges) {
    throw invalid("items.charges_without_items", "charges", "charges come with items");
  }
  const ids = input.split.shares.map((s) => s.memberId);
  requireUnique(ids, "split.shares");
  ids.forEach((id, i) => requireActiveMember(state, id, `split.shares[${i}].memberId`));
  return { ids, weights: splitWeights(input.split, total, currency, "split"), split: input.split };
}

/** The frozen data of an expense event, without its id and revision. */
export function computeExpense(
  state: GroupState,
  input: ExpenseInput,
  fx: ResolvedFx | null,
): Omit<ExpenseData, "expenseId" | "revision"> {
  const currency = input.total.currency;
  requireCurrency(currency, "total.currency");
  const total = signedTotal(input, currency);
  const { converted, fx: fxData } = convertTotal(total, currency, state.currency, fx, "total");
  const paidAmounts = payerAmounts(state, input, total, currency);
  const { ids, weights, split } = sharing(state, input, total, currency);

  const g = state.currency;
  const paid = allocate(converted, paidAmounts.map((a) => (a < 0n ? -a : a)));
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
    split,
    paid: input.paidBy.map((p, i) => ({ memberId: p.memberId, amount: formatAmount(paid[i], g) })),
    shares: ids.map((id, i) => ({ memberId: id, amount: formatAmount(shares[i], g) })),
    items: input.items ?? null,
    charges: input.items ? (input.charges ?? {}) : null,
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
