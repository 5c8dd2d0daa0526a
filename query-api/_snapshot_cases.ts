/**
 * The cases of "snapshots never change an answer" (ADR 0065), for the unit
 * property test (in-memory stores) and the integration test (PostgreSQL):
 * a generated history, a snapshot interval, reads as of random instants
 * that place snapshots, and reads whose answers are compared with the fold
 * from zero, computed here on its own (every event decided by the instant,
 * no snapshot, no early stop).
 *
 * @module
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
import type { EventStore, SnapshotStore } from "@kopek/eventstore";
import { createGroupRepository } from "../command-api/group_repository.ts";
import { groupStateAsOf } from "./as_of.ts";

/** One generated case. */
export interface Case {
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
/** Generated cases; each names a group of its own. */
export const arbCase: fc.Arbitrary<Case> = fc
  .record({
    history: arbHistory(40),
    every: fc.integer({ min: 1, max: 12 }),
    warmups: fc.array(fc.double({ min: -0.1, max: 1.1, noNaN: true }), { maxLength: 4 }),
    checks: fc.array(fc.double({ min: -0.1, max: 1.1, noNaN: true }), {
      minLength: 1,
      maxLength: 4,
    }),
    batches: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
    exact: fc.boolean(),
  })
  .map(({ history, every, warmups, checks, batches, exact }) => {
    const groupId = historyId(0x5000_0000 + ids++);
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
    return {
      events,
      groupId,
      every,
      warmups: warmups.map(instant),
      checks: checks.map(instant),
      batches,
    };
  });

/** Appends the case's history to a store, in batches of its sizes. */
export async function appendCase(store: EventStore, c: Case): Promise<void> {
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
}

/** The reference: every event decided by `until`, folded from the initial state. */
export function fromZero(c: Case, until: number): GroupState {
  let state = initialGroupState();
  for (const e of c.events) {
    if (decidedBy(e.metadata.at, until)) {
      state = evolveGroup(state, parseGroupEvent(e.type, e.schemaVersion, structuredClone(e.data)));
    }
  }
  return state;
}

/** Reads the case's instants with snapshots and compares each answer with the fold from zero. */
export async function checkCase(
  store: EventStore,
  c: Case,
  snapshots: SnapshotStore,
): Promise<void> {
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

/** A store that hands out every snapshot with one member's paid total off by one minor unit. */
export function corrupting(inner: SnapshotStore): SnapshotStore {
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
