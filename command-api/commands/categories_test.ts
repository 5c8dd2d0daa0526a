import assert from "node:assert/strict";
import { ProblemError } from "@kopek/platform";
import { DomainError } from "@kopek/domain";
import { runnerKit } from "./_testing.ts";

Deno.test("category.add, .update, .remove answer the category as it now is", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId } = await kit.group(ana);
  const id = crypto.randomUUID();
  const added = await kit.run(ana, {
    type: "category.add",
    groupId,
    body: { id, name: " Ski ", icon: "⛷️", colour: "#AA00FF" },
  });
  assert.equal(added.created, true);
  assert.deepEqual({ ...added.body, position: 0 }, {
    key: id,
    id,
    name: "Ski",
    icon: "⛷️",
    colour: "#aa00ff",
    builtIn: false,
    removed: false,
    position: 0,
  });
  const changed = await kit.run(ana, {
    type: "category.update",
    groupId,
    targetId: id,
    body: { name: "Skiing" },
  });
  assert.equal(changed.created, false);
  assert.equal(changed.body.name, "Skiing");
  const removed = await kit.run(ana, {
    type: "category.remove",
    groupId,
    targetId: id,
    body: undefined,
  });
  assert.equal(removed.body.removed, true);
  // Removed: no longer found; a body on a remove is refused; a bad id is a 404.
  await assert.rejects(
    kit.run(ana, { type: "category.update", groupId, targetId: id, body: { name: "X" } }),
    (e) => e instanceof DomainError && e.kind === "not_found",
  );
  await assert.rejects(
    kit.run(ana, { type: "category.remove", groupId, targetId: "nope", body: undefined }),
    (e) => e instanceof ProblemError && e.problem.status === 404,
  );
  await assert.rejects(
    kit.run(ana, { type: "category.update", groupId, targetId: id, body: {} }),
    (e) => e instanceof ProblemError && e.problem.status === 422,
  );
});
