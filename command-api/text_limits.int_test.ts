/**
 * Over-long text is refused, never cut: a note, a description or a name one
 * character over its limit (docs/api.md) answers 422 `validation` naming the
 * field and the limit, and nothing is appended; text of exactly the limit is
 * kept whole.
 */
import assert from "node:assert/strict";
import { groupStream, TEXT_LIMITS } from "@kopek/domain";
import { createTestCommandApi, type TestUser } from "./_testing.ts";

function expense(memberId: string, fields: { description?: string; note?: string }) {
  return {
    description: fields.description ?? "Lunch",
    total: { amount: "12.00", currency: "EUR" },
    date: "2026-11-20",
    paidBy: [{ memberId, amount: "12.00" }],
    split: { mode: "equal", shares: [{ memberId }] },
    ...(fields.note === undefined ? {} : { note: fields.note }),
  };
}

async function withGroup(user: TestUser) {
  const created = await user.send("POST", "/v1/groups", { name: "Trip", currency: "EUR" });
  assert.equal(created.status, 201, created.text);
  return { groupId: created.body.id as string, memberId: created.body.memberId as string };
}

Deno.test("a 5,000-character note is a 422 naming the field and the limit; one of exactly the limit is kept whole", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const { groupId, memberId } = await withGroup(ana);
  const events = async () => (await api.store.readStream(groupStream(groupId))).length;
  const before = await events();

  const long = await ana.send(
    "POST",
    `/v1/groups/${groupId}/expenses`,
    expense(memberId, { note: "n".repeat(5000) }),
  );
  assert.equal(long.status, 422, long.text);
  assert.equal(long.body.code, "validation");
  assert.deepEqual(long.body.errors, [
    { path: "note", message: `must be at most ${TEXT_LIMITS.note} characters` },
  ]);
  assert.equal(await events(), before, "nothing appended");

  const over = await ana.send(
    "POST",
    `/v1/groups/${groupId}/expenses`,
    expense(memberId, { description: "d".repeat(TEXT_LIMITS.description + 1) }),
  );
  assert.equal(over.status, 422, over.text);
  assert.deepEqual(over.body.errors, [
    { path: "description", message: `must be at most ${TEXT_LIMITS.description} characters` },
  ]);

  const note = "n".repeat(TEXT_LIMITS.note);
  const description = "d".repeat(TEXT_LIMITS.description);
  const exact = await ana.send(
    "POST",
    `/v1/groups/${groupId}/expenses`,
    expense(memberId, { description, note }),
  );
  assert.equal(exact.status, 201, exact.text);
  const stored = (await api.store.readStream(groupStream(groupId))).at(-1)!;
  // deno-lint-ignore no-explicit-any
  const data = stored.data as any;
  assert.equal(data.note, note);
  assert.equal(data.description, description);

  // A settlement's note and a group's name have their limits too.
  const settlement = await ana.send("POST", `/v1/groups/${groupId}/settlements`, {
    from: memberId,
    to: memberId,
    amount: { amount: "1.00", currency: "EUR" },
    date: "2026-11-20",
    note: "n".repeat(TEXT_LIMITS.note + 1),
  });
  assert.equal(settlement.status, 422, settlement.text);
  assert.equal(settlement.body.errors[0].path, "note");
  const group = await ana.send("POST", "/v1/groups", {
    name: "g".repeat(TEXT_LIMITS.groupName + 1),
    currency: "EUR",
  });
  assert.equal(group.status, 422, group.text);
  assert.deepEqual(group.body.errors, [
    { path: "name", message: `must be at most ${TEXT_LIMITS.groupName} characters` },
  ]);
});
