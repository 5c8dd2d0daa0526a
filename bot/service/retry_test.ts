import assert from "node:assert/strict";
import { KopekApiError, KopekUnreachable } from "./kopek_api.ts";
import { isTransient, withRetry } from "./retry.ts";

Deno.test("isTransient() retries Kopek unreachable, 5xx and 429, not refusals or bugs", () => {
  assert.ok(isTransient(new KopekUnreachable(new TypeError("connection refused"))));
  assert.ok(isTransient(new KopekUnreachable(new DOMException("timed out", "TimeoutError"))));
  assert.ok(isTransient(new KopekApiError(503, undefined, "down")));
  assert.ok(isTransient(new KopekApiError(429, "rate_limited", "slow down")));
  assert.ok(!isTransient(new KopekApiError(400, "validation", "bad")));
  assert.ok(!isTransient(new KopekApiError(409, "conflict", "other content")));
  assert.ok(!isTransient(new Error("bug")));
  // A programming error (undefined is not a function, ...) is no outage: never retried.
  assert.ok(!isTransient(new TypeError("Cannot read properties of undefined (reading 'id')")));
  assert.ok(!isTransient(new DOMException("timed out", "TimeoutError")));
});

Deno.test("withRetry() retries transient failures with the given pauses, telling once", async () => {
  const slept: number[] = [];
  const told: unknown[] = [];
  let calls = 0;
  const result = await withRetry(() => {
    calls++;
    if (calls < 3) throw new KopekApiError(502, undefined, "bad gateway");
    return Promise.resolve("ok");
  }, {
    delaysMs: [10, 20, 40],
    onFirstFailure: (e) => void told.push(e),
    sleep: (ms) => Promise.resolve(void slept.push(ms)),
  });
  assert.equal(result, "ok");
  assert.equal(calls, 3);
  assert.deepEqual(slept, [10, 20]);
  assert.equal(told.length, 1);
});

Deno.test("withRetry() gives up after the last pause and rethrows other errors at once", async () => {
  let calls = 0;
  const down = () => {
    calls++;
    return Promise.reject(new KopekUnreachable(new TypeError("connection refused")));
  };
  const sleep = () => Promise.resolve();
  await assert.rejects(withRetry(down, { delaysMs: [1, 1], sleep }), KopekUnreachable);
  assert.equal(calls, 3);
  calls = 0;
  const refused = () => {
    calls++;
    return Promise.reject(new KopekApiError(403, "forbidden", "no"));
  };
  await assert.rejects(withRetry(refused, { delaysMs: [1, 1], sleep }), KopekApiError);
  assert.equal(calls, 1);
  calls = 0;
  const bug = () => {
    calls++;
    return Promise.reject(new TypeError("x.map is not a function"));
  };
  await assert.rejects(withRetry(bug, { delaysMs: [1, 1], sleep }), TypeError);
  assert.equal(calls, 1, "a bug is not retried");
});
