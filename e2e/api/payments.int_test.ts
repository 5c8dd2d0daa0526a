/**
 * Payments (settlements) end to end on PostgreSQL: recorded, amended with
 * `PUT` and `If-Match` (and as a `settlement.amend` sync command), voided;
 * the balances, the list (`kind=settlement`), one settlement, the activity,
 * `export.csv` (its `kind` column) and an export imported again all follow.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { importDump, KopekClient, startForTest } from "@kopek/testing";

/** Exports the group, imports the dump as a new group; answers its balances by member name. */
async function importedBalances(
  ana: KopekClient,
  url: string,
  path: string,
): Promise<Record<string, string>> {
  const dump = await (await fetch(`${url}${path}/export.sql`, {
    headers: { authorization: `Bearer ${ana.token}` },
  })).text();
  const imported = await importDump(ana, dump);
  assert.equal(imported.status, "done", JSON.stringify(imported));
  const [copy] = imported.groups as { id: string }[];
  const wait = { "kopek-min-position": String(imported.position) };
  const members = (await ana.get(`/v1/groups/${copy.id}`, wait)).body.members as {
    id: string;
    name: string;
  }[];
  const names = new Map(members.map((m) => [m.id, m.name]));
  const copied = (await ana.get(`/v1/groups/${copy.id}/balances`, wait)).body.members as {
    memberId: string;
    balance: { amount: string };
  }[];
  return Object.fromEntries(copied.map((m) => [names.get(m.memberId), m.balance.amount]));
}

Deno.test("a payment amended and voided moves balances, the list, the activity, the CSV and an import", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const g = (await ana.post("/v1/groups", { name: "Flat", currency: "EUR" })).body;
    const path = `/v1/groups/${g.id}`;
    const anaId = g.memberId as string;
    const bob = (await ana.post(`${path}/members`, { name: "Bob", role: "member" })).body
      .id as string;
    const cid = (await ana.post(`${path}/members`, { name: "Cid", role: "member" })).body
      .id as string;
    const dinner = await ana.post(`${path}/expenses`, {
      description: "Dinner",
      total: { amount: "90.00", currency: "EUR" },
      date: "2026-11-01",
      paidBy: [{ memberId: anaId, amount: "90.00" }],
      split: { mode: "equal", shares: [anaId, bob, cid].map((memberId) => ({ memberId })) },
    });
    assert.equal(dinner.status, 201);
    const payment = (from: string, amount: string, note?: string) => ({
      from,
      to: anaId,
      amount: { amount, currency: "EUR" },
      date: "2026-11-02",
      ...(note === undefined ? {} : { note }),
    });
    let position = 0;
    const at = () => ({ "kopek-min-position": String(position) });
    const balances = async () =>
      Object.fromEntries(
        ((await ana.get(`${path}/balances`, at())).body.members as {
          memberId: string;
          balance: { amount: string };
        }[]).map((m) => [m.memberId, m.balance.amount]),
      );
    const csv = async () => {
      const res = await fetch(`${running.url}${path}/export.csv`, {
        headers: { authorization: `Bearer ${ana.token}`, ...at() },
      });
      assert.equal(res.status, 200);
      return (await res.text()).trim().split("\r\n");
    };

    const recorded = await ana.post(`${path}/settlements`, payment(bob, "20.00"));
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    const s = recorded.body.id as string;
    position = recorded.body.position;
    assert.deepEqual(await balances(), { [anaId]: "40.00", [bob]: "-10.00", [cid]: "-30.00" });

    // Amend: If-Match is checked, the whole body replaced.
    const amended = await ana.put(`${path}/settlements/${s}`, payment(bob, "30.00", "all of it"), {
      "if-match": '"1"',
    });
    assert.equal(amended.status, 200, JSON.stringify(amended.body));
    assert.equal(amended.body.version, 2);
    assert.equal(amended.headers.get("etag"), '"2"');
    position = amended.body.position;
    const stale = await ana.put(`${path}/settlements/${s}`, payment(bob, "35.00"), {
      "if-match": '"1"',
    });
    assert.equal(stale.status, 412);
    const bad = await ana.put(`${path}/settlements/${s}`, payment(anaId, "5.00"));
    assert.equal(bad.status, 422);
    const missing = await ana.put(`${path}/settlements/${crypto.randomUUID()}`, payment(bob, "1"));
    assert.equal(missing.status, 404);
    assert.deepEqual(await balances(), { [anaId]: "30.00", [bob]: "0.00", [cid]: "-30.00" });
    const one = await ana.get(`${path}/settlements/${s}`, at());
    assert.equal(one.body.version, 2);
    assert.equal(one.headers.get("etag"), '"2"');
    assert.equal(one.body.amount.amount, "30.00");
    assert.equal(one.body.note, "all of it");

    // The same command from an offline client: Cid paid, not Bob.
    const synced = await ana.post("/v1/sync", {
      commands: [{
        id: crypto.randomUUID(),
        type: "settlement.amend",
        groupId: g.id,
        body: { settlementId: s, ifMatch: '"2"', ...payment(cid, "30.00", "Cid, in fact") },
      }],
    });
    assert.equal(synced.status, 200, JSON.stringify(synced.body));
    assert.equal(synced.body.results[0].status, 200, JSON.stringify(synced.body));
    position = synced.body.results[0].result.position;
    assert.deepEqual(await balances(), { [anaId]: "30.00", [bob]: "-30.00", [cid]: "0.00" });
    const list = (await ana.get(`${path}/expenses?kind=settlement`, at())).body.items;
    assert.equal(list.length, 1);
    assert.equal(list[0].from, cid);
    assert.equal(list[0].version, 3);

    const activity = (await ana.get(`${path}/activity`, at())).body.items as {
      text: string;
      changes: { field: string; from: unknown; to: unknown }[] | null;
    }[];
    // Each amendment says what it changed: who paid and the note; then the amount and the note.
    assert.equal(
      activity[0].text,
      "Ana changed a payment (now Cid paid Ana 30.00 EUR): who paid, note",
    );
    assert.deepEqual(activity[0].changes, [
      { field: "payer", from: null, to: null },
      { field: "note", from: "all of it", to: "Cid, in fact" },
    ]);
    assert.deepEqual(activity[1].changes?.find((c) => c.field === "amount")?.to, {
      amount: "30.00",
      currency: "EUR",
    });

    // The CSV: the payment in the expense columns, with its kind (and no items, ADR 0050).
    const rows = await csv();
    assert.equal(rows[0].split(",").at(-2), "kind");
    assert.equal(rows.length, 3);
    assert.equal(
      rows[1],
      `${s},2026-11-02,Cid paid Ana,,30.00,EUR,30.00,EUR,,Cid 30.00,Ana 30.00,"Cid, in fact",settlement,`,
    );
    assert.match(rows[2], /,Dinner,other,90\.00,EUR,.*,expense,$/);

    // The export imported again: the replay decides the amends again, to the same balances.
    assert.deepEqual(await importedBalances(ana, running.url, path), {
      Ana: "30.00",
      Bob: "-30.00",
      Cid: "0.00",
    });

    // Void: the payment leaves the balances, the list and the CSV.
    const voided = await ana.delete(`${path}/settlements/${s}`, { "if-match": '"3"' });
    assert.equal(voided.status, 200);
    position = voided.body.position;
    assert.deepEqual(await balances(), { [anaId]: "60.00", [bob]: "-30.00", [cid]: "-30.00" });
    assert.deepEqual((await ana.get(`${path}/expenses?kind=settlement`, at())).body.items, []);
    assert.equal((await csv()).length, 2);
    const afterVoid = await ana.put(`${path}/settlements/${s}`, payment(bob, "1.00"));
    assert.equal(afterVoid.status, 409);
  } finally {
    await running.stop();
  }
});
