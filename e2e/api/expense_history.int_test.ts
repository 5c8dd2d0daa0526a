/**
 * `GET /v1/groups/{g}/expenses/{e}/history` end to end on real PostgreSQL:
 * every version of an expense, oldest first, with who made it and when, up to
 * the version the expense read shows; 404 for outsiders and unknown ids.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

Deno.test("expense history: each version with its actor, time and content, oldest first", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: bea } = await api.register("bea@example.com", "Bea");
    const { client: eve } = await api.register("eve@example.com", "Eve");
    const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
    const g = group.body.id;
    const anaMember = group.body.memberId;
    const invite = await ana.post(`/v1/groups/${g}/invites`, { role: "member" });
    const joined = await bea.post(`/v1/invites/${invite.body.code}/accept`, undefined);
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    const beaMember = joined.body.id;

    const body = {
      description: "Groceries",
      total: { amount: "40.00", currency: "EUR" },
      date: "2026-11-20",
      category: "groceries",
      paidBy: [{ memberId: anaMember, amount: "40.00" }],
      split: { mode: "equal", shares: [{ memberId: anaMember }, { memberId: beaMember }] },
    };
    const recorded = await ana.post(`/v1/groups/${g}/expenses`, body);
    assert.equal(recorded.status, 201);
    const e = recorded.body.id;
    // Something else in between: the history skips other events of the group.
    await ana.post(`/v1/groups/${g}/members`, { name: "Chen", role: "member" });
    const amended = await bea.put(
      `/v1/groups/${g}/expenses/${e}`,
      {
        ...body,
        total: { amount: "44.00", currency: "EUR" },
        paidBy: [{ memberId: anaMember, amount: "44.00" }],
      },
      { "If-Match": '"1"' },
    );
    assert.equal(amended.status, 200, JSON.stringify(amended.body));
    const again = await ana.put(
      `/v1/groups/${g}/expenses/${e}`,
      {
        ...body,
        total: { amount: "44.00", currency: "EUR" },
        paidBy: [{ memberId: anaMember, amount: "44.00" }],
        note: "with wine",
      },
      { "If-Match": '"2"' },
    );
    assert.equal(again.status, 200, JSON.stringify(again.body));

    const history = await bea.get(`/v1/groups/${g}/expenses/${e}/history`, {
      "Kopek-Min-Position": String(again.body.position),
    });
    assert.equal(history.status, 200, JSON.stringify(history.body));
    assert.equal(history.headers.get("etag"), '"3"');
    const items = history.body.items as {
      version: number;
      change: string;
      at: string;
      actor: { memberId: string; name: string } | null;
      expense: {
        total: { amount: string };
        note: string | null;
        description: string;
        shares: unknown[];
      };
    }[];
    assert.deepEqual(items.map((i) => [i.version, i.change, i.actor?.name]), [
      [1, "recorded", "Ana"],
      [2, "amended", "Bea"],
      [3, "amended", "Ana"],
    ]);
    assert.deepEqual(items.map((i) => i.actor?.memberId), [anaMember, beaMember, anaMember]);
    assert.deepEqual(items.map((i) => i.expense.total.amount), ["40.00", "44.00", "44.00"]);
    assert.deepEqual(items.map((i) => i.expense.note), [null, null, "with wine"]);
    assert.equal(items[1].expense.shares.length, 2);
    assert.ok(
      items.every((i, n) =>
        !Number.isNaN(Date.parse(i.at)) && (n === 0 || i.at >= items[n - 1].at)
      ),
    );
    const current = await bea.get(`/v1/groups/${g}/expenses/${e}`);
    assert.equal(current.body.updatedAt, items[2].at);

    // A void is the last version, with the content it had.
    const voided = await bea.delete(`/v1/groups/${g}/expenses/${e}`, { "If-Match": '"3"' });
    assert.equal(voided.status, 200, JSON.stringify(voided.body));
    const after = await ana.get(`/v1/groups/${g}/expenses/${e}/history`, {
      "Kopek-Min-Position": String(voided.body.position),
    });
    assert.deepEqual(
      (after.body.items as typeof items).map((
        i,
      ) => [i.version, i.change, i.actor?.name, i.expense.note]),
      [[1, "recorded", "Ana", null], [2, "amended", "Bea", null], [
        3,
        "amended",
        "Ana",
        "with wine",
      ], [
        4,
        "voided",
        "Bea",
        "with wine",
      ]],
    );

    // Outsiders and unknown expenses: 404.
    assert.equal((await eve.get(`/v1/groups/${g}/expenses/${e}/history`)).status, 404);
    assert.equal(
      (await ana.get(`/v1/groups/${g}/expenses/${crypto.randomUUID()}/history`)).status,
      404,
    );
    assert.equal((await ana.get(`/v1/groups/${g}/expenses/not-a-uuid/history`)).status, 404);
  } finally {
    await running.stop();
  }
});
