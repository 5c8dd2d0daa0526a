/**
 * Snapshots never change an answer (ADR 0065): over generated histories,
 * random instants and random snapshot placements (reads as of random
 * instants before, with a random snapshot interval), the balances as of an
 * instant and the command side's cold load equal the fold from zero, which
 * this test computes on its own (every event decided by the instant, no
 * snapshot, no early stop). The last test shows the property can fail: a
 * snapshot store that hands out a corrupted state (with a valid hash) is
 * caught.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  decidedBy,
  decodeGroupState,
  encodeGroupState,
  evolveGroup,
  groupBalances,
  type GroupState,
  initialGroupState,
  parseGroupEvent,
} from "@kopek/domain";
import { arbHistory, historyId, writeHistory } from "@kopek/domain/testing";
import {
  createMemoryEventStore,
  createMemorySnapshotStore,
  type EventStore,
  type SnapshotStore,
} from "@kopek/eventstore";
import { createGroupRepository } from "../command-api/group_repository.ts";
import { groupStateAsOf } from "./as_of.ts";

interface Case {
  readonly events: ReturnType<typeof writeHistory>["events"];
  readonly groupId: string;
  readonly every: number;
  /** Instants (ms) of the reads that place snapshots, then of the reads checked. */
  readonly warmups: number[];
  readonly checks: number[];
  /** Events per append. */
  readonly batches: number[];
}

let ids = 1;
const arbCase: fc.Arbitrary<Case> = fc
  .record({
    history: arbHistory(40),
    every: fc.integer({ min: 1, max: 12 }),
    warmups: fc.array(fc.double({ min: -0.1, max: 1.1, noNaN: true }), { maxLength: 4 }),
    checks: fc.array(fc.double({ min: -0.1, max: 1.1, noNaN: true }), { minLength: 1, maxLength: 4 }),
    batches: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
    exact: fc.boolean(),
  })
  .map(({ history, every, warmups, checks, batches, exact }) => {
    const groupId = historyId(0x5000 + (ids % 1000));
    const events = writeHistory(groupId, history, () => ids++).events;
    const first = Date.parse(events[0].metadata.at);
    const last = Date.parse(events[events.length - 1].metadata.at);
    // An instant between the first and last event's (or exactly an event's, when `exact`).
    const instant = (f: number) => {
      const t = Math.round(first + f * (last - first));
      if (!exact) return t;
      const e = events[Math.min(events.length - 1, Math.max(0, Math.floor(f * events.length)))];
      return Date.parse(e.metadata.at);
    };
    return { events, groupId, every, warmups: warmups.map(instant), checks: checks.map(instant), batches };
  });

async function storeOf(c: Case): Promise<EventStore> {
  const store = createMemoryEventStore();
  let version = 0;
  for (let i = 0; version < c.events.length; i++) {
    const n = c.batches[i % c.batches.length];
    const batch = c.events.slice(version, version + n);
    await store.append({
      stream: batch[0].stream,
      expectedVersion: version,
      events: batch.map((e) => ({ ...e, metadata: { ...e.metadata } })),
    });
    version += batch.length;
  }
  return store;
}

/** The reference: every event decided by `until`, folded from the initial state. */
function fromZero(c: Case, until: number): GroupState {
  let state = initialGroupState();
  for (const e of c.events) {
    if (decidedBy(e.metadata.at, until)) {
      state = evolveGroup(state, parseGroupEvent(e.type, e.schemaVersion, structuredClone(e.data)));
    }
  }
  return state;
}

async function check(c: Case, snapshots: SnapshotStore): Promise<void> {
  const store = await storeOf(c);
  const options = { snapshots, every: c.every };
  for (const t of c.warmups) await groupStateAsOf(store, c.groupId, t, options);
  for (const t of c.checks) {
    const state = await groupStateAsOf(store, c.groupId, t, options);
    const expected = fromZero(c, t);
    assert.deepEqual(groupBalances(state), groupBalances(expected));
    assert.deepEqual(state, expected);
  }
  // The command side's cold load, twice (the second from the snapshot the first may write).
  for (let i = 0; i < 2; i++) {
    const repository = createGroupRepository(store, {
      newId: crypto.randomUUID,
      snapshots,
      snapshotEvery: c.every,
    });
    assert.deepEqual(await repository.current(c.groupId), fromZero(c, Number.MAX_SAFE_INTEGER));
  }
}

Deno.test("snapshots never change an answer: as-of balances and cold loads equal the fold from zero", async () => {
  await fc.assert(
    fc.asyncProperty(arbCase, async (c) => {
      const snapshots = createMemorySnapshotStore();
      await check(c, snapshots);
      // Snapshots were placed (unless the history is shorter than the interval).
      if (c.events.length >= c.every) assert.ok(snapshots.rows.length > 0);
    }),
    { numRuns: 150 },
  );
});

/** A store that hands out every snapshot with one member's paid total off by one minor unit. */
function corrupting(inner: SnapshotStore): SnapshotStore {
  return {
    ...inner,
    async latest(query) {
      const s = await inner.latest(query);
      if (s === null) return null;
      const state = decodeGroupState(s.state);
      const [first] = state.totals.values();
      if (first) first.paid += 1n;
      return { ...s, state: encodeGroupState(state) };
    },
  };
}

Deno.test("the property catches a corrupted snapshot (it can fail)", async () => {
  await assert.rejects(
    fc.assert(
      fc.asyncProperty(arbCase, (c) => check(c, corrupting(createMemorySnapshotStore()))),
      { numRuns: 150 },
    ),
    /Property failed/,
  );
});
