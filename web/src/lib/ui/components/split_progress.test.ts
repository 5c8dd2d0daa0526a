import { describe, expect, it } from "vitest";
import { filledPercents, leftToAssign, percentTotal } from "./split_progress.ts";

describe("leftToAssign()", () => {
  it("is the total minus the amounts, negative when over, null when something does not read", () => {
    expect(leftToAssign(1000n, ["2.50", "5"], "EUR")).toBe(250n);
    expect(leftToAssign(1000n, ["12"], "EUR")).toBe(-200n);
    expect(leftToAssign(1000n, ["x"], "EUR")).toBeNull();
    expect(leftToAssign(null, [], "EUR")).toBeNull();
  });
});

describe("percentTotal()", () => {
  it("sums to six decimals and counts what does not read as 0", () => {
    expect(percentTotal(["33.333333", "33.333333", "33.333334"])).toBe(100);
    expect(percentTotal(["50", "abc"])).toBe(50);
  });
});

describe("filledPercents()", () => {
  it("gives percentages that sum to 100 and says whether they split the amount exactly", () => {
    const filled = filledPercents(1000n, ["a", "b", "c"]);
    expect(Object.keys(filled.values)).toEqual(["a", "b", "c"]);
    expect(percentTotal(Object.values(filled.values))).toBe(100);
    expect(filled.exact).toBe(true);
    const huge = filledPercents(10n ** 15n + 1n, ["a", "b", "c"]);
    expect(huge.exact).toBe(false);
    expect(percentTotal(Object.values(huge.values))).toBe(100);
  });
});
