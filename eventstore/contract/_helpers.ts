/**
 * What the event store contract's cases share: the store factory's type, a
 * test event, and assertions and reads over a store.
 *
 * @module
 */
import assert from "node:assert/strict";
import { eventHash } from "../hash.ts";
import type { Cursor, EventStore, NewEvent, ReadAllResult, StoredEvent } from "../port.ts";

/** Makes a fresh, empty store; disposing it releases whatever it holds. */
export type MakeStore = () => Promise<{ store: EventStore } & AsyncDisposable>;

/** Registers one contract case, run on a fresh store. */
export type ContractTest = (title: string, fn: (store: EventStore) => Promise<void>) => void;

/** A new event with a random id, for tests. */
export function testEvent(type: string, data: unknown = {}, commandId?: string): NewEvent {
  return {
    id: crypto.randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actor: "user-1",
      commandId: commandId ?? crypto.randomUUID(),
      at: "2024-05-01T10:00:00.000Z",
    },
  };
}

/** Asserts that the events of one stream, in order, form its hash chain. */
export async function assertChain(events: readonly StoredEvent[]): Promise<void> {
  let prev: string | null = null;
  for (const e of events) {
    assert.equal(e.prevHash, prev, `prevHash of ${e.stream}@${e.version}`);
    assert.equal(e.hash, await eventHash(prev, e), `hash of ${e.stream}@${e.version}`);
    assert.match(e.hash, /^[0-9a-f]{64}$/);
    prev = e.hash;
  }
}

/** Reads the whole log in pages of `pageSize`. */
export async function readEverything(store: EventStore, pageSize: number): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  let cursor: Cursor | null = null;
  for (;;) {
    const page = await store.readAll({ after: cursor, limit: pageSize });
    all.push(...page.events);
    if (page.events.length === 0) return all;
    cursor = page.cursor;
  }
}

/**
 * Reads after `after` until at least `count` events arrived. The global log
 * may lag behind appends that already returned (in PostgreSQL, while any
 * older transaction on the server is still running), never the other way.
 */
export async function readAtLeast(
  store: EventStore,
  after: Cursor | null,
  count: number,
  pageSize = 1000,
): Promise<ReadAllResult> {
  const deadline = Date.now() + 30_000;
  const events: StoredEvent[] = [];
  let cursor = after;
  while (events.length < count) {
    const page = await store.readAll({ after: cursor, limit: pageSize });
    events.push(...page.events);
    cursor = page.cursor;
    if (page.events.length === 0) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return { events, cursor };
}
