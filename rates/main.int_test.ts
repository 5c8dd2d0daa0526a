/**
 * The rates worker as its own process (`deno task serve:rates`, with its
 * task's permission flags) fetching from a mirror at `KOPEK_RATES_DAILY_URL`
 * and `KOPEK_RATES_HISTORY_URL`: a local server of the recorded ECB files.
 */
import assert from "node:assert/strict";
import { createTestDatabase, freePort } from "@kopek/platform/testing";
import { startTask } from "@kopek/testing";
import { startRatesServer } from "./_testing.ts";

Deno.test({
  name: "serve:rates fetches from the mirror its URL variables name, and says so in its log",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_rates_main", { max: 2 });
    await using mirror = await startRatesServer();
    const rates = startTask("serve:rates", {
      KOPEK_DATABASE_URL: db.url,
      KOPEK_RATES_DAILY_URL: mirror.dailyUrl,
      KOPEK_RATES_HISTORY_URL: mirror.historyUrl,
      KOPEK_LOG_LEVEL: "info",
      // Its /healthz, /readyz and /metrics (e2e/operations/metrics.int_test.ts scrapes them).
      KOPEK_PORT: String(freePort()),
    });
    try {
      await rates.waitFor(/"rates worker started"/);
      assert.ok(rates.text.includes(mirror.historyUrl), rates.text);
      // The first run reads the history (ADR 0008): the 90 days ending 2017-03-03.
      await rates.waitFor(/"rates fetched"/);
      const [row] = await db.sql<{ days: number; latest: string; usd: string }[]>`
        SELECT count(DISTINCT date)::int AS days, max(date)::text AS latest,
               (SELECT rate::text FROM fx_rates WHERE date = '2017-03-03' AND currency = 'USD') AS usd
        FROM fx_rates WHERE source = 'ecb'`;
      assert.equal(row.latest, "2017-03-03");
      assert.ok(row.days > 50, `${row.days} days`);
      assert.equal(Number(row.usd), 1.0565);
      assert.deepEqual(mirror.requests, ["/hist-90d.xml"]);
      assert.equal((await rates.stop()).code, 0, rates.text);
    } finally {
      rates.kill();
      await rates.finished();
    }
  },
});

Deno.test({
  name: "serve:rates refuses a file: URL at start (exit 78, naming the variable)",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const rates = startTask("serve:rates", {
      KOPEK_DATABASE_URL: "postgres://kopek@127.0.0.1:9/kopek",
      KOPEK_RATES_HISTORY_URL: "file:///srv/ecb/eurofxref-hist-90d.xml",
    });
    const status = await rates.finished();
    assert.equal(status.code, 78, rates.text);
    assert.match(rates.text, /KOPEK_RATES_HISTORY_URL must be an http:\/\/ or https:\/\/ URL/);
  },
});
