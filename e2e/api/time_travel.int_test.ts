/**
 * Time travel through the API: the balances and the expense list as they
 * stood at an instant, folded from the events decided up to it, whatever
 * happened after (amends, voids, settlements, new expenses).
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

type Entry = {
  id: string;
  description: string;
  version: number;
  voided: boolean;
  total: { amount: string };
};

Deno.test("balances and the expense list as of an instant ignore everything after it", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const g = (await ana.post("/v1/groups", { name: "Flat", currency: "EUR" })).body;
    const path = `/v1/groups/${g.id}`;
    const bob = (await ana.post(`${path}/members`, { name: "Bob", role: "member" })).body
      .id as string;
    const expense = (description: string, amount: string) => ({
      description,
      total: { amount, currency: "EUR" },
      date: "2026-11-01",
      paidBy: [{ memberId: g.memberId, amount }],
      split: { mode: "equal", shares: [{ memberId: g.memberId }, { memberId: bob }] },
    });
    const rent = (await ana.post(`${path}/expenses`, expense("Rent", "800.00"))).body;
    const power = (await ana.post(`${path}/expenses`, expense("Power", "60.00"))).body;
    const then = new Date().toISOString();
    const expectedThen = {
      list: ["Power 60.00 v1", "Rent 800.00 v1"],
      balances: { [g.memberId]: "430.00", [bob]: "-430.00" },
    };
    await new Promise((r) => setTimeout(r, 20));
    await ana.put(`${path}/expenses/${rent.id}`, expense("Rent", "900.00"));
    await ana.delete(`${path}/expenses/${power.id}`);
    await ana.post(`${path}/expenses`, expense("Internet", "30.00"));
    const last = await ana.post(`${path}/settlements`, {
      from: bob,
      to: g.memberId,
      amount: { amount: "100.00", currency: "EUR" },
      date: "2026-11-02",
    });
    const wait = { "kopek-min-position": String(last.body.position) };

    const list = async (query: string) =>
      ((await ana.get(`${path}/expenses?${query}`, wait)).body.items as Entry[])
        .map((e) => `${e.description} ${e.total.amount} v${e.version}${e.voided ? " voided" : ""}`);
    const balances = async (query: string) =>
      Object.fromEntries(
        ((await ana.get(`${path}/balances?${query}`, wait)).body.members as {
          memberId: string;
          balance: { amount: string };
        }[]).map((m) => [m.memberId, m.balance.amount]),
      );

    const asOf = `asOf=${encodeURIComponent(then)}`;
    assert.deepEqual(await list(asOf), expectedThen.list);
    assert.deepEqual(await balances(asOf), expectedThen.balances);
    // Voided entries and filters work as on today's list.
    assert.deepEqual(await list(`${asOf}&includeVoided=true&limit=1`), ["Power 60.00 v1"]);
    assert.deepEqual(await list(`${asOf}&kind=settlement`), []);
    // Today, and as of now: the same list and balances as the read models.
    const now = `asOf=${encodeURIComponent(new Date().toISOString())}`;
    assert.deepEqual(await list("includeVoided=true"), [
      "Internet 30.00 v1",
      "Power 60.00 v2 voided",
      "Rent 900.00 v2",
    ]);
    assert.deepEqual(await list(`${now}&includeVoided=true`), await list("includeVoided=true"));
    assert.deepEqual(await balances(now), await balances(""));
    // Before the group existed: nothing.
    assert.deepEqual(await list("asOf=2000-01-01T00:00:00Z"), []);
    const q = await ana.get(`${path}/expenses?${asOf}&q=rent`);
    assert.equal(q.status, 422);
    assert.match(q.body.detail as string, /q cannot be combined with asOf/);
  } finally {
    await running.stop();
  }
});
