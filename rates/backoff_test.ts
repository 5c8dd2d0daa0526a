import assert from "node:assert/strict";
import fc from "fast-check";
import { backoffDelay, sleep } from "./backoff.ts";

Deno.test("backoffDelay() doubles its ceiling per attempt up to maxMs", () => {
  const top = () => 0.999999;
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, { baseMs: 100, maxMs: 1_000 }, top)),
    [99, 199, 399, 799, 999, 999],
  );
  assert.equal(backoffDelay(3, { baseMs: 1000 }, () => 0.5), 4000);
  assert.equal(backoffDelay(1_000, {}, top), 299_999); // no overflow to Infinity
});

Deno.test("backoffDelay() draws uniformly below the ceiling (full jitter)", () => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 60 }),
    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    (attempt, r) => {
      const ceiling = Math.min(300_000, 1_000 * 2 ** attempt);
      const delay = backoffDelay(attempt, {}, () => r);
      assert.ok(Number.isInteger(delay) && delay >= 0 && delay < ceiling);
    },
  ));
  assert.equal(backoffDelay(5, {}, () => 0), 0);
});

Deno.test("sleep() ends early when its signal aborts", async () => {
  const controller = new AbortController();
  const started = performance.now();
  const slept = sleep(60_000, controller.signal);
  controller.abort();
  await slept;
  assert.ok(performance.now() - started < 1_000);
  await sleep(1, AbortSignal.abort()); // already aborted: returns at once
});
