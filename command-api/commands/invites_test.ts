import assert from "node:assert/strict";
import { ProblemError } from "@kopek/platform";
import { runnerKit } from "./_testing.ts";

Deno.test("invite.create reveals the code in every answer and never keeps it", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId } = await kit.group(ana);
  const commandId = crypto.randomUUID();
  const request = { type: "invite.create" as const, groupId, body: { role: "member" }, commandId };
  const created = await kit.run(ana, request);
  assert.equal(created.created, true);
  assert.equal(typeof created.body.code, "string");
  const again = await kit.run(ana, request);
  assert.equal(again.replayed, true);
  assert.equal(again.body.code, created.body.code);
  const stored = JSON.stringify(await kit.store.readAll({ after: null, limit: 100 }));
  assert.ok(!stored.includes(String(created.body.code)));
});

Deno.test("invite.accept joins the group; a second user's accept of a used invite is refused", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const bo = await kit.user("Bo");
  const cy = await kit.user("Cy");
  const { groupId } = await kit.group(ana);
  const invite = await kit.run(ana, { type: "invite.create", groupId, body: { role: "member" } });
  const code = String(invite.body.code);
  const joined = await kit.run(bo, { type: "invite.accept", targetId: code });
  assert.equal(joined.created, false);
  assert.equal(joined.body.groupId, groupId);
  assert.equal(joined.body.groupName, "Flat");
  assert.equal(joined.body.name, "Bo");
  assert.equal(joined.etag, joined.body.version);
  await assert.rejects(kit.run(cy, { type: "invite.accept", targetId: code }));
  await assert.rejects(
    kit.run(cy, { type: "invite.accept", targetId: "NOT-A-CODE" }),
    (e) => e instanceof ProblemError && e.problem.status === 404,
  );
});

Deno.test("invite.revoke answers the invite as revoked", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId, memberId } = await kit.group(ana);
  const invite = await kit.run(ana, { type: "invite.create", groupId, body: { role: "viewer" } });
  const revoked = await kit.run(ana, {
    type: "invite.revoke",
    groupId,
    targetId: String(invite.body.id),
  });
  assert.equal(revoked.body.status, "revoked");
  assert.deepEqual(revoked.body.createdBy, { memberId, name: "Ana" });
  assert.equal(revoked.etag, null);
});
