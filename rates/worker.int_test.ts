import assert from "node:assert/strict";
import {
  capturingLogger,
  createRatesDatabase,
  type RatesServer,
  startRatesServer,
} from "./_testing.ts";
import { createEcbRateSource } from "./ecb/source.ts";
import { rateFor } from "./lookup.ts";
import { RateSourceError } from "./source.ts";
import { createRatesWorker, type RatesWorkerOptions } from "./worker.ts";
import { Registry } from "prom-client";

/** A database, a local ECB server, and a worker on both with fast, recorded sleeps. */
async function setup(options: Partial<RatesWorkerOptions> = {}) {
  const db = await createRatesDatabase();
  const server = await startRatesServer();
  const { logger, lines } = capturingLogger();
  const sleeps: number[] = [];
  const worker = createRatesWorker({
    sql: db.sql,
    source: createEcbRateSource({ dailyUrl: server.dailyUrl, historyUrl: server.historyUrl }),
    logger,
    maxAttempts: 3,
    timeoutMs: 200,
    backoff: { baseMs: 1_000, maxMs: 60_000 },
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return {
    db,
    server,
    worker,
    lines,
    sleeps,
    async [Symbol.asyncDispose]() {
      await worker.stop();
      await server[Symbol.asyncDispose]();
      await db[Symbol.asyncDispose]();
    },
  };
}

/** Polls until `condition` holds (a real wait, bounded). */
async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test("createRatesWorker() loads recent history first, then the daily file", async () => {
  await using t = await setup();
  const first = await t.worker.runOnce();
  assert.ok(first.ok);
  assert.equal(first.scope, "history");
  assert.equal(first.attempts, 1);
  assert.equal(first.saved.publications, 64);
  assert.equal(first.saved.latest, "2017-03-03");
  const second = await t.worker.runOnce();
  assert.ok(second.ok);
  assert.equal(second.scope, "latest");
  assert.equal(second.saved.latest, "2022-07-08");
  assert.deepEqual(t.server.requests, ["/hist-90d.xml", "/daily.xml"]);
  assert.equal((await rateFor(t.db.sql, "EUR", "USD", "2022-07-08"))?.rate, "1.0163");
  assert.equal((await rateFor(t.db.sql, "EUR", "USD", "2017-02-26"))?.rate, "1.0609");
  assert.deepEqual(t.sleeps, []);
  const info = t.lines.filter((l) => l.msg === "rates fetched");
  assert.equal(info.length, 2);
  assert.equal(info[0].component, "rates");
  assert.equal(info[0].source, "ecb");
  assert.equal(info[0].inserted, 64 * 31);
  assert.equal(t.worker.status().latest, "2022-07-08");
  assert.equal(t.worker.status().lastError, null);
});

Deno.test("createRatesWorker() keeps the last good rates through a failing, hanging and malformed server, and recovers", async () => {
  await using t = await setup();
  assert.ok((await t.worker.runOnce()).ok);
  const good = await rateFor(t.db.sql, "USD", "EUR", "2017-03-03");
  assert.ok(good);

  const failures: [string, string, RegExp][] = [
    ["fail", "http", /answered 500/],
    ["hang", "timeout", /timed out/],
    ["malformed", "malformed", /^ECB rates XML: /],
    ["html", "malformed", /document type declarations are not allowed/],
  ];
  for (const [mode, kind, message] of failures) {
    t.server.mode = mode as RatesServer["mode"];
    t.lines.length = 0;
    t.sleeps.length = 0;
    const result = await t.worker.runOnce();
    assert.equal(result.ok, false, mode);
    assert.ok(!result.ok);
    assert.equal(result.attempts, 3);
    assert.ok(result.error instanceof RateSourceError && result.error.kind === kind, mode);
    assert.match(result.error.message, message);
    // Each retry waited a jittered, growing delay: random() = 0.5 of 1 s, then of 2 s.
    assert.deepEqual(t.sleeps, [500, 1_000], mode);
    // Logged: two warnings that it will retry, one error that it gave up.
    assert.deepEqual(t.lines.map((l) => [l.level, l.msg]), [
      ["warn", "rates fetch failed, will retry"],
      ["warn", "rates fetch failed, will retry"],
      ["error", "rates fetch failed, keeping the last good rates"],
    ], mode);
    const err = t.lines[2].err as { message: string; type: string };
    assert.match(err.message, message);
    assert.equal(err.type, "RateSourceError");
    // The last good rates are still there.
    assert.deepEqual(await rateFor(t.db.sql, "USD", "EUR", "2017-03-03"), good, mode);
    assert.match(t.worker.status().lastError ?? "", message);
  }

  // The server is back: the next run catches up on history (the runs before
  // failed), the one after reads the daily file (of 2022, newer than the 90 days of 2017).
  t.server.mode = "ok";
  t.server.requests.length = 0;
  const back = await t.worker.runOnce();
  assert.ok(back.ok);
  assert.equal(back.scope, "history");
  assert.equal(back.attempts, 1);
  const next = await t.worker.runOnce();
  assert.ok(next.ok);
  assert.equal(next.scope, "latest");
  assert.deepEqual(t.server.requests, ["/hist-90d.xml", "/daily.xml"]);
  assert.equal((await rateFor(t.db.sql, "EUR", "USD", "2022-07-08"))?.rate, "1.0163");
  assert.equal(t.worker.status().lastError, null);
  assert.ok(t.worker.status().lastSuccessAt);
  assert.ok(t.worker.status().lastFailureAt);
});

Deno.test("createRatesWorker() retries within a run until the server recovers", async () => {
  const delays: number[] = [];
  const box: { server?: RatesServer } = {};
  await using t = await setup({
    maxAttempts: 5,
    random: () => 0.25,
    sleep: (ms) => {
      delays.push(ms);
      if (delays.length === 3) box.server!.mode = "ok"; // back before the fourth attempt
      return Promise.resolve();
    },
  });
  box.server = t.server;
  t.server.mode = "fail";
  const result = await t.worker.runOnce();
  assert.ok(result.ok);
  assert.equal(result.attempts, 4);
  assert.deepEqual(delays, [250, 500, 1_000]);
  assert.equal(t.lines.filter((l) => l.level === "warn").length, 3);
  assert.equal(t.lines.filter((l) => l.level === "error").length, 0);
  assert.equal((await rateFor(t.db.sql, "EUR", "USD", "2017-03-03"))?.rate, "1.0565");
});

Deno.test("createRatesWorker() runs at start, then every intervalMs, until stopped", async () => {
  const intervalMs = 86_400_000;
  const waits: number[] = [];
  const gates: (() => void)[] = [];
  await using t = await setup({
    intervalMs,
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        waits.push(ms);
        if (ms !== intervalMs) return resolve();
        gates.push(resolve);
        signal.addEventListener("abort", () => resolve(), { once: true });
      }),
  });
  t.worker.start();
  t.worker.start(); // a second start does nothing
  await until(() => gates.length === 1, "the first run");
  assert.deepEqual(t.server.requests, ["/hist-90d.xml"]);
  gates[0]();
  await until(() => gates.length === 2, "the second run");
  assert.deepEqual(t.server.requests, ["/hist-90d.xml", "/daily.xml"]);
  assert.deepEqual(waits, [intervalMs, intervalMs]);
  await t.worker.stop(); // while it waits for the next day
  await t.worker.stop(); // idempotent
  assert.equal(t.server.requests.length, 2);
});

Deno.test("createRatesWorker() stop() aborts a fetch in flight without logging an error", async () => {
  await using t = await setup({ timeoutMs: 60_000 });
  t.server.mode = "hang";
  t.worker.start();
  await until(() => t.server.requests.length === 1, "the request");
  const started = performance.now();
  await t.worker.stop();
  assert.ok(performance.now() - started < 2_000);
  assert.equal(t.lines.filter((l) => l.level === "error" || l.level === "warn").length, 0);
  const after = await t.worker.runOnce();
  assert.equal(after.ok, false);
  assert.equal(t.server.requests.length, 1);
});

Deno.test("createRatesWorker() runOnce() shares a run in flight", async () => {
  await using t = await setup();
  const [a, b] = await Promise.all([t.worker.runOnce(), t.worker.runOnce()]);
  assert.equal(a, b);
  assert.deepEqual(t.server.requests, ["/hist-90d.xml"]);
});

Deno.test("createRatesWorker() retries when the database fails, like any other failure", async () => {
  await using t = await setup();
  await t.db.sql`ALTER TABLE fx_rates RENAME TO fx_rates_away`;
  const result = await t.worker.runOnce();
  assert.equal(result.ok, false);
  assert.equal(t.lines.filter((l) => l.level === "error").length, 1);
  await t.db.sql`ALTER TABLE fx_rates_away RENAME TO fx_rates`;
  assert.ok((await t.worker.runOnce()).ok);
});

Deno.test("createRatesWorker() refuses nonsense settings", () => {
  const base = {
    sql: {} as never,
    source: createEcbRateSource(),
    logger: capturingLogger().logger,
  };
  assert.throws(() => createRatesWorker({ ...base, intervalMs: 0 }), RangeError);
  assert.throws(() => createRatesWorker({ ...base, maxAttempts: 0 }), RangeError);
  assert.throws(() => createRatesWorker({ ...base, timeoutMs: -1 }), RangeError);
});

Deno.test("createRatesWorker() counts runs, failed attempts and when the last run succeeded or failed", async () => {
  const registry = new Registry();
  await using t = await setup({ metrics: registry, maxAttempts: 2 });
  t.server.mode = "fail";
  assert.equal((await t.worker.runOnce()).ok, false);
  t.server.mode = "ok";
  assert.equal((await t.worker.runOnce()).ok, true);
  const text = await registry.metrics();
  assert.match(text, /^kopek_rates_runs_total\{outcome="ok"\} 1$/m);
  assert.match(text, /^kopek_rates_runs_total\{outcome="failed"\} 1$/m);
  assert.match(text, /^kopek_rates_fetch_failures_total 2$/m);
  const success = Number(/^kopek_rates_last_success_timestamp_seconds (\S+)$/m.exec(text)?.[1]);
  assert.equal(success, t.worker.status().lastSuccessAt!.getTime() / 1000);
  assert.ok(Number(/^kopek_rates_last_failure_timestamp_seconds (\S+)$/m.exec(text)?.[1]) > 0);
});
