import assert from "node:assert/strict";
import { runnerKit } from "./_testing.ts";

function expense(memberId: string, amount = "12.00") {
  return {
    description: "Bread",
    total: { amount, currency: "EUR" },
    date: "2026-12-01",
    paidBy: [{ memberId, amount }],
    split: { mode: "equal", shares: [{ memberId }] },
  };
}

Deno.test("expense.record, amend and void answer the expense's revision as their version", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId, memberId } = await kit.group(ana);
  const recorded = await kit.run(ana, {
    type: "expense.record",
    groupId,
    body: expense(memberId),
  });
  assert.equal(recorded.created, true);
  assert.equal(recorded.etag, 1);
  assert.equal(recorded.body.version, 1);
  assert.ok(Array.isArray(recorded.body.shares));
  const targetId = String(recorded.body.id);
  const amended = await kit.run(ana, {
    type: "expense.amend",
    groupId,
    targetId,
    body: expense(memberId, "15.00"),
    ifMatch: 1,
  });
  assert.equal(amended.created, false);
  assert.equal(amended.etag, 2);
  const voided = await kit.run(ana, { type: "expense.void", groupId, targetId, ifMatch: 2 });
  assert.deepEqual({ ...voided.body, position: 0 }, {
    id: targetId,
    version: 3,
    position: 0,
    voided: true,
  });
});

Deno.test("expense.record in another currency needs a rate: the client's is used", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId, memberId } = await kit.group(ana);
  const recorded = await kit.run(ana, {
    type: "expense.record",
    groupId,
    body: {
      ...expense(memberId),
      total: { amount: "10.00", currency: "USD" },
      paidBy: [{ memberId, amount: "10.00" }],
      fx: { rate: "0.9" },
    },
  });
  assert.ok(recorded.body.converted);
  assert.ok(recorded.body.fx);
});
