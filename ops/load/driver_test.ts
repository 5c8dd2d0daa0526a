/** The driver's figures from samples, without a server. */
import assert from "node:assert/strict";
import {
  describeLatency,
  errorsByStatus,
  formatFigures,
  ONCE,
  percentile,
  Recorder,
  type Sample,
  summarize,
} from "./driver.ts";
import { expensesRequest, send } from "./scenarios.js";

const sample = (request: string, ms: number, status: Sample["status"] = 200, code?: string) => ({
  request,
  status,
  code,
  retryAfter: false,
  ok: status === 200 || status === 201,
  start: 1000,
  end: 1000 + ms,
});

Deno.test("percentile: nearest rank", () => {
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile(values, 95), 95);
  assert.equal(percentile(values, 99), 99);
  assert.equal(percentile([7], 99), 7);
  assert.equal(percentile([], 50), 0);
});

Deno.test("summarize: counts, rates, percentiles per request, errors by status and code", () => {
  const recorder = new Recorder();
  for (let i = 1; i <= 10; i++) recorder.samples.push(sample("balances", i));
  recorder.samples.push(sample("record expense", 20, 201));
  recorder.samples.push(sample("record expense", 30, 503, "database_unavailable"));
  recorder.samples.push(sample("record expense", 45_000, "hang"));
  recorder.check("balances: status 200", true);
  recorder.check("record expense: status 201", false);
  const f = summarize("mixed", 2, 5, 2000, recorder);
  assert.equal(f.requests, 13);
  assert.equal(f.requestsPerSecond, 6.5);
  assert.deepEqual(f.errors, { "503 database_unavailable": 1, hang: 1 });
  assert.deepEqual(f.failedChecks, { "record expense: status 201": 1 });
  assert.equal(f.checks, 2);
  const balances = f.byRequest.find((r) => r.request === "balances")!;
  assert.deepEqual(balances, { request: "balances", count: 10, p50: 5, p95: 10, p99: 10, max: 10 });
  const text = formatFigures(f);
  assert.match(text, /scenario mixed: 2 virtual users, 2\.0 s, 5 iterations, 13 requests, 6\.5/);
  assert.match(text, /errors by status: 503 database_unavailable: 1, hang: 1/);
  assert.equal(
    describeLatency(recorder.samples.slice(0, 10)),
    "p50 5.0 ms, p95 10.0 ms, p99 10.0 ms",
  );
  assert.deepEqual(errorsByStatus(recorder.samples.slice(0, 10)), {});
});

Deno.test("ONCE: a request sent once whatever it answers, its checks counted", () => {
  const scenario = send(expensesRequest({ token: "t", groupId: "g", memberId: "m" }, 7, 5), ONCE);
  const kinds: string[] = [];
  let next = scenario.next();
  while (!next.done) {
    kinds.push(next.value.kind);
    next = scenario.next(
      next.value.kind === "request"
        ? { status: 503, headers: { "retry-after": "1" }, body: null }
        : undefined,
    );
  }
  assert.deepEqual(kinds, ["request", "checks"]);
  assert.equal(next.value.reply.status, 503);
  assert.equal(next.value.sends, 1);
});
