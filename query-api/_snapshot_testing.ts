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
  groupHeadBalances,
  groupPairDebts,
  type GroupState,
  initialGroupState,
  parseGroupEvent,
} from "@kopek/domain";
import { arbHistory, historyId, writeHistory } from "@kopek/domain/testing";
import type { EventStore, SnapshotStore } from "@kopek/eventstore";
import { createGroupRepository } from "../command-api/group_repository.ts";
import { groupHeadAsOf, groupStateAsOf } from "./as_of.ts";

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
    // Long enough that entries recorded before a snapshot are amended and voided after it.
    history: arbHistory(60, 20),
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
    // As `GET …/balances?asOf=` reads it: the head, and only the entries later events touch.
    const head = await groupHeadAsOf(store, c.groupId, t, options);
    const state = await groupStateAsOf(store, c.groupId, t, options);
    const expected = fromZero(c, t);
    assert.deepEqual(groupHeadBalances(head), groupBalances(expected));
    assert.deepEqual(head.pairDebts, groupPairDebts(expected));
    assert.equal(head.state.exists, expected.exists);
    assert.deepEqual(head.state.members, expected.members);
    assert.deepEqual(head.state.totals, expected.totals);
    assert.deepEqual(groupBalances(state), groupBalances(expected));
    assert.deepEqual(state, expected);
  }
  // Balances as of every event's instant in turn, as `GET …/balances?asOf=` reads them: the reads
  // that pass `every` events write snapshots, so most start from a head, and entries recorded
  // before it are amended and voided after it.
  let expected = initialGroupState();
  for (const [i, e] of c.events.entries()) {
    const data = structuredClone(e.data);
    expected = evolveGroup(expected, parseGroupEvent(e.type, e.schemaVersion, data));
    if (c.events[i + 1]?.metadata.at === e.metadata.at) continue;
    const head = await groupHeadAsOf(store, c.groupId, Date.parse(e.metadata.at), options);
    assert.deepEqual(groupHeadBalances(head), groupBalances(expected));
    assert.deepEqual(head.pairDebts, groupPairDebts(expected));
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

/**
 * A store that hands out every snapshot corrupted (with a valid hash): the
 * whole state or the head with one member's paid total off by one minor
 * unit, or every entry fetched with its first payer's amount off by one.
 */
export function corrupting(
  inner: SnapshotStore,
  what: "state" | "head" | "entry" = "state",
): SnapshotStore {
  const offByOne = (state: GroupState) => {
    const [first] = state.totals.values();
    if (first) first.paid += 1n;
  };
  return {
    ...inner,
    async latest(query) {
      const s = await inner.latest(query);
      if (s === null || what !== "state") return s;
      const state = decodeGroupState(s.state);
      offByOne(state);
      return { ...s, state: encodeGroupState(state) };
    },
    async latestHead(query) {
      const s = await inner.latestHead(query);
      if (s === null || what !== "head") return s;
      const head = JSON.parse(s.head);
      const totals = head.rest.totals.$map as [string, { paid: { $big: string } }][];
      if (totals.length > 0) totals[0][1].paid.$big = String(BigInt(totals[0][1].paid.$big) + 1n);
      return { ...s, head: JSON.stringify(head) };
    },
    async parts(snapshot, keys) {
      const parts = await inner.parts(snapshot, keys);
      if (what !== "entry") return parts;
      for (const [key, text] of parts) {
        const row = JSON.parse(text);
        if (row[4].length > 0) row[4][1] = Number(row[4][1]) + 1;
        parts.set(key, JSON.stringify(row));
      }
      return parts;
    },
  };
}
