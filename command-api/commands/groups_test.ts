import assert from "node:assert/strict";
import { ProblemError } from "@kopek/platform";
import { runnerKit } from "./_testing.ts";

Deno.test("group.create answers the new group, created, with its owner's member", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const id = crypto.randomUUID();
  const created = await kit.run(ana, { body: { id, name: "Flat", currency: "EUR" } });
  assert.equal(created.created, true);
  assert.equal(created.etag, null);
  assert.equal(created.body.id, id);
  assert.equal(created.body.version, 2);
  assert.equal(created.body.name, "Flat");
  assert.equal(created.body.position, await kit.store.headPosition());
  assert.equal(typeof created.body.memberId, "string");
});

Deno.test("group.create repeated with its id answers the kept answer, replayed", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const body = { id: crypto.randomUUID(), name: "Flat", currency: "EUR" };
  const first = await kit.run(ana, { body });
  const again = await kit.run(ana, { body });
  assert.equal(again.replayed, true);
  assert.deepEqual({ ...again, replayed: undefined }, { ...first, replayed: undefined });
});

Deno.test("group.update answers the group as changed; a bad body or id is refused before any write", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId } = await kit.group(ana);
  const renamed = await kit.run(ana, { type: "group.update", groupId, body: { name: "Home" } });
  assert.equal(renamed.created, false);
  assert.deepEqual(
    { name: renamed.body.name, currency: renamed.body.currency, version: renamed.body.version },
    { name: "Home", currency: "EUR", version: 3 },
  );
  const head = await kit.store.headPosition();
  await assert.rejects(
    kit.run(ana, { type: "group.update", groupId, body: {} }),
    (e) => e instanceof ProblemError && e.problem.status === 422,
  );
  await assert.rejects(
    kit.run(ana, { type: "group.update", groupId: "nope", body: { name: "X" } }),
    (e) => e instanceof ProblemError && e.problem.status === 404,
  );
  assert.equal(await kit.store.headPosition(), head);
});
