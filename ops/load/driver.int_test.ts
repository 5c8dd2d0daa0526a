/**
 * The Deno load driver against a real Kopek (all-in-one in this process, on
 * a database of its own on the machine's PostgreSQL): the CLI runs every
 * shared scenario briefly and its figures add up; the topology test's write
 * load holds every acknowledged write exactly once. No timed assertions:
 * the runs are bounded by iterations, not by time.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { createTestDatabase } from "@kopek/platform/testing";
import { startForTest } from "@kopek/testing";
import { checkWrites } from "../faults/harness.ts";
import {
  type Figures,
  probe,
  Recorder,
  runScenario,
  SCENARIOS,
  signUp,
  startWrites,
} from "./driver.ts";
import { expensesRequest } from "./scenarios.js";

/** Requests one iteration of each scenario sends when nothing is retried. */
const REQUESTS_PER_ITERATION: Record<string, number> = {
  write: 1,
  ledger: 2,
  "read-your-writes": 3,
  report: 1,
  mixed: 8,
};

Deno.test({
  name: "load driver: `deno task load` runs each shared scenario against Kopek; its figures add up",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    assert.deepEqual(Object.keys(SCENARIOS).sort(), Object.keys(REQUESTS_PER_ITERATION).sort());
    await using db = await createTestDatabase("kopek_load");
    // Positioned reads wait out a projector that a loaded machine slows (the figures count
    // every 503 as an error, and a 503 here says nothing about the driver).
    const running = await startForTest(db.url, {
      KOPEK_RATE_LIMITS: "off",
      KOPEK_READ_WAIT_SECONDS: "60",
    });
    try {
      const main = fileURLToPath(new URL("main.ts", import.meta.url));
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-net",
          "--allow-env=KOPEK_BASE_URL",
          main,
          "--base",
          running.url,
          "--scenario",
          Object.keys(SCENARIOS).join(","),
          "--vus",
          "2",
          "--iterations",
          "3",
          "--duration",
          "600",
          "--json",
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      const stdout = new TextDecoder().decode(out.stdout);
      assert.ok(out.success, `the driver failed:\n${stdout}\n${stderr}`);
      const all: Figures[] = JSON.parse(stdout);
      assert.deepEqual(all.map((f) => f.scenario), Object.keys(SCENARIOS));
      for (const f of all) {
        const what = JSON.stringify(f);
        assert.equal(f.vus, 2, what);
        assert.equal(f.iterations, 6, what);
        assert.ok(f.requests >= 6 * REQUESTS_PER_ITERATION[f.scenario], what);
        assert.equal(f.requests, f.byRequest.reduce((n, r) => n + r.count, 0), what);
        assert.deepEqual(f.errors, {}, what);
        assert.deepEqual(f.failedChecks, {}, what);
        assert.ok(f.checks >= f.requests, what);
        assert.ok(f.requestsPerSecond > 0, what);
        for (const r of f.byRequest) {
          assert.ok(0 <= r.p50 && r.p50 <= r.p95 && r.p95 <= r.p99 && r.p99 <= r.max, what);
        }
      }
      const mixed = all.find((f) => f.scenario === "mixed")!;
      assert.deepEqual(mixed.byRequest.map((r) => r.request).sort(), [
        "balances",
        "balances (min position)",
        "expenses",
        "expenses (min position)",
        "monthly report",
        "record expense",
      ]);
    } finally {
      await running.stop();
    }
  },
});

Deno.test({
  name: "load driver: the write load tracks every id; each acknowledged write is in the log " +
    "exactly once; a probe is sent once",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using db = await createTestDatabase("kopek_load");
    const running = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
    try {
      const session = await runScenario(running.url, signUp("driver-test"), new Recorder());
      const load = startWrites(running.url, session, { writers: 4 });
      await load.moreAcks(40, 60_000, "the write load");
      const unacked = await load.stop();
      assert.deepEqual(unacked, []);
      assert.ok(load.acked.size >= 40);
      assert.ok(load.lastPosition > 0);
      assert.ok(load.samples.every((s) => s.status === 201), JSON.stringify(load.samples[0]));
      const data = await checkWrites(db.url, load);
      assert.deepEqual(data, { acked: load.acked.size, lost: 0, doubled: 0 });
      // A probe (the fault suite's read in flight): one send, its status, problem code and
      // Retry-After in the sample, not retried.
      const far = await probe(running.url, expensesRequest(session, load.lastPosition + 1e6, 1));
      assert.deepEqual(
        { request: far.request, status: far.status, code: far.code, retryAfter: far.retryAfter },
        {
          request: "expenses (min position)",
          status: 503,
          code: "position_not_reached",
          retryAfter: true,
        },
      );
    } finally {
      await running.stop();
    }
  },
});
