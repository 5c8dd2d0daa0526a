import assert from "node:assert/strict";
import { userStream } from "@kopek/domain";
import { ProblemError } from "@kopek/platform";
import { accountKit } from "./_testing.ts";
import { toProblem } from "./streams.ts";

Deno.test("toProblem() turns a version conflict into the problem, and throws anything else as it is", () => {
  const conflict = Object.assign(new Error("moved"), { code: "eventstore.version_conflict" });
  assert.throws(
    () => toProblem(conflict, 409, "the link changed meanwhile: try again", "conflict"),
    (e) => e instanceof ProblemError && e.problem.status === 409 && e.problem.code === "conflict",
  );
  const other = new Error("disk full");
  assert.throws(() => toProblem(other, 409, "x", "conflict"), (e) => e === other);
});

Deno.test("createAccountStreams().append() writes every non-empty stream under one command id, and answers 0 for none", async () => {
  const { streams, appended } = accountKit();
  const by = { userId: crypto.randomUUID(), via: "bot" };
  assert.equal(await streams.append(by, [{ stream: "x", expectedVersion: 0, events: [] }]), 0);
  assert.equal(appended.count, 0);
  const position = await streams.append(by, [
    { stream: "user-index-a", expectedVersion: 0, events: [] },
    {
      stream: userStream(by.userId),
      expectedVersion: 0,
      events: [{ type: "SessionOpened", data: { sessionId: "s1" } }],
    },
  ]);
  assert.ok(position > 0);
  assert.equal(appended.count, 1);
  const [stored] = await streams.deps.store.readStream(userStream(by.userId));
  assert.equal(stored.metadata.actor, by.userId);
  assert.equal(stored.metadata.via, "bot");
  assert.equal(await streams.deps.store.streamVersion("user-index-a"), 0);
});

Deno.test("createAccountStreams().existing() is a 401 for an account that does not exist; load() answers it", async () => {
  const { streams } = accountKit();
  const userId = crypto.randomUUID();
  assert.equal((await streams.load(userId)).state.exists, false);
  await assert.rejects(
    streams.existing(userId),
    (e) => e instanceof ProblemError && e.problem.status === 401,
  );
});
