/**
 * A Splitwise group export imported through `POST /v1/imports` of an
 * all-in-one Kopek (ADR 0054): a file built from the published format
 * (BOM, CRLF, quoted names and descriptions with commas, quotes and
 * accents, payments, three people, a row in another currency with its
 * rate, the `Total balance` rows) becomes a group whose balances equal the
 * total row; a malformed file, a missing rate and an unknown `me` are
 * refused with a 422 naming the line or the column.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { importDump, KopekClient, startForTest } from "@kopek/testing";

const CSV = { "content-type": "text/csv; charset=utf-8" };
const ANNA = 'Anna "Boss", Smith';

/** The export, line by line (line 1 is the header). */
const LINES = [
  `Date,Description,Category,Cost,Currency,José García,"Anna ""Boss"", Smith",Zoë`,
  `2026-03-01,"Dîner, café ""Le Zinc""",Dining out,90.00,EUR,60.00,-30.00,-30.00`,
  `2026-03-02,Taxi,Taxi,25.50,EUR,-8.50,17.00,-8.50`,
  `2026-03-03,Zoë paid José García,Payment,30.00,EUR,-30.00,0.00,30.00`,
  `2026-03-04,Musée,Entertainment,40.00,USD,-20.00,0.00,20.00`,
  `2026-03-05,Épicerie,Groceries,10.00,EUR,5.00,5.00,-10.00`,
  ``,
  `2026-03-06,Total balance, ,,EUR,26.50,-8.00,-18.50`,
  `2026-03-06,Total balance, ,,USD,-20.00,0.00,20.00`,
];
const FILE = "\uFEFF" + LINES.join("\r\n") + "\r\n";

type Money = { amount: string; currency: string };

async function balancesByName(api: KopekClient, groupId: string, position: number) {
  const min = { "kopek-min-position": String(position) };
  const group = (await api.get(`/v1/groups/${groupId}`, min)).body as {
    name: string;
    currency: string;
    members: { id: string; name: string; role: string; userId?: string | null }[];
  };
  const names = new Map(group.members.map((m) => [m.id, m.name]));
  const b = (await api.get(`/v1/groups/${groupId}/balances`, min)).body as {
    currency: string;
    members: { memberId: string; balance: Money }[];
  };
  return {
    group,
    balances: Object.fromEntries(b.members.map((m) => [names.get(m.memberId), m.balance.amount])),
  };
}

Deno.test("a Splitwise export imports to a group whose balances equal its total row", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
  try {
    const api = new KopekClient(running.url);
    const { client: zoe } = await api.register("zoe@example.com", "Zoe");
    const query = `?format=splitwise&me=${encodeURIComponent("Zoë")}&rate.USD=0.90&name=Lisbon`;
    const job = await importDump(zoe, FILE, CSV, query);
    assert.equal(job.status, "done", JSON.stringify(job));
    const groups = job.groups as { id: string; name: string }[];
    assert.deepEqual(groups.map((g) => g.name), ["Lisbon"]);
    const { group, balances } = await balancesByName(zoe, groups[0].id, job.position as number);
    assert.equal(group.currency, "EUR");
    assert.deepEqual(
      group.members.map((m) => [m.name, m.role]),
      [["Zoë", "owner"], ["José García", "member"], [ANNA, "member"]],
    );
    // The EUR total row, plus the USD row at 0.90: José −18.00, Zoë +18.00.
    assert.deepEqual(balances, { "Zoë": "-0.50", "José García": "8.50", [ANNA]: "-8.00" });

    // Detected from the header, without format=; the importer is a member of their own.
    const plain = await importDump(zoe, FILE, CSV, "?rate.USD=0.90");
    assert.equal(plain.status, "done", JSON.stringify(plain));
    const other = await balancesByName(
      zoe,
      (plain.groups as { id: string }[])[0].id,
      plain.position as number,
    );
    assert.deepEqual(other.group.members.map((m) => m.name), ["Me", "José García", ANNA, "Zoë"]);
    assert.equal(other.balances["Me"], "0.00");
  } finally {
    await running.stop();
  }
});

Deno.test("a malformed export, a missing rate, an unknown me: 422 naming the line or column", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
  try {
    const api = new KopekClient(running.url);
    const { client: zoe } = await api.register("zoe@example.com", "Zoe");
    const refused = async (file: string, query: string) => {
      const job = await importDump(zoe, file, CSV, query);
      assert.equal(job.status, "refused", JSON.stringify(job));
      const p = job.problem as { status: number; code: string; detail: string };
      assert.equal(p.status, 422);
      return p;
    };
    const bad = [...LINES];
    bad[2] = `2026-03-02,Taxi,Taxi,25.50,EUR,-8.5O,17.00,-8.50`;
    const malformed = await refused(bad.join("\n"), "?rate.USD=0.90");
    assert.equal(malformed.code, "csv.malformed");
    assert.match(malformed.detail, /^line 3: José García: /);

    const unbalanced = [...LINES];
    unbalanced[2] = `2026-03-02,Taxi,Taxi,25.50,EUR,-8.50,17.00,-8.49`;
    const sum = await refused(unbalanced.join("\n"), "?rate.USD=0.90");
    assert.equal(sum.code, "csv.bad_row");
    assert.match(sum.detail, /^line 3: /);

    const total = [...LINES];
    total[7] = `2026-03-06,Total balance, ,,EUR,26.50,-8.01,-18.49`;
    const mismatch = await refused(total.join("\n"), "?rate.USD=0.90");
    assert.equal(mismatch.code, "csv.total_mismatch");
    assert.match(mismatch.detail, /^line 8: Anna/);

    const quote = await refused(LINES.slice(0, 3).join("\n") + '\n2026-03-03,"open,Payment', "");
    assert.equal(quote.code, "csv.malformed");
    assert.match(quote.detail, /^line 4: /);

    const rate = await refused(FILE, "");
    assert.equal(rate.code, "csv.rate_missing");
    assert.match(rate.detail, /^line 5: .*rate\.USD/);

    const me = await refused(FILE, "?rate.USD=0.9&me=Zoe");
    assert.equal(me.code, "csv.unknown_person");
    assert.match(me.detail, /me=Zoe/);

    const notSplitwise = await refused("a,b\n1,2\n", "");
    assert.equal(notSplitwise.code, "csv.malformed");
    assert.match(notSplitwise.detail, /^line 1: /);

    // Bad parameters answer at once, before anything is stored.
    for (const q of ["?format=excel", "?rate.XXX=1", "?rate.USD=-1", "?who=me"]) {
      const a = await zoe.request("POST", `/v1/imports${q}`, FILE, CSV);
      assert.equal(a.status, 422, `${q}: ${JSON.stringify(a.body)}`);
      assert.equal(a.body.code, "validation");
    }
  } finally {
    await running.stop();
  }
});

/** A Spliit export as its CSV route writes it (json2csv: strings quoted, numbers bare, a BOM). */
const SPLIIT = "\uFEFF" + [
  `"Date","Description","Category","Currency","Cost","Is Reimbursement","Split mode","Ana","Bruno, ""B""","Zoë"`,
  `"2026-04-01","Pizza, ""Napoli""","Food and Drink","€","10.00","No","Evenly",3.33,-3.33,-3.33`,
  `"2026-04-02","Train","Transportation","€","10.00","No","Unevenly – By amount",-3,5,-2`,
  `"2026-04-03","Cadeau","Gifts","€","10.00","No","Evenly",-6,-4,0`,
].join("\n");

Deno.test("a Spliit export imports: the payer is owed the others' shares", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const job = await importDump(ana, SPLIIT, CSV, "?me=Ana&name=Spliit");
    assert.equal(job.status, "done", JSON.stringify(job));
    const id = (job.groups as { id: string }[])[0].id;
    const { group, balances } = await balancesByName(ana, id, job.position as number);
    assert.equal(group.currency, "EUR");
    assert.deepEqual(balances, { "Ana": "-2.34", 'Bruno, "B"': "-2.33", "Zoë": "4.67" });
  } finally {
    await running.stop();
  }
});

/** A Tricount export (the columns t0ma5/spl1t `src/lib/tricount-import.ts` reads), line by line. */
const TRICOUNT = [
  "Title,Amount,Currency,Exchange rate,Amount in default currency (EUR),Category,Date & time," +
  'Paid by José,"Paid by Anna ""Boss"", Smith",Paid by Zoë,Impacted to José,' +
  '"Impacted to Anna ""Boss"", Smith",Impacted to Zoë',
  '"Dîner, vin",90.00,EUR,1,90.00,Food & drink,2026-03-01 20:15:00,90.00,,,-30.00,-30.00,-30.00',
  '"Taxi ""aéroport""",50.00,USD,0.9,45.00,Transport,2026-03-02 08:00:00,,45.00,,-22.50,-22.50,',
  "Transfer to Anna,30.00,EUR,1,30.00,,2026-03-03 10:00:00,,,30.00,,-30.00,",
  "",
  "tricount Lisboa - Exported on 2026-03-05,,,,,,,,,,,,",
  "Bad,1.00,EUR,1,1.00,,2026-03-06,1.00",
];

Deno.test("a Tricount export imports: shares in its default currency, a transfer settles", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const file = "\uFEFF" + TRICOUNT.slice(0, -1).join("\r\n") + "\r\n";
    // Detected from the header; no rate: Tricount's figures are already in EUR.
    const job = await importDump(ana, file, CSV, `?me=${encodeURIComponent(ANNA)}&name=Lisboa`);
    assert.equal(job.status, "done", JSON.stringify(job));
    const id = (job.groups as { id: string }[])[0].id;
    const { group, balances } = await balancesByName(ana, id, job.position as number);
    assert.equal(group.currency, "EUR");
    // José +60 -22.50; Anna -30 +22.50 -30; Zoë -30 +30.
    assert.deepEqual(balances, { "José": "37.50", [ANNA]: "-37.50", "Zoë": "0.00" });
    const events = (await ana.get(`/v1/groups/${id}/events`, {
      "kopek-min-position": String(job.position),
    })).body;
    // The transfer is a settlement (Zoë to Anna), not an expense.
    assert.equal(JSON.stringify(events).match(/"SettlementRecorded"/g)?.length, 1);
    // A short row after the trailer: refused naming its line.
    const bad = TRICOUNT.join("\r\n") + "\r\n";
    const refused = await importDump(ana, bad, CSV, "?format=tricount");
    assert.equal(refused.status, "refused", JSON.stringify(refused));
    const p = refused.problem as { status: number; code: string; detail: string };
    assert.deepEqual([p.status, p.code], [422, "csv.malformed"]);
    assert.match(p.detail, /^line 7: 8 columns/);
  } finally {
    await running.stop();
  }
});
