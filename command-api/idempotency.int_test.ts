/**
 * Idempotency of writes, end to end through the command API's routes: ids
 * and keys are scoped to the acting user (the retries are in
 * `idempotency_retries.int_test.ts`).
 */
import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { groupStream } from "@kopek/domain";
import { createTestCommandApi } from "./_testing.ts";
import { expenseBody, seen, withGroup } from "./_idempotency_testing.ts";

Deno.test("two users may use the same expense id, Idempotency-Key and sync id in their own groups", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const bob = await api.user("Bob");
  const a = await withGroup(ana);
  const b = await withGroup(bob);
  const id = uuidv7();
  const key = `key-${crypto.randomUUID()}`;

  const byId = [ana, bob].map((u, i) =>
    u.send("POST", `/v1/groups/${[a, b][i].groupId}/expenses`, {
      id,
      ...expenseBody([a, b][i].memberId),
    })
  );
  for (const answer of [await byId[0], await byId[1]]) {
    assert.equal(answer.status, 201, answer.text);
    assert.equal(answer.body.id, id);
  }

  for (const [u, g] of [[ana, a], [bob, b]] as const) {
    const answer = await u.send(
      "POST",
      `/v1/groups/${g.groupId}/expenses`,
      expenseBody(g.memberId, "3.00"),
      { "Idempotency-Key": key },
    );
    assert.equal(answer.status, 201, answer.text);
  }

  const syncId = uuidv7();
  for (const [u, g] of [[ana, a], [bob, b]] as const) {
    const answer = await u.send("POST", "/v1/sync", {
      commands: [{
        id: syncId,
        type: "expense.record",
        groupId: g.groupId,
        body: expenseBody(g.memberId, "4.00"),
      }],
    });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.results[0].status, 201, answer.text);
    assert.equal(answer.body.results[0].result.id, syncId);
  }
  // Both groups hold their own three expenses.
  for (const g of [a, b]) {
    const events = await api.store.readStream(groupStream(g.groupId));
    assert.equal(events.filter((e) => e.type === "ExpenseRecorded").length, 3);
  }
});

Deno.test("another user's key never answers, conflicts with or reveals the first user's command", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const a = await withGroup(ana);
  const key = `key-${crypto.randomUUID()}`;
  const body = expenseBody(a.memberId);
  const first = await ana.send("POST", `/v1/groups/${a.groupId}/expenses`, body, {
    "Idempotency-Key": key,
  });
  assert.equal(first.status, 201, first.text);

  // A stranger replaying Ana's exact request: the group stays invisible.
  const stranger = await api.user("Eve");
  const replayed = await stranger.send("POST", `/v1/groups/${a.groupId}/expenses`, body, {
    "Idempotency-Key": key,
  });
  assert.equal(replayed.status, 404, replayed.text);
  // The same key for other content is the stranger's own, new request.
  const e = await withGroup(stranger);
  const own = await stranger.send(
    "POST",
    `/v1/groups/${e.groupId}/expenses`,
    expenseBody(e.memberId),
    { "Idempotency-Key": key },
  );
  assert.equal(own.status, 201, own.text);
  assert.notEqual(own.body.id, first.body.id);
  // And Ana's retry still answers her original result.
  const retried = await ana.send("POST", `/v1/groups/${a.groupId}/expenses`, body, {
    "Idempotency-Key": key,
  });
  assert.deepEqual(seen(retried), seen(first));
});

Deno.test("a member who sends another member's expense id and key gets no one else's answer", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const bob = await api.user("Bob");
  const a = await withGroup(ana);
  const invite = await ana.send("POST", `/v1/groups/${a.groupId}/invites`, { role: "member" });
  assert.equal(invite.status, 201, invite.text);
  const joined = await bob.send("POST", `/v1/invites/${invite.body.code}/accept`);
  assert.equal(joined.status, 200, joined.text);
  const id = uuidv7();
  const key = `key-${crypto.randomUUID()}`;
  const body = { id, ...expenseBody(a.memberId) };
  const first = await ana.send("POST", `/v1/groups/${a.groupId}/expenses`, body, {
    "Idempotency-Key": key,
  });
  assert.equal(first.status, 201, first.text);
  // Same key, same body: for Bob a new request, and the id is taken in this group.
  const bobs = await bob.send("POST", `/v1/groups/${a.groupId}/expenses`, body, {
    "Idempotency-Key": key,
  });
  assert.equal(bobs.status, 409, bobs.text);
  assert.equal(bobs.body.code, "expense.exists");
  // Without the id: a new expense of Bob's, not Ana's answer.
  const { id: _id, ...noId } = body;
  const bobsOwn = await bob.send("POST", `/v1/groups/${a.groupId}/expenses`, noId, {
    "Idempotency-Key": key,
  });
  assert.equal(bobsOwn.status, 201, bobsOwn.text);
  assert.notEqual(bobsOwn.body.id, id);
});

Deno.test("the same key with other content is 409 duplicate_id for that user only", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const bob = await api.user("Bob");
  const a = await withGroup(ana);
  const b = await withGroup(bob);
  const key = `key-${crypto.randomUUID()}`;
  const first = await ana.send(
    "POST",
    `/v1/groups/${a.groupId}/expenses`,
    expenseBody(a.memberId),
    { "Idempotency-Key": key },
  );
  assert.equal(first.status, 201, first.text);
  for (
    const [path, body] of [
      [`/v1/groups/${a.groupId}/expenses`, expenseBody(a.memberId, "13.00")],
      [`/v1/groups/${a.groupId}/members`, { name: "Dan", role: "member" }],
    ] as const
  ) {
    const other = await ana.send("POST", path, body, { "Idempotency-Key": key });
    assert.equal(other.status, path.endsWith("expenses") ? 409 : 201, other.text);
    if (other.status === 409) assert.equal(other.body.code, "duplicate_id");
  }
  const bobs = await bob.send(
    "POST",
    `/v1/groups/${b.groupId}/expenses`,
    expenseBody(b.memberId, "13.00"),
    { "Idempotency-Key": key },
  );
  assert.equal(bobs.status, 201, bobs.text);
});
