/**
 * Idempotency of writes, end to end through the command API's routes: a retried command answers
 * exactly its original result (the scoping of ids and keys to the acting user is in
 * `idempotency.int_test.ts`).
 */
import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { groupStream } from "@kopek/domain";
import { createTestCommandApi } from "./_testing.ts";
import { expenseBody, seen, withGroup } from "./_idempotency_testing.ts";

Deno.test("a create retried with the same Idempotency-Key and no id answers its original result", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const a = await withGroup(ana);
  const key = `key-${crypto.randomUUID()}`;
  const body = expenseBody(a.memberId);
  const path = `/v1/groups/${a.groupId}/expenses`;
  const first = await ana.send("POST", path, body, { "Idempotency-Key": key });
  assert.equal(first.status, 201, first.text);
  const again = await ana.send("POST", path, body, { "Idempotency-Key": key });
  assert.deepEqual(seen(again), seen(first));
  const events = await api.store.readStream(groupStream(a.groupId));
  const recorded = events.filter((e) => e.type === "ExpenseRecorded");
  assert.equal(recorded.length, 1);
  assert.equal((recorded[0].data as { expenseId: string }).expenseId, first.body.id);

  // Settlements and members too.
  const settlement = {
    from: a.memberId,
    to: a.memberId,
    amount: { amount: "1.00", currency: "EUR" },
    date: "2026-11-21",
  };
  const member = { name: "Cy", role: "member" };
  for (
    const [p, b] of [
      [`/v1/groups/${a.groupId}/members`, member],
      [`/v1/groups/${a.groupId}/invites`, { role: "viewer" }],
    ] as const
  ) {
    const k = `key-${crypto.randomUUID()}`;
    const one = await ana.send("POST", p, b, { "Idempotency-Key": k });
    assert.equal(one.status, 201, one.text);
    assert.deepEqual(seen(await ana.send("POST", p, b, { "Idempotency-Key": k })), seen(one));
  }
  // A settlement from a member to themself is refused; to another member it is recorded.
  const cy = (await ana.send("POST", `/v1/groups/${a.groupId}/members`, member)).body.id;
  const k = `key-${crypto.randomUUID()}`;
  const s = { ...settlement, to: cy };
  const one = await ana.send("POST", `/v1/groups/${a.groupId}/settlements`, s, {
    "Idempotency-Key": k,
  });
  assert.equal(one.status, 201, one.text);
  const two = await ana.send("POST", `/v1/groups/${a.groupId}/settlements`, s, {
    "Idempotency-Key": k,
  });
  assert.deepEqual(seen(two), seen(one));
});

Deno.test("a retried POST /v1/groups answers the group it created", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const key = `key-${crypto.randomUUID()}`;
  const body = { name: "Flat", currency: "CHF" };
  const first = await ana.send("POST", "/v1/groups", body, { "Idempotency-Key": key });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.name, "Flat");
  const again = await ana.send("POST", "/v1/groups", body, { "Idempotency-Key": key });
  assert.deepEqual(seen(again), seen(first));
  // The retry's own generated id names no group.
  assert.deepEqual(await api.store.streams({ after: null, limit: 10, prefix: "group-" }), [
    groupStream(first.body.id),
  ]);
  // By client id too.
  const id = uuidv7();
  const byId = await ana.send("POST", "/v1/groups", { id, ...body });
  assert.equal(byId.status, 201, byId.text);
  const renamed = await ana.send("PATCH", `/v1/groups/${id}`, { name: "Other" });
  assert.equal(renamed.status, 200, renamed.text);
  assert.deepEqual(seen(await ana.send("POST", "/v1/groups", { id, ...body })), seen(byId));
});

Deno.test("a retry after later changes answers the original result, not today's state", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const a = await withGroup(ana);
  const added = await ana.send("POST", `/v1/groups/${a.groupId}/members`, {
    name: "Cy",
    role: "member",
  });
  const m = `/v1/groups/${a.groupId}/members/${added.body.id}`;
  const k1 = `key-${crypto.randomUUID()}`;
  const renamed = await ana.send("PATCH", m, { name: "Cyd" }, {
    "Idempotency-Key": k1,
    "If-Match": '"1"',
  });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.body.version, 2);
  // A rename that changes nothing has an answer too.
  const k2 = `key-${crypto.randomUUID()}`;
  const same = await ana.send("PATCH", m, { name: "Cyd" }, { "Idempotency-Key": k2 });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.body.version, 2);
  assert.equal(
    (await ana.send("PATCH", m, { name: "Cyril", role: "viewer" })).status,
    200,
  );
  assert.deepEqual(
    seen(await ana.send("PATCH", m, { name: "Cyd" }, { "Idempotency-Key": k1, "If-Match": '"1"' })),
    seen(renamed),
  );
  assert.deepEqual(
    seen(await ana.send("PATCH", m, { name: "Cyd" }, { "Idempotency-Key": k2 })),
    seen(same),
  );
  const k3 = `key-${crypto.randomUUID()}`;
  const removed = await ana.send("DELETE", m, undefined, { "Idempotency-Key": k3 });
  assert.equal(removed.status, 200, removed.text);
  assert.equal(removed.body.active, false);
  assert.deepEqual(
    seen(await ana.send("DELETE", m, undefined, { "Idempotency-Key": k3 })),
    seen(removed),
  );

  // An expense created by client id, amended, amended again, voided: each retry answers its own.
  const id = uuidv7();
  const path = `/v1/groups/${a.groupId}/expenses`;
  const recorded = await ana.send("POST", path, { id, ...expenseBody(a.memberId) });
  assert.equal(recorded.status, 201, recorded.text);
  const k4 = `key-${crypto.randomUUID()}`;
  const amended = await ana.send("PUT", `${path}/${id}`, expenseBody(a.memberId, "20.00"), {
    "Idempotency-Key": k4,
    "If-Match": '"1"',
  });
  assert.equal(amended.status, 200, amended.text);
  const voided = await ana.send("DELETE", `${path}/${id}`, undefined, { "If-Match": '"2"' });
  assert.equal(voided.status, 200, voided.text);
  assert.deepEqual(
    seen(await ana.send("POST", path, { id, ...expenseBody(a.memberId) })),
    seen(recorded),
  );
  assert.deepEqual(
    seen(
      await ana.send("PUT", `${path}/${id}`, expenseBody(a.memberId, "20.00"), {
        "Idempotency-Key": k4,
        "If-Match": '"1"',
      }),
    ),
    seen(amended),
  );

  // The group: renamed with a key, renamed again, the retry answers the first name.
  const k5 = `key-${crypto.randomUUID()}`;
  const g = `/v1/groups/${a.groupId}`;
  const first = await ana.send("PATCH", g, { name: "Trip 2026" }, { "Idempotency-Key": k5 });
  assert.equal(first.status, 200, first.text);
  assert.equal((await ana.send("PATCH", g, { name: "Trip 2027" })).status, 200);
  assert.deepEqual(
    seen(await ana.send("PATCH", g, { name: "Trip 2026" }, { "Idempotency-Key": k5 })),
    seen(first),
  );
});

Deno.test("POST /v1/sync answers a command already applied with its original result", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const a = await withGroup(ana);
  const added = await ana.send("POST", `/v1/groups/${a.groupId}/members`, {
    name: "Cy",
    role: "member",
  });
  const expenseId = uuidv7();
  const commands = [
    {
      id: uuidv7(),
      type: "group.create",
      groupId: null,
      body: { name: "Offline trip", currency: "JPY" },
    },
    {
      id: expenseId,
      type: "expense.record",
      groupId: a.groupId,
      body: expenseBody(a.memberId),
    },
    {
      id: uuidv7(),
      type: "member.update",
      groupId: a.groupId,
      body: { memberId: added.body.id, name: "Cyd", ifMatch: '"1"' },
    },
    {
      id: uuidv7(),
      type: "expense.amend",
      groupId: a.groupId,
      body: { expenseId, ...expenseBody(a.memberId, "30.00"), ifMatch: "1" },
    },
  ];
  const first = await ana.send("POST", "/v1/sync", { commands });
  assert.equal(first.status, 200, first.text);
  assert.deepEqual(first.body.results.map((r: { status: number }) => r.status), [
    201,
    201,
    200,
    200,
  ]);
  // Later changes by other requests.
  assert.equal(
    (await ana.send("PATCH", `/v1/groups/${a.groupId}/members/${added.body.id}`, { name: "X" }))
      .status,
    200,
  );
  assert.equal(
    (await ana.send("DELETE", `/v1/groups/${a.groupId}/expenses/${expenseId}`)).status,
    200,
  );
  const again = await ana.send("POST", "/v1/sync", { commands });
  assert.equal(again.status, 200, again.text);
  assert.deepEqual(again.body, first.body);
  // The same batch from another user: their own commands (the ids name nothing of theirs).
  const bob = await api.user("Bob");
  const bobs = await bob.send("POST", "/v1/sync", { commands });
  assert.deepEqual(bobs.body.results.map((r: { status: number }) => r.status), [
    201,
    404,
    404,
    404,
  ]);
  assert.notEqual(bobs.body.results[0].result.id, first.body.results[0].result.id);
});

Deno.test("accepting an invite again with the same key answers the original acceptance", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const bob = await api.user("Bob");
  const a = await withGroup(ana);
  const invite = await ana.send("POST", `/v1/groups/${a.groupId}/invites`, { role: "member" });
  const key = `key-${crypto.randomUUID()}`;
  const accept = `/v1/invites/${invite.body.code}/accept`;
  const first = await bob.send("POST", accept, undefined, { "Idempotency-Key": key });
  assert.equal(first.status, 200, first.text);
  assert.equal(
    (await ana.send("PATCH", `/v1/groups/${a.groupId}/members/${first.body.id}`, {
      name: "Robert",
    })).status,
    200,
  );
  assert.deepEqual(
    seen(await bob.send("POST", accept, undefined, { "Idempotency-Key": key })),
    seen(first),
  );
});

Deno.test("a kept answer never holds an invite's code, and a retry answers the same working code", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const bob = await api.user("Bob");
  const a = await withGroup(ana);
  const key = `key-${crypto.randomUUID()}`;
  const path = `/v1/groups/${a.groupId}/invites`;
  const first = await ana.send("POST", path, { role: "member" }, { "Idempotency-Key": key });
  assert.equal(first.status, 201, first.text);
  const code = first.body.code as string;
  assert.match(code, /^[0-9A-Z]{16}$/);
  const synced = await ana.send("POST", "/v1/sync", {
    commands: [{
      id: uuidv7(),
      type: "invite.create",
      groupId: a.groupId,
      body: { role: "viewer" },
    }],
  });
  const syncedCode = synced.body.results[0].result.code as string;
  assert.match(syncedCode, /^[0-9A-Z]{16}$/);
  const kept = await api.sql<{ response: string }[]>`
    SELECT response::text AS response FROM command_log WHERE response IS NOT NULL`;
  assert.ok(kept.length >= 2);
  for (const row of kept) {
    for (const c of [code, syncedCode]) assert.ok(!row.response.includes(c), row.response);
  }
  assert.deepEqual(
    seen(await ana.send("POST", path, { role: "member" }, { "Idempotency-Key": key })),
    seen(first),
  );
  const joined = await bob.send("POST", `/v1/invites/${code}/accept`);
  assert.equal(joined.status, 200, joined.text);
});
