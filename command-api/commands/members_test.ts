import assert from "node:assert/strict";
import { runnerKit } from "./_testing.ts";

Deno.test("member.add answers the member, created, at version 1; update and remove answer its revision", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId } = await kit.group(ana);
  const added = await kit.run(ana, {
    type: "member.add",
    groupId,
    body: { name: "Bo", role: "member" },
  });
  assert.equal(added.created, true);
  assert.equal(added.etag, 1);
  assert.deepEqual({ ...added.body, id: "", position: 0 }, {
    id: "",
    name: "Bo",
    userId: null,
    role: "member",
    active: true,
    version: 1,
    position: 0,
  });
  const targetId = String(added.body.id);
  const renamed = await kit.run(ana, {
    type: "member.update",
    groupId,
    targetId,
    body: { name: "Bob" },
    ifMatch: 1,
  });
  assert.equal(renamed.created, false);
  assert.equal(renamed.etag, 2);
  assert.equal(renamed.body.name, "Bob");
  const removed = await kit.run(ana, { type: "member.remove", groupId, targetId, ifMatch: 2 });
  assert.equal(removed.etag, 3);
  assert.equal(removed.body.active, false);
});

Deno.test("member.add names the account behind an email address", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId } = await kit.group(ana);
  const added = await kit.run(ana, {
    type: "member.add",
    groupId,
    body: { name: "Nobody", email: "nobody@example.com", role: "viewer" },
  });
  assert.equal(added.body.userId, null);
});

Deno.test("member.update with a stale If-Match is refused", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId, memberId } = await kit.group(ana);
  await assert.rejects(
    kit.run(ana, {
      type: "member.update",
      groupId,
      targetId: memberId,
      body: { name: "Ana B" },
      ifMatch: 7,
    }),
    (e) => (e as { kind?: string }).kind === "precondition_failed",
  );
});

Deno.test("member.payment_handles.set answers the handles, normalized, at their own revision", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId, memberId } = await kit.group(ana);
  const set = await kit.run(ana, {
    type: "member.payment_handles.set",
    groupId,
    targetId: memberId,
    body: { handles: [{ kind: "iban", iban: "nl91 abna 0417 1643 00", name: " Ana " }] },
  });
  assert.equal(set.created, false);
  assert.equal(set.etag, 1);
  assert.deepEqual({ ...set.body, position: 0 }, {
    memberId,
    handles: [{ kind: "iban", iban: "NL91ABNA0417164300", name: "Ana", bic: null }],
    version: 1,
    position: 0,
  });
  // The member's own revision (a rename's If-Match) is untouched.
  const renamed = await kit.run(ana, {
    type: "member.update",
    groupId,
    targetId: memberId,
    body: { name: "Ana K" },
    ifMatch: 1,
  });
  assert.equal(renamed.etag, 2);
  await assert.rejects(
    kit.run(ana, {
      type: "member.payment_handles.set",
      groupId,
      targetId: memberId,
      body: { handles: [{ kind: "paypal", username: "not/valid" }] },
    }),
  );
});
