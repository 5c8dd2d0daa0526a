import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "@kopek/platform";
import { startRatesServer } from "./_testing.ts";
import { RatesConfig, rateSourceFromConfig, RatesSourceConfig } from "./config.ts";
import { ECB_DAILY_URL, ECB_HISTORY_URL } from "./ecb/source.ts";

const DB = { KOPEK_DATABASE_URL: "postgres://kopek@127.0.0.1:5432/kopek" };

/** The problems `loadConfig` reports for `env`, as `VARIABLE message`. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(RatesConfig, { ...DB, ...env });
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems.map((p) => `${p.variable} ${p.message}`);
  }
  return [];
}

Deno.test("RatesConfig: without the URL variables the worker fetches the ECB's own files", () => {
  const config = loadConfig(RatesConfig, DB);
  assert.equal(config.KOPEK_RATES_DAILY_URL, ECB_DAILY_URL);
  assert.equal(config.KOPEK_RATES_HISTORY_URL, ECB_HISTORY_URL);
  // An empty value is unset, as for every variable.
  const empty = loadConfig(RatesConfig, { ...DB, KOPEK_RATES_DAILY_URL: "" });
  assert.equal(empty.KOPEK_RATES_DAILY_URL, ECB_DAILY_URL);
});

Deno.test("RatesConfig: a mirror's http(s) URLs are taken as given", () => {
  const config = loadConfig(RatesConfig, {
    ...DB,
    KOPEK_RATES_DAILY_URL: "http://rates-mirror.internal:8081/eurofxref-daily.xml",
    KOPEK_RATES_HISTORY_URL: "https://proxy.example.com/ecb/eurofxref-hist-90d.xml?via=kopek",
  });
  assert.equal(
    config.KOPEK_RATES_DAILY_URL,
    "http://rates-mirror.internal:8081/eurofxref-daily.xml",
  );
  assert.equal(
    config.KOPEK_RATES_HISTORY_URL,
    "https://proxy.example.com/ecb/eurofxref-hist-90d.xml?via=kopek",
  );
});

Deno.test("RatesConfig: anything but a plain http(s) URL stops the start, naming the variable", () => {
  for (
    const [value, message] of [
      ["file:///srv/ecb/eurofxref-daily.xml", "must be an http:// or https:// URL"],
      ["ftp://mirror.example.com/daily.xml", "must be an http:// or https:// URL"],
      [
        "www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml",
        "must be an http:// or https:// URL",
      ],
      ["not a url", "must be an http:// or https:// URL"],
      // The log names the URL when a fetch fails: credentials would end up in it.
      ["https://user:secret@mirror.example.com/daily.xml", "must not carry a user or password"],
    ]
  ) {
    assert.deepEqual(problems({ KOPEK_RATES_DAILY_URL: value }), [
      `KOPEK_RATES_DAILY_URL ${message}`,
    ]);
    assert.deepEqual(problems({ KOPEK_RATES_HISTORY_URL: value }), [
      `KOPEK_RATES_HISTORY_URL ${message}`,
    ]);
  }
});

Deno.test("rateSourceFromConfig() fetches the latest from the daily URL and history from the other", async () => {
  await using server = await startRatesServer();
  const source = rateSourceFromConfig(
    loadConfig(RatesSourceConfig, {
      KOPEK_RATES_DAILY_URL: server.dailyUrl,
      KOPEK_RATES_HISTORY_URL: server.historyUrl,
    }),
  );
  assert.equal(source.name, "ecb");
  const [latest, ...none] = await source.fetch({ scope: "latest" });
  assert.equal(latest.date, "2022-07-08");
  assert.equal(latest.rates.USD, "1.0163");
  assert.equal(none.length, 0);
  const history = await source.fetch({ scope: "history" });
  assert.equal(history[0].date, "2017-03-03");
  assert.ok(history.length > 50, `${history.length} publications`);
  assert.deepEqual(server.requests, ["/daily.xml", "/hist-90d.xml"]);
});

Deno.test("rateSourceFromConfig(): a mirror that answers 404 is an http error naming its URL", async () => {
  await using server = await startRatesServer();
  const missing = server.dailyUrl.replace("daily.xml", "gone.xml");
  const source = rateSourceFromConfig(
    loadConfig(RatesSourceConfig, { KOPEK_RATES_DAILY_URL: missing }),
  );
  await assert.rejects(source.fetch({ scope: "latest" }), (e: Error & { kind?: string }) => {
    assert.equal(e.kind, "http");
    assert.match(e.message, new RegExp(`GET ${missing.replaceAll(".", "\\.")} answered 404`));
    return true;
  });
});
