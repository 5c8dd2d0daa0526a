import assert from "node:assert/strict";
import { runnerKit } from "./_testing.ts";

Deno.test("settlement.record, amend and void answer the payment's revision as their version", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId, memberId } = await kit.group(ana);
  const bo = await kit.run(ana, {
    type: "member.add",
    groupId,
    body: { name: "Bo", role: "member" },
  });
  const payment = (amount: string) => ({
    from: String(bo.body.id),
    to: memberId,
    amount: { amount, currency: "EUR" },
    date: "2026-12-01",
  });
  const id = crypto.randomUUID();
  const recorded = await kit.run(ana, {
    type: "settlement.record",
    groupId,
    targetId: id,
    body: payment("5.00"),
  });
  assert.equal(recorded.created, true);
  assert.equal(recorded.body.id, id);
  assert.equal(recorded.etag, 1);
  const amended = await kit.run(ana, {
    type: "settlement.amend",
    groupId,
    targetId: id,
    body: payment("6.00"),
    ifMatch: 1,
  });
  assert.equal(amended.created, false);
  assert.equal(amended.etag, 2);
  const voided = await kit.run(ana, { type: "settlement.void", groupId, targetId: id });
  assert.equal(voided.body.voided, true);
  assert.equal(voided.etag, 3);
});
