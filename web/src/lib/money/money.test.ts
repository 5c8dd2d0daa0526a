import { describe, expect, it } from "vitest";
import {
  allocate,
  applyDelta,
  addEffect,
  computeExpense,
  computeSettlement,
  convert,
  currencyExponent,
  emptyDelta,
  formatAmount,
  MoneyError,
  normaliseAmountInput,
  parseAmount,
  parseRate,
  parseUserAmount,
  percentWeights,
  roundHalfEven,
  settleUp,
} from "./mod.ts";

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof MoneyError) return e.code;
    throw e;
  }
  return undefined;
}

describe("currencies", () => {
  it("knows ISO 4217 minor digits", () => {
    expect(currencyExponent("EUR")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("BHD")).toBe(3);
    expect(currencyExponent("CLF")).toBe(4);
    expect(currencyExponent("XAU")).toBeUndefined();
    expect(currencyExponent("eur")).toBeUndefined();
  });
});

describe("parseAmount() and formatAmount()", () => {
  it("parse decimal strings into minor units", () => {
    expect(parseAmount("12.3", "EUR")).toBe(1230n);
    expect(parseAmount("1000", "JPY")).toBe(1000n);
    expect(parseAmount("1.234", "BHD")).toBe(1234n);
    expect(parseAmount("-0.05", "EUR")).toBe(-5n);
  });
  it("refuse what the server refuses", () => {
    expect(code(() => parseAmount("1.5", "JPY"))).toBe("money.too_many_decimals");
    expect(code(() => parseAmount("1.234", "EUR"))).toBe("money.too_many_decimals");
    expect(code(() => parseAmount(".5", "EUR"))).toBe("money.invalid_amount");
    expect(code(() => parseAmount("1e3", "EUR"))).toBe("money.invalid_amount");
    expect(code(() => parseAmount("10000000000000.00", "EUR"))).toBe("money.too_large");
    expect(code(() => parseAmount("1", "XAU"))).toBe("money.unknown_currency");
  });
  it("format with exactly the currency's digits", () => {
    expect(formatAmount(1230n, "EUR")).toBe("12.30");
    expect(formatAmount(-5n, "EUR")).toBe("-0.05");
    expect(formatAmount(1000n, "JPY")).toBe("1000");
    expect(formatAmount(1n, "BHD")).toBe("0.001");
  });
  it("read what people type", () => {
    expect(normaliseAmountInput(" 12,5 ")).toBe("12.5");
    expect(normaliseAmountInput("1 234,50")).toBe("1234.50");
    expect(normaliseAmountInput("1.234,50")).toBe("1234.50");
    expect(normaliseAmountInput("1,234.50")).toBe("1234.50");
    expect(parseUserAmount("12,50", "EUR")).toBe(1250n);
    expect(code(() => parseUserAmount("  ", "EUR"))).toBe("money.required");
  });
});

describe("allocate() (rule 1: largest remainder, ties to the earlier entry)", () => {
  it("splits 100 three ways as 34, 33, 33", () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
  });
  it("gives leftovers to the largest remainders", () => {
    expect(allocate(100n, [1n, 2n])).toEqual([33n, 67n]);
    expect(allocate(1000n, [3333n, 3333n, 3334n])).toEqual([333n, 333n, 334n]);
    expect(allocate(7n, [1n, 3n, 2n])).toEqual([1n, 4n, 2n]);
  });
  it("breaks ties in favour of the earlier entry", () => {
    expect(allocate(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n]);
    expect(allocate(5n, [1n, 1n, 1n, 1n])).toEqual([2n, 1n, 1n, 1n]);
    expect(allocate(1n, [2n, 1n, 2n])).toEqual([1n, 0n, 0n]);
  });
  it("gives zero weights nothing and mirrors negative totals", () => {
    expect(allocate(5n, [0n, 1n, 0n, 1n])).toEqual([0n, 3n, 0n, 2n]);
    expect(allocate(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
  });
  it("always sums to the total", () => {
    let seed = 42;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let run = 0; run < 500; run++) {
      const total = BigInt(rnd(1_000_000));
      const weights: bigint[] = Array.from({ length: 1 + rnd(8) }, () => BigInt(rnd(50)));
      if (!weights.some((w) => w > 0n)) weights[0] = 1n;
      const shares = allocate(total, weights);
      expect(shares.reduce((a, b) => a + b, 0n)).toBe(total);
    }
  });
});

describe("percentWeights()", () => {
  it("scales percentages to integers", () => {
    expect(percentWeights(["33.33", "33.33", "33.34"])).toEqual([3333n, 3333n, 3334n]);
    expect(percentWeights(["50", "50.0"])).toEqual([50n, 50n]);
    expect(percentWeights(["12.5", "87.5"])).toEqual([125n, 875n]);
  });
  it("needs exactly 100", () => {
    expect(code(() => percentWeights(["50", "49.99"]))).toBe("split.percent_sum");
    expect(code(() => percentWeights(["-5", "105"]))).toBe("split.invalid_percent");
    expect(code(() => percentWeights(["0.0000001", "99.9999999"]))).toBe("split.invalid_percent");
  });
});

describe("conversion (rule 2: round half even)", () => {
  it("rounds ties to even", () => {
    expect(roundHalfEven(5n, 2n)).toBe(2n);
    expect(roundHalfEven(7n, 2n)).toBe(4n);
    expect(roundHalfEven(-5n, 2n)).toBe(-2n);
    expect(roundHalfEven(26n, 10n)).toBe(3n);
  });
  it("converts between exponents exactly", () => {
    expect(convert(1000n, "JPY", "EUR", parseRate("0.0062"))).toBe(620n);
    expect(convert(12345n, "BHD", "EUR", parseRate("2.65"))).toBe(3271n);
    // 10.25 USD × 0.9 = 9.225 EUR → 9.22 (tie to even)
    expect(convert(1025n, "USD", "EUR", parseRate("0.9"))).toBe(922n);
    // 10.35 × 0.9 = 9.315 → 9.32
    expect(convert(1035n, "USD", "EUR", parseRate("0.9"))).toBe(932n);
  });
  it("parses rates strictly", () => {
    expect(parseRate("1.0842")).toEqual({ numerator: 10842n, denominator: 10000n });
    expect(code(() => parseRate("0"))).toBe("fx.invalid_rate");
    expect(code(() => parseRate("-1"))).toBe("fx.invalid_rate");
    expect(code(() => parseRate("1.0000000000001"))).toBe("fx.invalid_rate");
  });
});

const A = "a", B = "b", C = "c";

describe("computeExpense()", () => {
  it("splits equally with the leftover cent to the first", () => {
    const r = computeExpense({
      total: { amount: "10.00", currency: "EUR" },
      paidBy: [{ memberId: A, amount: "10.00" }],
      split: { mode: "equal", shares: [{ memberId: A }, { memberId: B }, { memberId: C }] },
    }, "EUR");
    expect(r.shares.map((s) => s.minor)).toEqual([334n, 333n, 333n]);
    expect(r.paid).toEqual([{ memberId: A, minor: 1000n }]);
  });
  it("splits by exact amounts, percentages and weights", () => {
    const base = { total: { amount: "90.00", currency: "EUR" }, paidBy: [{ memberId: A, amount: "90.00" }] };
    expect(computeExpense({
      ...base,
      split: { mode: "exact", shares: [{ memberId: A, amount: "10" }, { memberId: B, amount: "80.00" }] },
    }, "EUR").shares.map((s) => s.minor)).toEqual([1000n, 8000n]);
    expect(computeExpense({
      ...base,
      split: { mode: "percent", shares: [{ memberId: A, percent: "33.33" }, { memberId: B, percent: "66.67" }] },
    }, "EUR").shares.map((s) => s.minor)).toEqual([3000n, 6000n]);
    expect(computeExpense({
      ...base,
      split: { mode: "shares", shares: [{ memberId: A, weight: 1 }, { memberId: B, weight: 2 }, { memberId: C, weight: 4 }] },
    }, "EUR").shares.map((s) => s.minor)).toEqual([1286n, 2571n, 5143n]);
  });
  it("allocates several payers over the converted total, weighted by what they paid", () => {
    const r = computeExpense({
      total: { amount: "100", currency: "JPY" },
      paidBy: [{ memberId: A, amount: "50" }, { memberId: B, amount: "50" }],
      split: { mode: "equal", shares: [{ memberId: A }, { memberId: B }, { memberId: C }] },
    }, "EUR", "0.0063");
    // 100 JPY × 0.0063 = 0.63 EUR
    expect(r.converted).toBe(63n);
    expect(r.paid.map((p) => p.minor)).toEqual([32n, 31n]);
    expect(r.shares.map((s) => s.minor)).toEqual([21n, 21n, 21n]);
  });
  it("prefers the body's own rate to the service's", () => {
    const r = computeExpense({
      total: { amount: "10.00", currency: "USD" },
      paidBy: [{ memberId: A, amount: "10.00" }],
      split: { mode: "equal", shares: [{ memberId: A }] },
      fx: { rate: "0.5" },
    }, "EUR", "0.9");
    expect(r.converted).toBe(500n);
  });
  it("reports what is wrong, with the field's path", () => {
    const bad = (over: object) => {
      try {
        computeExpense({
          total: { amount: "90.00", currency: "EUR" },
          paidBy: [{ memberId: A, amount: "90.00" }],
          split: { mode: "equal", shares: [{ memberId: A }] },
          ...over,
        }, "EUR");
      } catch (e) {
        return (e as MoneyError).code + " @ " + (e as MoneyError).path;
      }
    };
    expect(bad({ paidBy: [{ memberId: A, amount: "80.00" }] })).toBe("paid_by.sum @ paidBy");
    expect(bad({ total: { amount: "0", currency: "EUR" } })).toBe("money.not_positive @ total.amount");
    expect(bad({ total: { amount: "90", currency: "USD" }, paidBy: [{ memberId: A, amount: "90" }] }))
      .toBe("fx.rate_missing @ fx.rate");
    expect(bad({ split: { mode: "exact", shares: [{ memberId: A, amount: "1.00" }] } }))
      .toBe("split.exact_sum @ split.shares");
    expect(bad({ split: { mode: "shares", shares: [{ memberId: A, weight: 0 }] } }))
      .toBe("split.weights_zero @ split.shares");
    expect(bad({ split: { mode: "equal", shares: [{ memberId: A }, { memberId: A }] } }))
      .toBe("member.duplicate @ split.shares[1].memberId");
  });
  it("converts settlements the same way", () => {
    expect(computeSettlement({ amount: "12.34", currency: "EUR" }, "EUR")).toBe(1234n);
    expect(computeSettlement({ amount: "1000", currency: "JPY" }, "EUR", "0.0062")).toBe(620n);
  });
});

describe("settleUp() and optimistic balances", () => {
  it("plans greedy transfers, ties to the earlier member", () => {
    expect(settleUp([["ana", 600n], ["ben", -400n], ["cem", -200n]])).toEqual([
      { from: "ben", to: "ana", amount: 400n },
      { from: "cem", to: "ana", amount: 200n },
    ]);
    expect(settleUp([["a", 0n]])).toEqual([]);
  });
  it("moves balances by a pending expense and keeps them summing to zero", () => {
    const eur = (amount: string) => ({ amount, currency: "EUR" });
    const lines = [
      { memberId: A, paid: eur("0.00"), owed: eur("0.00"), balance: eur("0.00") },
      { memberId: B, paid: eur("0.00"), owed: eur("0.00"), balance: eur("0.00") },
    ];
    const e = computeExpense({
      total: eur("10.01"),
      paidBy: [{ memberId: A, amount: "10.01" }],
      split: { mode: "equal", shares: [{ memberId: A }, { memberId: B }] },
    }, "EUR");
    const d = emptyDelta();
    addEffect(d, e.paid, e.shares, 1n);
    const r = applyDelta("EUR", lines, d);
    expect(r.members.map((m) => m.balance.amount)).toEqual(["5.00", "-5.00"]);
    expect(r.settleUp).toEqual([{ from: B, to: A, amount: eur("5.00") }]);
  });
});
