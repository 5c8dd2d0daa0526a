import assert from "node:assert/strict";
import { startRatesServer } from "../_testing.ts";
import { rateSourceContract } from "../contract.ts";
import { RateSourceError } from "../source.ts";
import { createEcbRateSource } from "./source.ts";

async function fixture() {
  const server = await startRatesServer();
  const source = createEcbRateSource({ dailyUrl: server.dailyUrl, historyUrl: server.historyUrl });
  return { server, source };
}

rateSourceContract("createEcbRateSource()", async () => {
  const { server, source } = await fixture();
  return {
    source,
    fail: () => void (server.mode = "fail"),
    hang: () => void (server.mode = "hang"),
    [Symbol.asyncDispose]: () => server[Symbol.asyncDispose](),
  };
});

Deno.test("createEcbRateSource() reads the daily file for the latest, the 90-day file for history", async () => {
  const { server, source } = await fixture();
  await using _ = server;
  const [latest] = await source.fetch();
  assert.equal(latest.date, "2022-07-08");
  assert.equal(latest.rates.USD, "1.0163");
  const history = await source.fetch({ scope: "history" });
  assert.equal(history.length, 64);
  assert.deepEqual(server.requests, ["/daily.xml", "/hist-90d.xml"]);
  assert.equal(source.name, "ecb");
});

Deno.test("createEcbRateSource() tells an HTTP error, a malformed body and a dead server apart", async () => {
  const { server, source } = await fixture();
  await using _ = server;
  const kind = async (k: string, message: RegExp) =>
    await assert.rejects(
      source.fetch(),
      (e) => e instanceof RateSourceError && e.kind === k && message.test(e.message),
    );
  server.mode = "fail";
  await kind("http", /answered 500/);
  server.mode = "malformed";
  await kind("malformed", /^ECB rates XML: /);
  server.mode = "html";
  await kind("malformed", /document type declarations/);
  server.files = { ...server.files, "/daily.xml": "x".repeat(2_000) };
  server.mode = "ok";
  await assert.rejects(
    createEcbRateSource({ dailyUrl: server.dailyUrl, maxBytes: 1_000 }).fetch(),
    /sent more than 1000 bytes/,
  );
  const dead = createEcbRateSource({ dailyUrl: "http://127.0.0.1:9/daily.xml" });
  await assert.rejects(dead.fetch(), (e) => e instanceof RateSourceError && e.kind === "network");
});
