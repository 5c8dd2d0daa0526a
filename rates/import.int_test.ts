import assert from "node:assert/strict";
import { createRatesDatabase, DAILY_FILE, HISTORY_FILE } from "./_testing.ts";
import { importRatesFile } from "./import.ts";
import { rateFor } from "./lookup.ts";
import { RateSourceError } from "./source.ts";

Deno.test("importRatesFile() loads a saved ECB file, once", async () => {
  await using db = await createRatesDatabase();
  const first = await importRatesFile(db.sql, HISTORY_FILE);
  assert.deepEqual(first, {
    publications: 64,
    inserted: 64 * 31,
    updated: 0,
    latest: "2017-03-03",
    earliest: "2016-12-05",
  });
  const again = await importRatesFile(db.sql, HISTORY_FILE.pathname);
  assert.equal(again.inserted + again.updated, 0);
  await importRatesFile(db.sql, DAILY_FILE);
  assert.equal((await rateFor(db.sql, "EUR", "USD", "2022-07-09"))?.date, "2022-07-08");
  const [{ count }] = await db.sql<
    { count: number }[]
  >`SELECT count(*)::int AS count FROM fx_rates`;
  assert.equal(count, 64 * 31 + 31);
});

Deno.test("importRatesFile() stores nothing from a malformed file", async () => {
  await using db = await createRatesDatabase();
  const path = await Deno.makeTempFile({ suffix: ".xml" });
  try {
    const text = await Deno.readTextFile(HISTORY_FILE);
    // Valid days first, then a bad rate in the last one.
    await Deno.writeTextFile(path, text.replace(/rate="14.8125"/, 'rate="14,8125"'));
    await assert.rejects(
      importRatesFile(db.sql, path),
      (e) => e instanceof RateSourceError && /rate "14,8125" of ZAR on 2016-12-05/.test(e.message),
    );
    const [{ count }] = await db.sql<
      { count: number }[]
    >`SELECT count(*)::int AS count FROM fx_rates`;
    assert.equal(count, 0);
    await assert.rejects(importRatesFile(db.sql, `${path}.missing`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(path);
  }
});
