import assert from "node:assert/strict";
import { type AppendItem, type BatchAnswer, GroupCommit } from "./_group_commit.ts";
import type { Answer } from "./_rows.ts";

const item = (stream: string): AppendItem => ({
  key: null,
  contentHash: null,
  heads: [{ stream, version: 0, hash: null, at: null }],
  streams: null,
  response: null,
  events: [],
});
const ok = (position: number): Answer => ({ status: "ok", positions: [position], txId: null });
const failure = (code: string) => Object.assign(new Error(code), { code });

/** A group commit whose database is `batch`; the first append holds the only slot until freed. */
function harness(batch: (items: readonly AppendItem[]) => Promise<BatchAnswer>) {
  const alone: string[] = [];
  const gate = Promise.withResolvers<void>();
  const group = new GroupCommit({
    alone: async (i) => {
      alone.push(i.heads[0].stream);
      if (i.heads[0].stream === "first") await gate.promise;
      return ok(alone.length);
    },
    batch,
    maxInFlight: 1,
    maxBatch: 8,
    keptNothing: (e) => (e as { code?: string }).code === "40P01",
  });
  return { group, alone, free: () => gate.resolve() };
}

Deno.test("GroupCommit: a batch writes its appends in the order of their streams, and answers each its own", async () => {
  const sent: string[][] = [];
  const { group, free } = harness((items) => {
    sent.push(items.map((i) => i.heads[0].stream));
    return Promise.resolve({
      txId: "7",
      answers: items.map((i) => ok(Number(i.heads[0].stream.slice(1)))),
    });
  });
  const first = group.submit(item("first"));
  const queued = ["s3", "s1", "s2"].map((s) => group.submit(item(s)));
  free();
  await first;
  const answers = await Promise.all(queued);
  assert.deepEqual(sent, [["s1", "s2", "s3"]]);
  // Each append gets the answer of its own stream, whatever the order it was written in.
  assert.deepEqual(answers.map((a) => a.status === "ok" && a.positions[0]), [3, 1, 2]);
  assert.deepEqual(answers.map((a) => a.status === "ok" && a.txId), ["7", "7", "7"]);
});

Deno.test("GroupCommit: a batch that kept nothing (a deadlock) runs each append alone; any other failure fails them all", async () => {
  const deadlocked = harness(() => Promise.reject(failure("40P01")));
  const first = deadlocked.group.submit(item("first"));
  const queued = ["b", "a"].map((s) => deadlocked.group.submit(item(s)));
  deadlocked.free();
  await first;
  const answers = await Promise.all(queued);
  assert.deepEqual(answers.map((a) => a.status), ["ok", "ok"]);
  assert.deepEqual(deadlocked.alone.toSorted(), ["a", "b", "first"]);

  const lost = harness(() => Promise.reject(failure("08006")));
  const again = lost.group.submit(item("first"));
  const failing = ["b", "a"].map((s) => lost.group.submit(item(s)));
  lost.free();
  await again;
  for (const f of failing) await assert.rejects(f, /08006/);
  assert.deepEqual(lost.alone, ["first"]);
});
