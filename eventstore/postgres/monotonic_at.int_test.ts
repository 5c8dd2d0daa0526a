/**
 * Monotonic `metadata.at` per stream (ADR 0026) against the real PostgreSQL:
 * instances (adapters with their own head caches) whose clocks disagree
 * append to the same streams, and every stream's `at`s still never go back,
 * with its hash chain intact.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { verifyChain } from "../chain_verifier.ts";
import { testEvent } from "../contract.ts";
import type { AppendRequest, EventStore, StoredEvent } from "../port.ts";
import { createPostgresEventStore } from "./adapter.ts";
import { createStoreDatabase } from "./_testing.ts";

const HOUR = 3_600_000;

function eventAt(at: Date) {
  const e = testEvent("thing.happened");
  return { ...e, metadata: { ...e.metadata, at: at.toISOString() } };
}

function assertNonDecreasing(events: readonly StoredEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    const [before, after] = [events[i - 1].metadata.at, events[i].metadata.at];
    assert.ok(
      Date.parse(after) >= Date.parse(before),
      `${events[i].stream} v${events[i].version} at ${after} is before v${
        events[i - 1].version
      } at ${before}`,
    );
  }
}

Deno.test("an append from a clock an hour behind takes the previous event's at, and the chain holds", async () => {
  await using made = await createStoreDatabase();
  // Two instances: each its own adapter (own head cache) on its own pool.
  const ahead = createPostgresEventStore(made.pool(2));
  const behind = createPostgresEventStore(made.pool(2));
  const now = Date.parse("2026-12-05T10:00:00.000Z");
  const stream = `group-${crypto.randomUUID()}`;

  await behind.append({ stream, expectedVersion: 0, events: [eventAt(new Date(now - HOUR))] });
  // The behind instance has now cached the head at version 1; the other one moves it on.
  await behind.readStream(stream);
  await ahead.append({ stream, expectedVersion: 1, events: [eventAt(new Date(now))] });
  // A stale cache (version 1) and a clock an hour behind: the append learns the real head
  // under its concurrency check, and takes that head's at.
  const late = await behind.append({
    stream,
    expectedVersion: "any",
    events: [eventAt(new Date(now - HOUR + 1000)), eventAt(new Date(now + 5))],
  });
  assert.deepEqual(late.events.map((e) => e.metadata.at), [
    new Date(now).toISOString(),
    new Date(now + 5).toISOString(),
  ]);
  // An exact expected version (the decider's case) and a single event (the one-statement path).
  const single = await behind.append({
    stream,
    expectedVersion: 4,
    events: [eventAt(new Date(now - HOUR))],
  });
  assert.equal(single.events[0].metadata.at, new Date(now + 5).toISOString());

  const events = await made.store.readStream(stream);
  assert.deepEqual(events.map((e) => e.metadata.at), [
    new Date(now - HOUR).toISOString(),
    new Date(now).toISOString(),
    new Date(now).toISOString(),
    new Date(now + 5).toISOString(),
    new Date(now + 5).toISOString(),
  ]);
  // What the appends answered is what was stored, and the chain verifies.
  assert.deepEqual(events.slice(2, 4), late.events);
  assert.deepEqual(events[4], single.events[0]);
  const report = await verifyChain(events);
  assert.equal(report.ok, true, JSON.stringify(report));
});

Deno.test("for any appends from instances with arbitrary clocks, at is non-decreasing per stream", async () => {
  await using made = await createStoreDatabase();
  const INSTANCES = 3;
  const STREAMS = 3;
  const instances: EventStore[] = Array.from(
    { length: INSTANCES },
    () => createPostgresEventStore(made.pool(3)),
  );
  const base = Date.parse("2026-12-05T10:00:00.000Z");
  const append = fc.record({
    instance: fc.nat(INSTANCES - 1),
    // Each stream of the append, with its events' clock readings (ms off the true time).
    streams: fc.uniqueArray(
      fc.record({
        stream: fc.nat(STREAMS - 1),
        offsets: fc.array(fc.integer({ min: -2 * HOUR, max: 2 * HOUR }), {
          minLength: 1,
          maxLength: 3,
        }),
      }),
      { minLength: 1, maxLength: STREAMS, selector: (s) => s.stream },
    ),
    // Whether the instance reads the stream first (a fresh head in its cache) or not.
    readFirst: fc.boolean(),
  });
  await fc.assert(
    fc.asyncProperty(
      // Rounds of appends that run concurrently.
      fc.array(fc.array(append, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
      async (rounds) => {
        const run = crypto.randomUUID();
        const streamName = (i: number) => `s${i}-${run}`;
        let tick = 0;
        for (const round of rounds) {
          tick += 1000;
          await Promise.all(round.map(async (a) => {
            const store = instances[a.instance];
            if (a.readFirst) await store.readStream(streamName(a.streams[0].stream));
            // Streams in one order in every append: two multi-stream appends naming them in
            // opposite orders may deadlock on the unique index (a property of the store this
            // test is not about).
            const streams = a.streams.toSorted((x, y) => x.stream - y.stream);
            const requests: AppendRequest[] = streams.map((s) => ({
              stream: streamName(s.stream),
              expectedVersion: "any",
              events: s.offsets.map((o) => eventAt(new Date(base + tick + o))),
            }));
            await store.append(requests);
          }));
        }
        for (let i = 0; i < STREAMS; i++) {
          const events = await made.store.readStream(streamName(i));
          assertNonDecreasing(events);
          const report = await verifyChain(events);
          assert.equal(report.ok, true, JSON.stringify(report));
        }
      },
    ),
    { numRuns: 15 },
  );
});
