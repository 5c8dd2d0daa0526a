/**
 * Payments people can make, end to end on real PostgreSQL (ADR 0052): a
 * member sets their payment handles, an admin a placeholder's, the group
 * reads them, refusals (someone else's handles, a bad IBAN, too many, a
 * stale If-Match), account deletion clears them; debt simplification turned
 * off gives the pairwise plan in the balances (now and as of an instant),
 * which clears every balance.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

const PASSWORD = "correct horse battery staple";
const IBAN = { kind: "iban", iban: "DE89 3704 0044 0532 0130 00", name: "Ben Builder" };

interface Money {
  amount: string;
  currency: string;
}

Deno.test("payment handles: set, read, refuse, clear on account deletion", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: ben } = await api.register("ben@example.com", "Ben");
    const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
    const g = group.body.id as string;
    const benMember = (await ana.post(`/v1/groups/${g}/members`, {
      name: "Ben",
      email: "ben@example.com",
      role: "member",
    })).body.id as string;
    const cem = (await ana.post(`/v1/groups/${g}/members`, { name: "Cem", role: "member" })).body
      .id as string;
    const path = (m: string) => `/v1/groups/${g}/members/${m}/payment-handles`;

    // Ben sets his own: the IBAN comes back normalized, version 1.
    const set = await ben.put(path(benMember), {
      handles: [IBAN, { kind: "paypal", username: "benb" }],
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.handles, [
      { kind: "iban", iban: "DE89370400440532013000", name: "Ben Builder", bic: null },
      { kind: "paypal", username: "benb" },
    ]);
    assert.equal(set.body.version, 1);
    assert.equal(set.headers.get("etag"), '"1"');

    // The owner may not set Ben's, but may set the placeholder Cem's; Ben may not set Cem's.
    const foreign = await ana.put(path(benMember), { handles: [] });
    assert.equal(foreign.status, 403, JSON.stringify(foreign.body));
    assert.equal((await ben.put(path(cem), { handles: [] })).status, 403);
    const placeholder = await ana.put(path(cem), {
      handles: [{ kind: "upi", vpa: "cem@okaxis" }, { kind: "text", text: "cash at home" }],
    }, { "If-Match": '"0"' });
    assert.equal(placeholder.status, 200, JSON.stringify(placeholder.body));

    // Bad input is a 422 naming the field; a stale If-Match a 412.
    const badIban = await ben.put(path(benMember), {
      handles: [{ ...IBAN, iban: "DE89370400440532013001" }],
    });
    assert.equal(badIban.status, 422);
    assert.equal(badIban.body.code, "validation");
    const six = Array.from({ length: 6 }, () => ({ kind: "paypal", username: "benb" }));
    assert.equal((await ben.put(path(benMember), { handles: six })).status, 422);
    assert.equal((await ben.put(path(benMember), { handles: [{ kind: "venmo" }] })).status, 422);
    const stale = await ben.put(path(benMember), { handles: [] }, { "If-Match": '"0"' });
    assert.equal(stale.status, 412);
    assert.equal(stale.body.code, "version.stale");

    // Every member reads them.
    const read = await ben.get(`/v1/groups/${g}/payment-handles`, {
      "Kopek-Min-Position": String(placeholder.body.position),
    });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    const items = read.body.items as { memberId: string; handles: unknown[]; version: number }[];
    assert.deepEqual(items.map((i) => i.memberId).sort(), [benMember, cem].sort());
    assert.equal(items.find((i) => i.memberId === benMember)!.handles.length, 2);
    const { client: zed } = await api.register("zed@example.com", "Zed");
    assert.equal((await zed.get(`/v1/groups/${g}/payment-handles`)).status, 404);

    // The activity says that they changed, never what they are.
    const activity = await ana.get(`/v1/groups/${g}/activity`, {
      "Kopek-Min-Position": String(placeholder.body.position),
    });
    const texts = (activity.body.items as { text: string }[]).map((i) => i.text);
    assert.ok(texts.includes("Ben set the payment details of Ben (2 ways to pay)"), texts.join());
    assert.ok(!JSON.stringify(activity.body).includes("DE89"));

    // Ben deletes his account: his member stays, his handles go.
    const deleted = await ben.request("DELETE", "/v1/me", { password: PASSWORD });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    assert.equal(typeof deleted.body.position, "number");
    const after = await ana.get(`/v1/groups/${g}/payment-handles`, {
      "Kopek-Min-Position": String(deleted.body.position),
    });
    const benAfter = (after.body.items as { memberId: string; handles: unknown[] }[])
      .find((i) => i.memberId === benMember);
    assert.deepEqual(benAfter?.handles ?? [], []);
  } finally {
    await running.stop();
  }
});

Deno.test("debt simplification off: the plan pays each pair's net debt", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const group = await ana.post("/v1/groups", { name: "Trip", currency: "EUR" });
    const g = group.body.id as string;
    const a = group.body.memberId as string;
    const add = async (name: string) =>
      (await ana.post(`/v1/groups/${g}/members`, { name, role: "member" })).body.id as string;
    const b = await add("Ben");
    const c = await add("Cem");
    const expense = (payer: string, amount: string, sharers: string[]) =>
      ana.post(`/v1/groups/${g}/expenses`, {
        description: "Bill",
        total: { amount, currency: "EUR" },
        date: "2026-12-01",
        paidBy: [{ memberId: payer, amount }],
        split: { mode: "equal", shares: sharers.map((memberId) => ({ memberId })) },
      });
    // Ben owes Ana 30, Cem owes Ben 30: simplified, Cem pays Ana 30; pairwise, two transfers.
    assert.equal((await expense(a, "30.00", [b])).status, 201);
    const last = await expense(b, "30.00", [c]);
    assert.equal(last.status, 201);

    const balances = (min: number) =>
      ana.get(`/v1/groups/${g}/balances`, { "Kopek-Min-Position": String(min) });
    const simplified = await balances(last.body.position as number);
    assert.equal(simplified.body.simplifyDebts, true);
    assert.deepEqual(simplified.body.settleUp, [
      { from: c, to: a, amount: { amount: "30.00", currency: "EUR" } },
    ]);

    const off = await ana.patch(`/v1/groups/${g}`, { simplifyDebts: false });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal(off.body.simplifyDebts, false);
    const detail = await ana.get(`/v1/groups/${g}`, {
      "Kopek-Min-Position": String(off.body.position),
    });
    assert.equal(detail.body.simplifyDebts, false);
    const pairwise = await balances(off.body.position as number);
    assert.equal(pairwise.body.simplifyDebts, false);
    const plan = pairwise.body.settleUp as { from: string; to: string; amount: Money }[];
    assert.deepEqual(
      plan.map((t) => [t.from, t.to, t.amount.amount]).sort(),
      [[b, a, "30.00"], [c, b, "30.00"]].sort(),
    );
    // As of now, folded from the events: the same plan.
    const asOf = await ana.get(
      `/v1/groups/${g}/balances?asOf=${encodeURIComponent(new Date().toISOString())}`,
    );
    assert.deepEqual(asOf.body.settleUp, pairwise.body.settleUp);

    // Paying each transfer clears every balance.
    let position = 0;
    for (const t of plan) {
      const paid = await ana.post(`/v1/groups/${g}/settlements`, {
        from: t.from,
        to: t.to,
        amount: t.amount,
        date: "2026-12-02",
      });
      assert.equal(paid.status, 201, JSON.stringify(paid.body));
      position = paid.body.position as number;
    }
    const cleared = await balances(position);
    assert.deepEqual(cleared.body.settleUp, []);
    for (const m of cleared.body.members as { balance: Money }[]) {
      assert.equal(m.balance.amount, "0.00");
    }
    // Only owners and admins change the setting; a wrong type is a 422.
    assert.equal((await ana.patch(`/v1/groups/${g}`, { simplifyDebts: "no" })).status, 422);
  } finally {
    await running.stop();
  }
});
