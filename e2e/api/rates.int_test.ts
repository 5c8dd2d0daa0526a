/**
 * Foreign currency end to end: the service's own ECB rates (imported from a
 * recorded file, as `kopek rates import` does) freeze into expenses, and
 * `GET /v1/rates` serves them.
 */
import assert from "node:assert/strict";
import { connect } from "@kopek/platform";
import { createTestDatabase } from "@kopek/platform/testing";
import { importRatesFile, ratesMigrate } from "@kopek/rates";
import { KopekClient, startForTest } from "@kopek/testing";

const DAILY =
  new URL("../../rates/testdata/eurofxref-daily-2022-07-08.xml", import.meta.url).pathname;

Deno.test("rates: an expense without a rate uses the service's rate on or before its date", async () => {
  await using db = await createTestDatabase();
  const sql = connect(db.url, { max: 1 });
  try {
    await ratesMigrate(sql);
    await importRatesFile(sql, DAILY);
  } finally {
    await sql.end();
  }
  const running = await startForTest(db.url);
  try {
    const { client } = await new KopekClient(running.url).register("ana@example.com", "Ana");
    const group = await client.post("/v1/groups", { name: "NYC", currency: "EUR" });
    const m = group.body.memberId;
    const expense = (date: string) => ({
      description: "Taxi",
      total: { amount: "100.00", currency: "USD" },
      date,
      paidBy: [{ memberId: m, amount: "100.00" }],
      split: { mode: "equal", shares: [{ memberId: m }] },
    });

    // Sunday 2022-07-10 uses Friday's publication: USD→EUR = 1 / 1.0163 = 0.9839614287…
    const sunday = await client.post(`/v1/groups/${group.body.id}/expenses`, expense("2022-07-10"));
    assert.equal(sunday.status, 201, JSON.stringify(sunday.body));
    assert.deepEqual(sunday.body.fx, { rate: "0.9839614287", date: "2022-07-08", source: "ecb" });
    // 100.00 × 0.9839614287 = 98.39614287 → 98.40 (half-even to the cent)
    assert.deepEqual(sunday.body.converted, { amount: "98.40", currency: "EUR" });

    // Long before any published rate: a clear 422, never a silent rate of 1.
    const missing = await client.post(
      `/v1/groups/${group.body.id}/expenses`,
      expense("1999-01-01"),
    );
    assert.equal(missing.status, 422);
    assert.equal(missing.body.code, "fx.rate_missing");
    assert.equal(missing.body.errors[0].path, "total.currency");

    const rates = await client.get("/v1/rates?base=EUR&date=2022-07-08");
    assert.equal(rates.status, 200);
    assert.equal(rates.body.base, "EUR");
    assert.equal(rates.body.date, "2022-07-08");
    assert.equal(rates.body.rates.USD, "1.0163");
    const usd = await client.get("/v1/rates?base=USD&date=2022-07-09");
    assert.equal(usd.body.rates.EUR, "0.9839614287");
    assert.equal((await client.get("/v1/rates?base=usd")).status, 422);
    assert.equal((await client.get("/v1/rates?base=EUR&date=1990-01-01")).status, 404);
  } finally {
    await running.stop();
  }
});
