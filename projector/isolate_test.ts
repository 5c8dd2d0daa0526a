import assert from "node:assert/strict";
import fc from "fast-check";
import { byStream, isolateFaults } from "./isolate.ts";

/** An event of the model: a stream, its index in the stream, an amount, a poison flag. */
interface Ev {
  readonly groupId: string;
  readonly index: number;
  readonly amount: bigint;
  readonly poison: boolean;
}

class DataError extends Error {}
class EnvironmentError extends Error {}

const LIMIT = 1_000n;

/**
 * A projection in miniature, transactional like an attempt under a
 * savepoint: it adds amounts per stream and refuses a poison event while it
 * folds, a total past `LIMIT` when it writes (like a bigint overflow at the
 * upsert: only the batch's end result counts), and with `maxBatch` a batch
 * too large for one statement (a batch fails where its halves do not).
 */
function model(options: { failAt?: number; maxBatch?: number } = {}) {
  const totals = new Map<string, bigint>();
  const applied: Ev[] = [];
  let attempts = 0;
  const attempt = (batch: readonly Ev[]) => {
    attempts++;
    if (attempts === options.failAt) throw new EnvironmentError("connection lost");
    if (batch.length > (options.maxBatch ?? Infinity)) throw new DataError("too large");
    const next = new Map(totals);
    for (const e of batch) {
      if (e.poison) throw new DataError(`poison ${e.groupId}#${e.index}`);
      next.set(e.groupId, (next.get(e.groupId) ?? 0n) + e.amount);
    }
    for (const [g, t] of next) if (t > LIMIT) throw new DataError(`${g} out of range`);
    for (const [g, t] of next) totals.set(g, t);
    applied.push(...batch);
    return Promise.resolve();
  };
  return { totals, applied, attempt, attempts: () => attempts };
}

const isData = (e: unknown) => e instanceof DataError;

function events(streams: number, perStream: number, poison: (g: number, i: number) => boolean) {
  const out: Ev[] = [];
  // Interleaved, as the log interleaves groups.
  for (let i = 0; i < perStream; i++) {
    for (let g = 0; g < streams; g++) {
      out.push({ groupId: `g${g}`, index: i, amount: 1n, poison: poison(g, i) });
    }
  }
  return out;
}

Deno.test("isolateFaults() applies a clean batch in one attempt", async () => {
  const m = model();
  const batch = events(20, 10, () => false);
  assert.deepEqual(await isolateFaults(batch, m.attempt, isData), []);
  assert.equal(m.attempts(), 1);
  assert.deepEqual(m.applied, batch);
});

Deno.test("isolateFaults() isolates one poison event and applies everything else in order", async () => {
  const m = model();
  const batch = events(64, 30, (g, i) => g === 37 && i === 11);
  const faults = await isolateFaults(batch, m.attempt, isData);
  assert.equal(faults.length, 1);
  assert.deepEqual(faults[0].event, batch.find((e) => e.poison));
  assert.ok(faults[0].error instanceof DataError);
  // Every other stream whole; the poisoned one up to the event before the poison.
  for (const [g, total] of m.totals) assert.equal(total, g === "g37" ? 11n : 30n, g);
  for (const stream of byStream(m.applied)) {
    assert.deepEqual(stream.map((e) => e.index), stream.map((_, i) => i), "in order");
  }
  // About 2·log2(64) + log2(30) attempts, not one per stream or event.
  assert.ok(m.attempts() <= 2 * 6 + 5 + 3, `${m.attempts()} attempts`);
});

Deno.test("isolateFaults() quarantines a poison first or last event, and several streams", async () => {
  const m = model();
  const batch = events(10, 8, (g, i) => (g === 0 && i === 0) || (g === 9 && i === 7) || g === 4);
  const faults = await isolateFaults(batch, m.attempt, isData);
  assert.deepEqual(
    faults.map((f) => [f.event.groupId, f.event.index]).sort(),
    [["g0", 0], ["g4", 0], ["g9", 7]],
  );
  assert.equal(m.totals.get("g0"), undefined);
  assert.equal(m.totals.get("g9"), 7n);
  assert.equal(m.totals.get("g5"), 8n);
});

Deno.test("isolateFaults() rethrows an environment error and quarantines nothing", async () => {
  for (const failAt of [1, 2, 3, 5, 8]) {
    const m = model({ failAt });
    const batch = events(16, 4, (g, i) => g === 3 && i === 2);
    await assert.rejects(isolateFaults(batch, m.attempt, isData), EnvironmentError);
  }
});

Deno.test("isolateFaults() applies in pieces, in order, a batch that fails only as a whole", async () => {
  const m = model({ maxBatch: 5 });
  const batch = events(3, 30, () => false);
  assert.deepEqual(await isolateFaults(batch, m.attempt, isData), []);
  for (const stream of byStream(m.applied)) {
    assert.deepEqual(stream.map((e) => e.index), stream.map((_, i) => i));
    assert.equal(stream.length, 30);
  }
});

Deno.test("isolateFaults() keeps every stream a prefix in order and names the first event not applied", async () => {
  const arbEvent = fc.record({
    stream: fc.integer({ min: 0, max: 4 }),
    // Negative amounts too: a prefix may overflow where the whole stream does not.
    amount: fc.bigInt({ min: -300n, max: 400n }),
    poison: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(arbEvent, { maxLength: 80 }), fc.boolean(), async (raw, small) => {
      const counters = new Map<string, number>();
      const batch: Ev[] = raw.map((r) => {
        const groupId = `g${r.stream}`;
        const index = counters.get(groupId) ?? 0;
        counters.set(groupId, index + 1);
        return { groupId, index, amount: r.amount, poison: r.poison };
      });
      const m = model({ maxBatch: small ? 5 : undefined });
      const faults = await isolateFaults(batch, m.attempt, isData);
      const applied = new Map(byStream(m.applied).map((s) => [s[0].groupId, s]));
      const faulted = new Map(faults.map((f) => [f.event.groupId, f.event]));
      assert.equal(faulted.size, faults.length, "one fault per stream");
      for (const stream of byStream(batch)) {
        const g = stream[0].groupId;
        const done = applied.get(g) ?? [];
        // A prefix of the stream, in order.
        assert.deepEqual(done, stream.slice(0, done.length), g);
        // Whole, or stopped at the faulted event.
        if (done.length < stream.length) assert.equal(faulted.get(g), stream[done.length], g);
        else assert.equal(faulted.has(g), false, g);
        // Never a poison event, never past the limit.
        assert.ok(done.every((e) => !e.poison));
        assert.ok((m.totals.get(g) ?? 0n) <= LIMIT);
        // A stream with no poison whose every prefix stays under the limit is applied whole.
        let sum = 0n;
        const under = stream.every((e) => (sum += e.amount) <= LIMIT);
        if (stream.every((e) => !e.poison) && under) {
          assert.equal(done.length, stream.length, g);
        }
        // A stream with a poison event stops at or before the first one.
        const firstPoison = stream.findIndex((e) => e.poison);
        if (firstPoison >= 0) assert.ok(done.length <= firstPoison, g);
      }
    }),
    { numRuns: 300 },
  );
});
