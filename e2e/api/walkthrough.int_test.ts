import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { EXPECTED_BALANCES, startForTest, walkthrough } from "@kopek/testing";

Deno.test("walkthrough: API.md end to end gives balances to the minor unit", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const walk = await walkthrough(running.url);
    const { members, settleUp, currency } = walk.balances;
    assert.equal(currency, "EUR");
    const byId = Object.fromEntries(members.map((m) => [m.memberId, m]));
    for (const [name, expected] of Object.entries(EXPECTED_BALANCES)) {
      const m = byId[walk.members[name as keyof typeof walk.members]];
      assert.deepEqual(
        { paid: m.paid.amount, owed: m.owed.amount, balance: m.balance.amount },
        expected,
        name,
      );
    }
    const sum = members.reduce((s, m) => s + Math.round(Number(m.balance.amount) * 100), 0);
    assert.equal(sum, 0, "balances sum to zero");
    assert.deepEqual(
      settleUp.map((t) => [t.from, t.to, t.amount.amount]),
      [
        [walk.members.ana, walk.members.bob, "94.64"],
        [walk.members.chen, walk.members.bob, "91.83"],
      ],
    );
  } finally {
    await running.stop();
  }
});
