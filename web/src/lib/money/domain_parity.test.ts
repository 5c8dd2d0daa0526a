/**
 * The PWA's money code must compute exactly what the server computes: these
 * tests run both on the same random inputs (the server's pure domain files,
 * which import nothing else, are read from ../domain beside web/).
 */
import { describe, expect, it } from "vitest";
import { allocate } from "./allocate.ts";
import { percentWeights } from "./percent.ts";
import { roundHalfEven } from "./fx.ts";
import { settleUp } from "./settle.ts";
import { allocate as serverAllocate } from "../../../../domain/money/allocate.ts";
import { percentWeights as serverPercentWeights } from "../../../../domain/money/percent.ts";
import { roundHalfEven as serverRoundHalfEven } from "../../../../domain/money/convert.ts";
import { settleUp as serverSettleUp } from "../../../../domain/ledger/settle_up.ts";

let seed = 7;
function rnd(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
}

describe("parity with the server's domain", () => {
  it("allocate()", () => {
    for (let run = 0; run < 2000; run++) {
      const total = BigInt(rnd(100_000)) - (rnd(4) === 0 ? 50_000n : 0n);
      const weights: bigint[] = Array.from({ length: 1 + rnd(10) }, () => BigInt(rnd(rnd(2) ? 4 : 10_000)));
      if (!weights.some((w) => w > 0n)) weights[rnd(weights.length)] = 1n;
      expect(allocate(total, weights)).toEqual(serverAllocate(total, weights));
    }
  });
  it("percentWeights()", () => {
    for (let run = 0; run < 500; run++) {
      const n = 1 + rnd(5);
      const scale = rnd(4);
      const unit = 10 ** scale;
      const parts = allocate(BigInt(100 * unit), Array.from({ length: n }, () => BigInt(1 + rnd(9))));
      const percents = parts.map((p) => (Number(p) / unit).toFixed(scale));
      expect(percentWeights(percents)).toEqual(serverPercentWeights(percents));
    }
  });
  it("roundHalfEven()", () => {
    for (let run = 0; run < 2000; run++) {
      const n = BigInt(rnd(1_000_000)) - 500_000n;
      const d = BigInt(1 + rnd(rnd(2) ? 4 : 1000));
      expect(roundHalfEven(n, d)).toBe(serverRoundHalfEven(n, d));
    }
  });
  it("settleUp()", () => {
    for (let run = 0; run < 500; run++) {
      const balances = Array.from({ length: 1 + rnd(8) }, (_, i) => [`m${i}`, BigInt(rnd(2000)) - 1000n] as [string, bigint]);
      const sum = balances.reduce((a, [, b]) => a + b, 0n);
      balances.push([`m${balances.length}`, -sum]);
      expect(settleUp(balances)).toEqual(serverSettleUp(balances));
    }
  });
});
