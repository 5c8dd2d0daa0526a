import assert from "node:assert/strict";
import { DomainError } from "@kopek/domain";
import type { FxResolver as CommandFxResolver } from "@kopek/command-api";
import { createRatesDatabase, DAILY_FILE, HISTORY_FILE } from "./_testing.ts";
import { parseEcbXml } from "./ecb/parse.ts";
import { createFxResolver, rateFor, ratesTable } from "./lookup.ts";
import { latestPublicationDate, ratesMigrate, savePublications } from "./store.ts";

const daily = parseEcbXml(await Deno.readTextFile(DAILY_FILE));
const history = parseEcbXml(await Deno.readTextFile(HISTORY_FILE));

async function loaded() {
  const db = await createRatesDatabase();
  await savePublications(db.sql, "ecb", history);
  await savePublications(db.sql, "ecb", daily);
  return db;
}

Deno.test("savePublications() is idempotent and corrects a changed rate", async () => {
  await using db = await createRatesDatabase();
  const rows = history.reduce((n, p) => n + Object.keys(p.rates).length, 0);
  const first = await savePublications(db.sql, "ecb", history);
  assert.deepEqual(first, { publications: 64, inserted: rows, updated: 0, latest: "2017-03-03" });
  const again = await savePublications(db.sql, "ecb", history);
  assert.deepEqual(again, { publications: 64, inserted: 0, updated: 0, latest: "2017-03-03" });
  // "1.05650" is the same number as "1.0565": not a change.
  const same = { ...history[0], rates: { ...history[0].rates, USD: "1.05650" } };
  assert.equal((await savePublications(db.sql, "ecb", [same])).updated, 0);
  const corrected = { ...history[0], rates: { ...history[0].rates, USD: "1.0566" } };
  assert.equal((await savePublications(db.sql, "ecb", [corrected])).updated, 1);
  assert.equal((await rateFor(db.sql, "EUR", "USD", "2017-03-03"))?.rate, "1.0566");
  assert.equal(await latestPublicationDate(db.sql, "ecb"), "2017-03-03");
  assert.equal(await latestPublicationDate(db.sql, "other"), null);
  assert.deepEqual(await savePublications(db.sql, "ecb", []), {
    publications: 0,
    inserted: 0,
    updated: 0,
    latest: null,
  });
});

Deno.test("rateFor() quotes EUR legs as published and crosses the others through EUR", async () => {
  await using db = await loaded();
  const { sql } = db;
  assert.deepEqual(await rateFor(sql, "EUR", "USD", "2022-07-08"), {
    rate: "1.0163",
    date: "2022-07-08",
    source: "ecb",
  });
  assert.equal((await rateFor(sql, "EUR", "PLN", "2022-07-08"))?.rate, "4.763"); // canonical
  assert.equal((await rateFor(sql, "USD", "EUR", "2022-07-08"))?.rate, "0.9839614287");
  assert.equal((await rateFor(sql, "USD", "JPY", "2022-07-08"))?.rate, "135.8358752");
  assert.equal((await rateFor(sql, "USD", "JPY", "2017-03-03"))?.rate, "114.3681969");
  assert.equal((await rateFor(sql, "USD", "RUB", "2017-03-03"))?.rate, "58.74377662");
});

Deno.test("rateFor() uses the latest publication on or before the date", async () => {
  await using db = await loaded();
  const { sql } = db;
  const usd = async (date: string) => await rateFor(sql, "EUR", "USD", date);
  // A weekend: Friday's rates.
  assert.deepEqual(await usd("2017-02-25"), { rate: "1.0609", date: "2017-02-24", source: "ecb" });
  assert.deepEqual(await usd("2017-02-26"), { rate: "1.0609", date: "2017-02-24", source: "ecb" });
  assert.equal((await usd("2017-02-27"))?.date, "2017-02-27");
  // TARGET holidays: 26 December (a Monday), 1 January.
  assert.deepEqual(await usd("2016-12-26"), { rate: "1.0446", date: "2016-12-23", source: "ecb" });
  assert.deepEqual(await usd("2017-01-01"), { rate: "1.0541", date: "2016-12-30", source: "ecb" });
  assert.equal((await rateFor(sql, "USD", "EUR", "2017-02-26"))?.rate, "0.9425959091");
  // Before the first publication: nothing.
  assert.equal(await usd("2016-12-04"), null);
  // Later than the data by more than maxAgeDays (14 by default): nothing, never a stale rate.
  assert.equal((await usd("2017-03-17"))?.date, "2017-03-03");
  assert.equal(await usd("2017-03-18"), null);
  assert.equal(
    (await rateFor(sql, "EUR", "USD", "2017-04-01", { maxAgeDays: 30 }))?.date,
    "2017-03-03",
  );
});

Deno.test("rateFor() takes both legs from one publication, and never a stale one", async () => {
  await using db = await loaded();
  const { sql } = db;
  // The ECB stopped quoting RUB in March 2022: the daily file of 2022-07-08
  // has none, and the last RUB quote here is of 2017.
  assert.equal(await rateFor(sql, "RUB", "USD", "2022-07-08"), null);
  assert.equal(await rateFor(sql, "EUR", "RUB", "2022-07-08"), null);
  // HRK was published that day, though no longer an ISO 4217 code today.
  assert.equal((await rateFor(sql, "EUR", "HRK", "2022-07-08"))?.rate, "7.519");
});

Deno.test("rateFor() is the identity for one currency, and null for an unknown one", async () => {
  await using db = await loaded();
  const { sql } = db;
  assert.deepEqual(await rateFor(sql, "USD", "USD", "2030-01-01"), {
    rate: "1",
    date: "2030-01-01",
    source: "identity",
  });
  assert.equal(await rateFor(sql, "EUR", "XAU", "2022-07-08"), null);
  assert.equal(await rateFor(sql, "usd", "EUR", "2022-07-08"), null);
  assert.equal(await rateFor(sql, "EUR", "USD", "2022-07-08", { source: "other" }), null);
  await assert.rejects(
    rateFor(sql, "EUR", "USD", "2022-07-32"),
    (e) => e instanceof DomainError && e.kind === "validation" && e.code === "rates.invalid_date",
  );
});

Deno.test("ratesTable() lists a publication against EUR or any base it quotes", async () => {
  await using db = await loaded();
  const { sql } = db;
  const eur = await ratesTable(sql, "EUR", "2022-07-10");
  assert.ok(eur);
  assert.equal(eur.date, "2022-07-08");
  assert.equal(eur.source, "ecb");
  assert.equal(eur.base, "EUR");
  assert.equal(Object.keys(eur.rates).length, 31);
  assert.equal(eur.rates.USD, "1.0163");
  assert.equal(eur.rates.PLN, "4.763");
  assert.deepEqual(Object.keys(eur.rates), Object.keys(eur.rates).sort());

  const usd = await ratesTable(sql, "USD", "2022-07-08");
  assert.ok(usd);
  assert.equal(usd.base, "USD");
  assert.equal(usd.rates.USD, undefined);
  assert.equal(usd.rates.EUR, "0.9839614287");
  assert.equal(usd.rates.JPY, "135.8358752");
  assert.equal(Object.keys(usd.rates).length, 31);
  for (const [code, rate] of Object.entries(usd.rates)) {
    assert.equal((await rateFor(sql, "USD", code, "2022-07-08"))?.rate, rate, code);
  }

  assert.equal((await ratesTable(sql, "EUR"))?.date, "2022-07-08"); // no date: the latest
  assert.equal((await ratesTable(sql, "RUB"))?.date, "2017-03-03");
  assert.equal(await ratesTable(sql, "RUB", "2022-07-08"), null);
  assert.equal(await ratesTable(sql, "XYZ", "2022-07-08"), null);
  assert.equal(await ratesTable(sql, "EUR", "2016-12-01"), null);
  await assert.rejects(
    ratesTable(sql, "usd", "2022-07-08"),
    (e) => e instanceof DomainError && e.code === "rates.invalid_currency",
  );
  await assert.rejects(
    ratesTable(sql, "EUR", "yesterday"),
    (e) => e instanceof DomainError && e.code === "rates.invalid_date",
  );
});

Deno.test("createFxResolver() is the command side's FxResolver", async () => {
  await using db = await loaded();
  const fx: CommandFxResolver = createFxResolver(db.sql);
  assert.deepEqual(await fx.rate("GBP", "EUR", "2022-07-09"), {
    rate: "1.182242714",
    date: "2022-07-08",
    source: "ecb",
  });
  assert.equal(await fx.rate("EUR", "USD", "1999-01-01"), null);
  assert.throws(() => createFxResolver(db.sql, { maxAgeDays: -1 }), RangeError);
});

Deno.test("ratesMigrate() is idempotent and fx_rates refuses rows that make no sense", async () => {
  await using db = await createRatesDatabase();
  await ratesMigrate(db.sql);
  const insert = (base: string, currency: string, rate: string) =>
    db.sql`INSERT INTO fx_rates (source, date, base, currency, rate)
           VALUES ('ecb', '2024-01-02', ${base}, ${currency}, ${rate}::numeric)`;
  await assert.rejects(insert("EUR", "USD", "0"), /fx_rates_rate_check/);
  await assert.rejects(insert("EUR", "usd", "1"), /fx_rates_check|fx_rates_currency_check/);
  await assert.rejects(insert("EUR", "EUR", "1"), /fx_rates_check|fx_rates_currency_check/);
  await insert("EUR", "USD", "1.1");
  await assert.rejects(insert("EUR", "USD", "1.2"), /fx_rates_pkey/);
});
