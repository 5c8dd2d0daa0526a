import assert from "node:assert/strict";
import { toProblem, tracingEnabled } from "@kopek/platform";
import { COMMAND_TYPES, type CommandType } from "./commands.ts";
import { runnerKit } from "./commands/_testing.ts";

const EVERY_TYPE: readonly CommandType[] = [...COMMAND_TYPES, "invite.accept"];

Deno.test("the runner has a family for every command type: each answers a problem, none is unknown", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  for (const type of EVERY_TYPE) {
    const err = await kit.run(ana, {
      type,
      groupId: crypto.randomUUID(),
      targetId: crypto.randomUUID(),
      body: { nonsense: true },
    }).then(() => null, (e) => e);
    assert.ok(err !== null, `${type}: a nonsense body was accepted`);
    const problem = toProblem(err);
    assert.ok(problem, `${type}: ${err}`);
    assert.ok(problem.status >= 400 && problem.status < 500, `${type}: ${problem.status}`);
  }
});

Deno.test("the runner refuses a command type it has no family for", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  await assert.rejects(
    kit.run(ana, { type: "group.explode" as CommandType, body: {} }),
    /unknown command type group\.explode/,
  );
});

Deno.test("without tracing, the runner runs the command and answers its position", async () => {
  assert.equal(tracingEnabled, false);
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const created = await kit.run(ana, { body: { name: "Flat", currency: "EUR" } });
  assert.equal(created.created, true);
  assert.equal(created.replayed, undefined);
  assert.equal(created.body.position, await kit.store.headPosition());
  assert.equal(created.body.name, "Flat");
});

Deno.test("a repeated command is marked replayed, answers the same and appends nothing", async () => {
  const kit = runnerKit();
  const ana = await kit.user("Ana");
  const { groupId } = await kit.group(ana);
  const rename = {
    type: "group.update" as const,
    groupId,
    body: { name: "Home" },
    commandId: crypto.randomUUID(),
  };
  const first = await kit.run(ana, rename);
  assert.equal(first.replayed, undefined);
  const head = await kit.store.headPosition();
  const again = await kit.run(ana, rename);
  assert.equal(again.replayed, true);
  assert.deepEqual({ ...again, replayed: undefined }, { ...first, replayed: undefined });
  assert.equal(await kit.store.headPosition(), head);
  // Another command id is a new command, not a repeat.
  const other = await kit.run(ana, {
    ...rename,
    body: { name: "Flat" },
    commandId: crypto.randomUUID(),
  });
  assert.equal(other.replayed, undefined);
  assert.ok(Number(other.body.position) > head);
});
