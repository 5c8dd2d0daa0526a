import assert from "node:assert/strict";
import { ProblemError } from "@kopek/platform";
import { DomainError } from "@kopek/domain";
import { runnerKit } from "./_testing.ts";

async function withExpense() {
  const kit = runnerKit({ now: () => new Date("2026-12-05T10:00:00.000Z") });
  const ana = await kit.user("Ana");
  const { groupId, memberId } = await kit.group(ana);
  const recorded = await kit.run(ana, {
    type: "expense.record",
    groupId,
    body: {
      description: "Dinner",
      total: { amount: "30.00", currency: "EUR" },
      date: "2026-12-01",
      paidBy: [{ memberId, amount: "30.00" }],
      split: { mode: "equal", shares: [{ memberId }] },
    },
  });
  return { kit, ana, groupId, memberId, expenseId: String(recorded.body.id) };
}

Deno.test("comment.add answers the comment, created, with the command's time", async () => {
  const { kit, ana, groupId, memberId, expenseId } = await withExpense();
  const id = crypto.randomUUID();
  const added = await kit.run(ana, {
    type: "comment.add",
    groupId,
    targetId: expenseId,
    body: { id, text: "  see the receipt\n" },
  });
  assert.equal(added.created, true);
  assert.equal(added.etag, null);
  assert.deepEqual({ ...added.body, position: 0 }, {
    id,
    expenseId,
    memberId,
    text: "see the receipt",
    at: "2026-12-05T10:00:00.000Z",
    position: 0,
  });
  assert.ok(Number(added.body.position) > 0);
  const again = await kit.run(ana, {
    type: "comment.add",
    groupId,
    targetId: expenseId,
    body: { id, text: "  see the receipt\n" },
  });
  assert.equal(again.replayed, true);
  assert.deepEqual(again.body, added.body);
});

Deno.test("comment.add refuses bad text, an unknown expense, a used comment id", async () => {
  const { kit, ana, groupId, expenseId } = await withExpense();
  await assert.rejects(
    kit.run(ana, { type: "comment.add", groupId, targetId: expenseId, body: { text: "a\u0000" } }),
    (e) => e instanceof ProblemError && e.problem.status === 422,
  );
  await assert.rejects(
    kit.run(ana, {
      type: "comment.add",
      groupId,
      targetId: crypto.randomUUID(),
      body: { text: "x" },
    }),
    (e) => e instanceof DomainError && e.kind === "not_found",
  );
  const id = crypto.randomUUID();
  await kit.run(ana, {
    type: "comment.add",
    groupId,
    targetId: expenseId,
    body: { id, text: "a" },
  });
  // Another command (its own key) with a used comment id: the decision refuses it.
  await assert.rejects(
    kit.run(ana, {
      type: "comment.add",
      groupId,
      targetId: expenseId,
      body: { id, text: "b" },
      commandId: "another-key",
    }),
    (e) => e instanceof DomainError && e.code === "comment.exists",
  );
});
