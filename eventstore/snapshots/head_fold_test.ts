import assert from "node:assert/strict";
import { createMemoryEventStore } from "../memory/adapter.ts";
import type { EventStore, StoredEvent } from "../port.ts";
import type { SnapshotFold } from "./fold.ts";
import { foldHead, type HeadFold } from "./head_fold.ts";
import { createMemorySnapshotStore } from "./memory.ts";
import type { SnapshotStore } from "./port.ts";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const STREAM = "cells-1";

/** Event data: set cell `k` to `n`. The state: every cell; the head: their sum and the cells read. */
type Cell = { k: string; n: number };
type Head = { sum: number; cells: Map<string, number> };

const cells: SnapshotFold<Map<string, number>> = {
  name: "cells",
  version: 1,
  initial: () => new Map(),
  evolve: (state, e: StoredEvent) => {
    const { k, n } = e.data as Cell;
    return state.set(k, n);
  },
  encode: (state) => JSON.stringify([...state]),
  decode: (text) => new Map(JSON.parse(text)),
  split: (state) => ({
    head: JSON.stringify([...state.values()].reduce((a, b) => a + b, 0)),
    parts: [...state].map(([k, n]) => [k, String(n)] as const),
  }),
};

const fetched: string[][] = [];
const cellHead: HeadFold<Map<string, number>, Head, Cell> = {
  full: cells,
  parse: (e) => e.data as Cell,
  touched: (events) => new Set(events.map((e) => e.k)),
  decode: (head, parts) => {
    fetched.push([...parts.keys()].sort());
    return { sum: JSON.parse(head), cells: new Map([...parts].map(([k, n]) => [k, Number(n)])) };
  },
  evolve: (head, { k, n }) => {
    head.sum += n - (head.cells.get(k) ?? 0);
    head.cells.set(k, n);
    return head;
  },
  ofState: (state) => ({ sum: [...state.values()].reduce((a, b) => a + b, 0), cells: state }),
};

/** Event v sets cell `c{v % 5}` to v, decided at T0 + v seconds. */
async function storeOf(n: number): Promise<EventStore> {
  const store = createMemoryEventStore();
  await store.append({
    stream: STREAM,
    expectedVersion: 0,
    events: Array.from({ length: n }, (_, i) => ({
      id: crypto.randomUUID(),
      type: "Set",
      schemaVersion: 1,
      data: { k: `c${(i + 1) % 5}`, n: i + 1 },
      metadata: { actor: null, commandId: crypto.randomUUID(), at: at(i + 1) },
    })),
  });
  return store;
}
const at = (v: number) => new Date(T0 + 1000 * v).toISOString();
/** The sum of the cells after the first `v` events. */
const sumAt = (v: number) => {
  const m = new Map<string, number>();
  for (let i = 1; i <= v; i++) m.set(`c${i % 5}`, i);
  return [...m.values()].reduce((a, b) => a + b, 0);
};

Deno.test("a head fold reads the head and only the parts the later events touch", async () => {
  const store = await storeOf(20);
  const snapshots = createMemorySnapshotStore();
  const options = { every: 10 };
  // No snapshot yet: the whole fold, which writes the snapshot at 10 (with its split).
  assert.equal(
    (await foldHead(store, snapshots, STREAM, cellHead, { ...options, until: T0 + 12_000 })).sum,
    sumAt(12),
  );
  assert.deepEqual(snapshots.rows.map((s) => [s.version, s.split?.parts.length]), [[10, 5]]);
  fetched.length = 0;
  for (const v of [10, 11, 13, 19]) {
    const head = await foldHead(store, snapshots, STREAM, cellHead, {
      ...options,
      until: T0 + 1000 * v,
    });
    assert.equal(head.sum, sumAt(v));
  }
  // Events 11, 12, 13 set c1, c2, c3; events 11 to 19 touch every cell.
  assert.deepEqual(fetched, [[], ["c1"], ["c1", "c2", "c3"], ["c0", "c1", "c2", "c3", "c4"]]);
});

Deno.test("a head fold far from its snapshot, or on a mismatch, is the whole fold", async () => {
  const store = await storeOf(35);
  const snapshots = createMemorySnapshotStore();
  const options = { every: 10 };
  await foldHead(store, snapshots, STREAM, cellHead, { ...options, until: T0 + 12_000 });
  // 25 events after the snapshot at 10: the whole fold, which writes one at 30.
  assert.equal((await foldHead(store, snapshots, STREAM, cellHead, options)).sum, sumAt(35));
  assert.deepEqual(snapshots.rows.map((s) => s.version), [10, 30]);
  snapshots.rows[1] = { ...snapshots.rows[1], hash: "0".repeat(64) };
  assert.equal((await foldHead(store, snapshots, STREAM, cellHead, options)).sum, sumAt(35));
});

Deno.test("a failing snapshot store never fails a head fold", async () => {
  const store = await storeOf(7);
  const broken: SnapshotStore = {
    latest: () => Promise.reject(new Error("down")),
    latestHead: () => Promise.reject(new Error("down")),
    parts: () => Promise.reject(new Error("down")),
    save: () => Promise.reject(new Error("down")),
    discard: () => Promise.reject(new Error("down")),
  };
  const head = await foldHead(store, broken, STREAM, cellHead, { every: 2 });
  assert.equal(head.sum, sumAt(7));
});
