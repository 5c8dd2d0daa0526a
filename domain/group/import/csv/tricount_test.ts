import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { SheetRefusal } from "./sheet.ts";
import { isSpliitHeader } from "./spliit.ts";
import { isSplitwiseHeader } from "./splitwise.ts";
import { rowCommand } from "./row_command.ts";
import { isTricountHeader, tricountItem, tricountLayout, tricountPeople } from "./tricount.ts";

/**
 * A Tricount export as the parsers of it read it (t0ma5/spl1t `src/lib/tricount-import.ts`):
 * quotes, commas and accents in names and titles, three people, a foreign-currency row, a
 * transfer, an income, and the `tricount … - Exported on` line.
 */
export const TRICOUNT_EXPORT = [
  "Title,Amount,Currency,Exchange rate,Amount in default currency (EUR),Category,Date & time," +
  'Paid by José,"Paid by Anna ""Boss"", Smith",Paid by Zoë,Impacted to José,' +
  '"Impacted to Anna ""Boss"", Smith",Impacted to Zoë',
  '"Dîner, vin",90.00,EUR,1,90.00,Food & drink,2026-03-01 20:15:00,90.00,,,-30.00,-30.00,-30.00',
  '"Taxi ""aéroport""",50.00,USD,0.9,45.00,Transport,2026-03-02 08:00:00,,45.00,,-22.50,-22.50,',
  "Transfer to Anna,30.00,EUR,1,30.00,,2026-03-03 10:00:00,,,30.00,,-30.00,",
  "Cashback,-10.00,EUR,1,-10.00,,2026-03-04 09:00:00,-10.00,,,5.00,,5.00",
  "",
  "tricount Lisbon - Exported on 2026-03-05,,,,,,,,,,,,",
].join("\r\n") + "\r\n";

function refusal(f: () => unknown): SheetRefusal {
  try {
    f();
  } catch (e) {
    if (e instanceof SheetRefusal) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

Deno.test("a Tricount export reads to rows of nets in its default currency", () => {
  const records: string[][] = parse(TRICOUNT_EXPORT, { relax_column_count: true });
  const [header, ...rows] = records;
  assert.ok(isTricountHeader(header));
  assert.ok(!isSplitwiseHeader(header) && !isSpliitHeader(header));
  assert.deepEqual(tricountPeople(header, 1), ["José", 'Anna "Boss", Smith', "Zoë"]);
  const layout = tricountLayout(header, 1);
  assert.equal(layout.defaultCurrency, "EUR");
  const items = rows.map((r, i) => tricountItem(r, i + 2, layout, null));
  const got = items.map((it) =>
    it.kind === "row"
      ? [it.row.date, it.row.description, it.row.currency, it.row.payment, it.row.cost, it.row.nets]
      : it.kind
  );
  assert.deepEqual(got, [
    ["2026-03-01", "Dîner, vin", "EUR", false, 9000n, [6000n, -3000n, -3000n]],
    // In USD, but every figure is Tricount's conversion to EUR: no rate needed.
    ["2026-03-02", 'Taxi "aéroport"', "EUR", false, 4500n, [-2250n, 2250n, 0n]],
    ["2026-03-03", "Transfer to Anna", "EUR", true, 3000n, [0n, -3000n, 3000n]],
    // An income: José received 10 for the group, shared by José and Zoë: José owes Zoë 5.
    ["2026-03-04", "Cashback", "EUR", false, null, [-500n, 0n, 500n]],
    "blank",
    "blank",
  ]);
  // The transfer becomes a settlement from Zoë to Anna; the others expenses.
  const members = ["m-jose", "m-anna", "m-zoe"];
  const commands = items.flatMap((it) =>
    it.kind === "row" ? [rowCommand(it.row, { members, entryId: "e", fx: null })] : []
  );
  assert.deepEqual(commands.map((c) => c?.type), [
    "expense.record",
    "expense.record",
    "settlement.record",
    "expense.record",
  ]);
  const transfer = commands[2];
  assert.ok(transfer?.type === "settlement.record");
  assert.deepEqual([transfer.input.from, transfer.input.to, transfer.input.amount], [
    "m-zoe",
    "m-anna",
    { amount: "30.00", currency: "EUR" },
  ]);
});

Deno.test("Tricount refusals: a short row, a bad date, no default currency, a bad amount", () => {
  const records: string[][] = parse(TRICOUNT_EXPORT, { relax_column_count: true });
  const layout = tricountLayout(records[0], 1);
  const good = records[1];
  assert.equal(refusal(() => tricountItem(good.slice(1), 2, layout, null)).code, "csv.malformed");
  const badDate = good.map((c, i) => i === 6 ? "01/03/2026" : c);
  assert.match(refusal(() => tricountItem(badDate, 7, layout, null)).message, /^line 7: Date/);
  const badAmount = good.map((c, i) => i === 7 ? "90,00" : c);
  assert.equal(refusal(() => tricountItem(badAmount, 2, layout, null)).code, "csv.malformed");
  // No `Amount in default currency (<CUR>)`: currency= names it, or the row is refused.
  const bare = [
    "Title",
    "Amount",
    "Currency",
    "Date & time",
    "Paid by",
    "Impacted to A",
    "Impacted to B",
  ];
  const bareLayout = tricountLayout(bare, 1);
  const row = ["Bread", "4.00", "CHF", "2026-03-01", "A", "-2.00", "-2.00"];
  assert.equal(refusal(() => tricountItem(row, 2, bareLayout, null)).code, "csv.malformed");
  const read = tricountItem(row, 2, bareLayout, "CHF");
  assert.deepEqual(read.kind === "row" && [read.row.currency, read.row.nets], ["CHF", [
    200n,
    -200n,
  ]]);
  const stranger = ["Bread", "4.00", "CHF", "2026-03-01", "C", "-2.00", "-2.00"];
  assert.equal(refusal(() => tricountItem(stranger, 2, bareLayout, "CHF")).code, "csv.bad_row");
  assert.equal(
    refusal(() => tricountLayout(["Title", "Amount", "Currency", "Paid by"], 1)).code,
    "csv.malformed",
  );
});
