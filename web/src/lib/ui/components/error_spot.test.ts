import { describe, expect, it } from "vitest";
import { focusIdOf, spotOf } from "./error_spot.ts";

describe("spotOf() / focusIdOf()", () => {
  it("puts an error next to the field its path names, the split by default", () => {
    expect(spotOf("total.amount")).toBe("amount");
    expect(spotOf("fx.rate")).toBe("fx");
    expect(spotOf("paidBy[1].amount")).toBe("payers");
    expect(spotOf("split.shares")).toBe("split");
    expect(spotOf("")).toBe("split");
  });

  it("focuses the field that holds the error", () => {
    const form = { overrideRate: false, payerMode: "single" as const, firstPayer: undefined };
    expect(focusIdOf("amount", form)).toBe("exp-amount");
    expect(focusIdOf("fx", form)).toBe("fx-override");
    expect(focusIdOf("fx", { ...form, overrideRate: true })).toBe("fx-rate-input");
    expect(focusIdOf("payers", form)).toBe("exp-payer");
    expect(focusIdOf("payers", { ...form, payerMode: "multiple", firstPayer: "m1" })).toBe("payer-amount-m1");
    expect(focusIdOf("split", form)).toBe("exp-preview");
  });
});
