import assert from "node:assert/strict";
import { SheetRefusal } from "./sheet.ts";
import { isSpliitHeader, spliitItem, spliitPeople } from "./spliit.ts";

const HEADER = [
  "Date",
  "Description",
  "Category",
  "Currency",
  "Cost",
  "Is Reimbursement",
  "Split mode",
  "Ana",
  'Bruno, "B"',
  "Zoë",
];

function refusal(f: () => unknown): SheetRefusal {
  try {
    f();
  } catch (e) {
    if (e instanceof SheetRefusal) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

Deno.test("Spliit rows: the payer is owed the others' shares; rounding lands on the payer", () => {
  assert.ok(isSpliitHeader(HEADER));
  const people = spliitPeople(HEADER, 1);
  const row = (cells: string[]) => spliitItem(cells, 2, people, null);
  const pizza = row([
    "2026-04-01",
    "Pizza",
    "Food",
    "€",
    "10.00",
    "No",
    "Evenly",
    "3.33",
    "-3.33",
    "-3.33",
  ]);
  assert.deepEqual(pizza.kind === "row" && [pizza.row.currency, pizza.row.cost, pizza.row.nets], [
    "EUR",
    1000n,
    [666n, -333n, -333n],
  ]);
  // The payer had no share: the one zero column.
  const gift = row(["2026-04-02", "Gift", "", "EUR", "10", "No", "Evenly", "-6", "-4", "0"]);
  assert.deepEqual(gift.kind === "row" && gift.row.nets, [-600n, -400n, 1000n]);
  const e = refusal(() =>
    row(["2026-04-03", "Back", "", "$", "5", "Yes", "Evenly", "-5", "0", "0"])
  );
  assert.equal(e.code, "csv.bad_row");
  const usd = spliitItem(["2026-04-03", "Back", "", "$", "5", "Yes", "Evenly", "-5", "5"], 3, [
    "A",
    "B",
  ], null);
  assert.deepEqual(usd.kind === "row" && [usd.row.currency, usd.row.payment, usd.row.nets], [
    "USD",
    true,
    [-500n, 500n],
  ]);
  assert.equal(
    refusal(() => row(["2026-04-03", "x", "", "¤", "5", "No", "Evenly", "-5", "5", "0"])).code,
    "csv.malformed",
  );
});
