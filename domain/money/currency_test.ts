import assert from "node:assert/strict";
import { createRequire } from "node:module";
import codes from "currency-codes";
import { currencyCodes, currencyExponent, isCurrency } from "./currency.ts";
import { currencyTableSource, NO_MINOR_UNIT } from "./_currency_table_source.ts";

Deno.test("currencyExponent() gives the ISO 4217 minor-unit digits", () => {
  assert.equal(currencyExponent("EUR"), 2);
  assert.equal(currencyExponent("USD"), 2);
  assert.equal(currencyExponent("JPY"), 0);
  assert.equal(currencyExponent("BHD"), 3);
  assert.equal(currencyExponent("KWD"), 3);
  assert.equal(currencyExponent("CLF"), 4);
});

Deno.test("currencyExponent() treats currencies without a minor unit as unknown", () => {
  for (const code of ["XAU", "XAG", "XDR", "XSU", "XUA", "XTS", "XXX"]) {
    assert.equal(currencyExponent(code), undefined, code);
    assert.equal(isCurrency(code), false, code);
  }
  // The package itself reports them as 0 digits, which is why they are filtered.
  assert.equal(codes.code("XAU")?.digits, 0);
});

Deno.test("currencyExponent() is exact about the code", () => {
  for (const code of ["eur", "Eur", " EUR", "EUR ", "", "ABC", "toString", "__proto__"]) {
    assert.equal(currencyExponent(code), undefined, code);
    assert.equal(isCurrency(code), false, code);
  }
});

Deno.test("currencyExponent() agrees with the ISO list shipped in currency-codes", () => {
  const xmlPath = createRequire(import.meta.url).resolve("currency-codes/iso-4217-list-one.xml");
  const xml = Deno.readTextFileSync(xmlPath);
  const entries = [...xml.matchAll(/<Ccy>([A-Z]{3})<\/Ccy>[\s\S]*?<CcyMnrUnts>([^<]*)</g)];
  assert.ok(entries.length > 200);
  let notApplicable = 0;
  for (const [, code, minor] of entries) {
    if (minor === "N.A.") {
      notApplicable += 1;
      assert.equal(currencyExponent(code), undefined, code);
    } else {
      assert.equal(currencyExponent(code), Number(minor), code);
    }
  }
  assert.ok(notApplicable >= 13);
});

Deno.test("currencyCodes() lists every accepted code once, sorted and frozen", () => {
  const list = currencyCodes();
  assert.ok(Object.isFrozen(list));
  assert.deepEqual([...list], [...new Set(list)].sort());
  assert.ok(list.includes("EUR") && list.includes("JPY") && list.includes("BHD"));
  assert.ok(!list.includes("XAU") && !list.includes("XXX"));
  for (const code of list) assert.equal(isCurrency(code), true, code);
  assert.equal(list.length, codes.codes().length - 13);
});

Deno.test("currency_table.ts is what _currency_table_source.ts makes of currency-codes", () => {
  const table = Deno.readTextFileSync(new URL("./currency_table.ts", import.meta.url));
  assert.equal(
    table,
    currencyTableSource(),
    "regenerate: deno run --allow-write=domain/money domain/money/_currency_table_source.ts",
  );
});

Deno.test("currencyExponent() gives exactly the digits of currency-codes, N.A. codes left out", () => {
  const expected = codes.data.filter((r) => !NO_MINOR_UNIT.has(r.code));
  assert.deepEqual([...currencyCodes()], expected.map((r) => r.code).sort());
  for (const r of expected) assert.equal(currencyExponent(r.code), r.digits, r.code);
});
