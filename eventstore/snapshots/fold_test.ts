import assert from "node:assert/strict";
import { createMemoryEventStore } from "../memory/adapter.ts";
import type { EventStore, StoredEvent } from "../port.ts";
import { foldStream, type SnapshotFold } from "./fold.ts";
import { createMemorySnapshotStore } from "./memory.ts";
import type { SnapshotStore } from "./port.ts";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const STREAM = "sum-1";

/** A fold of the numbers in the events' data, in order (so that order and gaps show). */
const numbers: SnapshotFold<number[]> = {
  name: "numbers",
  version: 1,
  initial: () => [],
  evolve: (state, e: StoredEvent) => (state.push((e.data as { n: number }).n), state),
  encode: (state) => JSON.stringify(state),
  decode: (text) => JSON.parse(text),
};

async function storeOf(n: number): Promise<EventStore> {
  const store = createMemoryEventStore();
  await store.append({
    stream: STREAM,
    expectedVersion: 0,
    events: Array.from({ length: n }, (_, i) => ({
      id: crypto.randomUUID(),
      type: "N",
      schemaVersion: 1,
      data: { n: i + 1 },
      metadata: { actor: null, commandId: crypto.randomUUID(), at: at(i + 1) },
    })),
  });
  return store;
}

/** Event v is decided at T0 + v seconds. */
const at = (v: number) => new Date(T0 + 1000 * v).toISOString();
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

Deno.test("a fold writes a snapshot at the last multiple of `every` it passed, and starts from it", async () => {
  const store = await storeOf(10);
  const snapshots = createMemorySnapshotStore();
  const first = await foldStream(store, snapshots, STREAM, numbers, { every: 3 });
  assert.deepEqual(first.state, range(10));
  assert.deepEqual([first.version, first.from, first.folded], [10, 0, 10]);
  assert.deepEqual(snapshots.rows.map((s) => [s.version, s.state]), [[
    9,
    JSON.stringify(range(9)),
  ]]);
  const second = await foldStream(store, snapshots, STREAM, numbers, { every: 3 });
  assert.deepEqual(second.state, range(10));
  assert.deepEqual([second.version, second.from, second.folded], [10, 9, 1]);
  assert.equal(second.position, first.position);
});

Deno.test("as of an instant, the fold stops at the first event after it and starts from a snapshot decided by then", async () => {
  const store = await storeOf(20);
  const snapshots = createMemorySnapshotStore();
  await foldStream(store, snapshots, STREAM, numbers, { every: 4 }); // a snapshot at 20
  const early = await foldStream(store, snapshots, STREAM, numbers, { every: 4, until: T0 + 9500 });
  assert.deepEqual(early.state, range(9));
  assert.equal(early.from, 0);
  assert.deepEqual(snapshots.rows.map((s) => s.version).sort((a, b) => a - b), [8, 20]);
  const again = await foldStream(store, snapshots, STREAM, numbers, { every: 4, until: T0 + 9000 });
  assert.deepEqual([again.state, again.from], [range(9), 8]);
  const none = await foldStream(store, snapshots, STREAM, numbers, { every: 4, until: T0 });
  assert.deepEqual([none.state, none.version, none.position], [[], 0, 0]);
  const exactly = await foldStream(store, snapshots, STREAM, numbers, {
    every: 4,
    until: T0 + 8000,
  });
  assert.deepEqual([exactly.state, exactly.from], [range(8), 8]);
});

Deno.test("a snapshot whose hash is not the stream's event is discarded and the fold starts from zero", async () => {
  const store = await storeOf(10);
  const snapshots = createMemorySnapshotStore();
  await foldStream(store, snapshots, STREAM, numbers, { every: 5 });
  const [kept] = snapshots.rows;
  snapshots.rows[0] = { ...kept, hash: "0".repeat(64), state: JSON.stringify([42]) };
  const problems: string[] = [];
  const folded = await foldStream(store, snapshots, STREAM, numbers, {
    every: 5,
    onSnapshotProblem: (p) => problems.push(p),
  });
  assert.deepEqual([folded.state, folded.from], [range(10), 0]);
  assert.equal(problems.length, 1);
  assert.deepEqual(snapshots.rows.map((s) => s.hash), [kept.hash]); // written again
});

Deno.test("another fold version's snapshots are ignored, then replaced", async () => {
  const store = await storeOf(6);
  const snapshots = createMemorySnapshotStore();
  await foldStream(store, snapshots, STREAM, numbers, { every: 3 });
  snapshots.rows[0] = { ...snapshots.rows[0], state: JSON.stringify([42]) };
  const v2 = { ...numbers, version: 2 };
  const folded = await foldStream(store, snapshots, STREAM, v2, { every: 3 });
  assert.deepEqual([folded.state, folded.from], [range(6), 0]);
  assert.deepEqual(snapshots.rows.map((s) => [s.foldVersion, s.version]), [[2, 6]]);
});

Deno.test("a failing snapshot store never fails the fold", async () => {
  const store = await storeOf(7);
  const broken: SnapshotStore = {
    latest: () => Promise.reject(new Error("down")),
    latestHead: () => Promise.reject(new Error("down")),
    parts: () => Promise.reject(new Error("down")),
    save: () => Promise.reject(new Error("down")),
    discard: () => Promise.reject(new Error("down")),
  };
  const problems: string[] = [];
  const folded = await foldStream(store, broken, STREAM, numbers, {
    every: 2,
    onSnapshotProblem: (p) => problems.push(p),
  });
  assert.deepEqual(folded.state, range(7));
  assert.deepEqual(problems, ["snapshot read failed", "snapshot write failed"]);
});

Deno.test("a stream of exactly `every` events, and an empty one", async () => {
  const store = await storeOf(4);
  const snapshots = createMemorySnapshotStore();
  const folded = await foldStream(store, snapshots, STREAM, numbers, { every: 4 });
  assert.deepEqual([folded.state, snapshots.rows.map((s) => s.version)], [range(4), [4]]);
  const empty = await foldStream(store, snapshots, "sum-none", numbers, { every: 4 });
  assert.deepEqual([empty.state, empty.version, empty.from], [[], 0, 0]);
});
