import { describe, expect, it } from "vitest";
import { allocate, percentWeights } from "$domain/money/mod.ts";
import { equalPercents } from "./equal_percents.ts";

describe("equalPercents()", () => {
  it("gives percentages whose allocation is the equal split, with the fewest decimals", () => {
    expect(equalPercents(1000n, 3)).toEqual(["33.4", "33.3", "33.3"]);
    expect(equalPercents(100n, 3)).toEqual(["34", "33", "33"]);
    expect(equalPercents(1_000_000n, 3)).toEqual(["33.3334", "33.3333", "33.3333"]);
    expect(equalPercents(10_000n, 4)).toEqual(["25", "25", "25", "25"]);
    expect(equalPercents(null, 3)).toEqual(["33.34", "33.33", "33.33"]);
  });
  it("always allocates like an equal split when it answers", () => {
    for (const total of [1n, 2n, 7n, 99n, 100n, 9_600n, 123_457n, 1_000_000n, 99_999_999n]) {
      for (let n = 1; n <= 9; n++) {
        const p = equalPercents(total, n);
        expect(p).not.toBeNull();
        const ones = Array.from({ length: n }, () => 1n);
        expect(allocate(total, percentWeights(p!))).toEqual(allocate(total, ones));
      }
    }
  });
});
