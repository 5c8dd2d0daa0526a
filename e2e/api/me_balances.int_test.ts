/**
 * `GET /v1/me/balances` end to end on real PostgreSQL: Ana's settle-up
 * transfers across two EUR groups and one JPY group, a bound user (Ben) as one
 * person across groups, a placeholder per group, the totals per currency; a
 * hostile user (Eve) with groups of her own, who shares one with Ben, sees
 * only her own and never Ana's; a removed member's groups drop out.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, type KopekClient as Client, startForTest } from "@kopek/testing";

const money = (amount: string, currency = "EUR") => ({ amount, currency });

async function expense(
  client: Client,
  g: string,
  payer: string,
  amount: string,
  shares: string[],
  currency = "EUR",
) {
  const a = await client.post(`/v1/groups/${g}/expenses`, {
    description: "Spent",
    total: { amount, currency },
    date: "2026-12-01",
    paidBy: [{ memberId: payer, amount }],
    split: { mode: "equal", shares: shares.map((memberId) => ({ memberId })) },
  });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  return a.body.position as number;
}

async function join(owner: Client, invitee: Client, g: string): Promise<string> {
  const invite = await owner.post(`/v1/groups/${g}/invites`, { role: "member" });
  const accepted = await invitee.post(`/v1/invites/${invite.body.code}/accept`, undefined);
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  return accepted.body.id;
}

Deno.test("me/balances: per person and currency across groups, only the caller's", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: ben, userId: benId } = await api.register("ben@example.com", "Ben");
    const { client: eve } = await api.register("eve@example.com", "Eve");

    // Trip (EUR): Ana paid 90 for Ana, Ben and the placeholder Cid: Ben and Cid owe her 30 each.
    const trip = await ana.post("/v1/groups", { name: "Trip", currency: "EUR" });
    const t = trip.body.id;
    const benT = await join(ana, ben, t);
    const cid = await ana.post(`/v1/groups/${t}/members`, { name: "Cid", role: "member" });
    await expense(ana, t, trip.body.memberId, "90.00", [trip.body.memberId, benT, cid.body.id]);
    // Flat (EUR, Ben's): Ben paid 40 for himself and Ana: Ana owes Ben 20.
    const flat = await ben.post("/v1/groups", { name: "Flat", currency: "EUR" });
    const f = flat.body.id;
    const anaF = await join(ben, ana, f);
    await expense(ben, f, flat.body.memberId, "40.00", [flat.body.memberId, anaF]);
    // Tokyo (JPY): Ben paid 1000 for both: Ana owes Ben 500 JPY.
    const tokyo = await ana.post("/v1/groups", { name: "Tokyo", currency: "JPY" });
    const k = tokyo.body.id;
    const benK = await join(ana, ben, k);
    let last = await expense(ben, k, benK, "1000", [tokyo.body.memberId, benK], "JPY");
    // Eve's own group with Ben: Ben owes Eve 5. Nothing of it is Ana's.
    const eves = await eve.post("/v1/groups", { name: "Eve's", currency: "EUR" });
    const benE = await join(eve, ben, eves.body.id);
    last = await expense(eve, eves.body.id, eves.body.memberId, "10.00", [
      eves.body.memberId,
      benE,
    ]);
    const at = { "Kopek-Min-Position": String(last) };

    const mine = await ana.get("/v1/me/balances", at);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    // deno-lint-ignore no-explicit-any
    const byName = (items: any[]): Record<string, any> =>
      Object.fromEntries(items.map((i) => [`${i.person.name} ${i.currency}`, i]));
    const items = byName(mine.body.items);
    assert.deepEqual(Object.keys(items).sort(), ["Ben EUR", "Ben JPY", "Cid EUR"]);
    // Ben: one person across Trip and Flat (by user id): owed 30, owes 20, net +10.
    assert.deepEqual(items["Ben EUR"], {
      person: { userId: benId, memberId: null, name: "Ben" },
      currency: "EUR",
      owes: money("20.00"),
      owed: money("30.00"),
      net: money("10.00"),
      groups: [
        { groupId: f, name: "Flat", amount: money("-20.00") },
        { groupId: t, name: "Trip", amount: money("30.00") },
      ],
    });
    assert.deepEqual(items["Ben JPY"].net, money("-500", "JPY"));
    // Cid: a placeholder of Trip.
    assert.deepEqual(items["Cid EUR"].person, { userId: null, memberId: cid.body.id, name: "Cid" });
    assert.deepEqual(mine.body.totals, [
      { currency: "EUR", owes: money("20.00"), owed: money("60.00"), net: money("40.00") },
      {
        currency: "JPY",
        owes: money("500", "JPY"),
        owed: money("0", "JPY"),
        net: money("-500", "JPY"),
      },
    ]);
    assert.deepEqual([mine.body.groups, mine.body.truncated], [3, false]);

    // Eve: only her own group; nothing of Ana's groups, ids or names.
    const hers = await eve.get("/v1/me/balances", at);
    assert.equal(hers.status, 200);
    assert.equal(hers.body.groups, 1);
    assert.deepEqual(hers.body.items.map((i: { person: { name: string } }) => i.person.name), [
      "Ben",
    ]);
    const text = JSON.stringify(hers.body);
    for (const secret of [t, f, k, "Trip", "Flat", "Tokyo", "Cid", "Ana"]) {
      assert.ok(!text.includes(secret), `Eve's answer names ${secret}`);
    }
    // No query parameter is taken (a group id smuggled in is a 422), and no token is a 401.
    assert.equal((await eve.get(`/v1/me/balances?groupId=${t}`)).status, 422);
    assert.equal((await api.get("/v1/me/balances")).status, 401);

    // Settled in Tokyo, removed from it: Ben's JPY line is gone for both.
    const paid = await ana.post(`/v1/groups/${k}/settlements`, {
      from: tokyo.body.memberId,
      to: benK,
      amount: money("500", "JPY"),
      date: "2026-12-02",
    });
    assert.equal(paid.status, 201);
    const removed = await ben.delete(`/v1/groups/${k}/members/${benK}`);
    // Ben is a member (not an admin): only Ana, the owner, may remove him.
    assert.equal(removed.status, 403);
    const gone = await ana.delete(`/v1/groups/${k}/members/${benK}`);
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
    const now = { "Kopek-Min-Position": String(gone.body.position) };
    const after = await ana.get("/v1/me/balances", now);
    assert.deepEqual(Object.keys(byName(after.body.items)).sort(), ["Ben EUR", "Cid EUR"]);
    const bens = await ben.get("/v1/me/balances", now);
    assert.equal(bens.body.groups, 3);
    assert.ok(!JSON.stringify(bens.body).includes("Tokyo"));
  } finally {
    await running.stop();
  }
});

Deno.test("me/balances: a group that does not simplify debts counts its pairwise plan", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    // Ana paid 30 for Bo; Bo paid 30 for Cy (both placeholders). Simplified, Cy pays Ana 30 and Bo
    // is out; pair by pair (ADR 0052), Bo pays Ana 30 and Cy pays Bo 30.
    const g = await ana.post("/v1/groups", { name: "Pairs", currency: "EUR" });
    const id = g.body.id;
    const bo = (await ana.post(`/v1/groups/${id}/members`, { name: "Bo", role: "member" })).body.id;
    const cy = (await ana.post(`/v1/groups/${id}/members`, { name: "Cy", role: "member" })).body.id;
    await expense(ana, id, g.body.memberId, "30.00", [bo]);
    let last = await expense(ana, id, bo, "30.00", [cy]);
    // deno-lint-ignore no-explicit-any
    const counterparts = (body: any) =>
      // deno-lint-ignore no-explicit-any
      body.items.map((i: any) => `${i.person.name} ${i.net.amount}`).sort();

    const simplified = await ana.get("/v1/me/balances", { "Kopek-Min-Position": String(last) });
    assert.equal(simplified.status, 200, JSON.stringify(simplified.body));
    assert.deepEqual(counterparts(simplified.body), ["Cy 30.00"]);

    const off = await ana.patch(`/v1/groups/${id}`, { simplifyDebts: false });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    last = off.body.position;
    const at = { "Kopek-Min-Position": String(last) };
    const pairwise = await ana.get("/v1/me/balances", at);
    assert.equal(pairwise.status, 200, JSON.stringify(pairwise.body));
    assert.deepEqual(counterparts(pairwise.body), ["Bo 30.00"]);
    // The same transfers as the group's own balances route.
    const balances = await ana.get(`/v1/groups/${id}/balances`, at);
    assert.deepEqual(
      balances.body.settleUp.filter((t: { to: string }) => t.to === g.body.memberId),
      [{ from: bo, to: g.body.memberId, amount: { amount: "30.00", currency: "EUR" } }],
    );
  } finally {
    await running.stop();
  }
});
