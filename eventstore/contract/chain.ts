/**
 * The event store contract's cases on the hash chain and the order of
 * `metadata.at` within a stream.
 *
 * @module
 */
import assert from "node:assert/strict";
import { assertChain, type ContractTest, testEvent } from "./_helpers.ts";

/** Registers the hash-chain and monotonic `at` cases. */
export function chainCases(test: ContractTest): void {
  test("append() never stores an at earlier than the previous event's in its stream", async (store) => {
    const at = (iso: string) => {
      const e = testEvent("a");
      return { ...e, metadata: { ...e.metadata, at: iso } };
    };
    await store.append({ stream: "t", expectedVersion: 0, events: [at("2026-12-05T10:00:00Z")] });
    // A clock an hour behind, in one event and in several; another stream is not concerned.
    const late = await store.append([
      {
        stream: "t",
        expectedVersion: 1,
        events: [at("2026-12-05T09:00:00.000Z"), at("2026-12-05T10:00:01.000Z")],
      },
      { stream: "u", expectedVersion: 0, events: [at("2026-12-05T09:00:00.000Z")] },
    ]);
    await store.append({ stream: "t", expectedVersion: 3, events: [at("2026-12-05T09:30:00Z")] });
    const read = await store.readStream("t");
    assert.deepEqual(read.map((e) => e.metadata.at), [
      "2026-12-05T10:00:00Z",
      "2026-12-05T10:00:00Z",
      "2026-12-05T10:00:01.000Z",
      "2026-12-05T10:00:01.000Z",
    ]);
    assert.deepEqual(read.slice(1, 3), late.events.slice(0, 2));
    assert.equal((await store.readStream("u"))[0].metadata.at, "2026-12-05T09:00:00.000Z");
    await assertChain(read);
  });

  test("append() chains hashes per stream across appends", async (store) => {
    for (let i = 0; i < 4; i++) {
      await store.append([
        { stream: "x", expectedVersion: i * 2, events: [testEvent("a", { i }), testEvent("b")] },
        { stream: "y", expectedVersion: "any", events: [testEvent("c", [i])] },
      ]);
    }
    const x = await store.readStream("x");
    const y = await store.readStream("y");
    assert.equal(x.length, 8);
    assert.equal(y.length, 4);
    assert.equal(x[0].prevHash, null);
    await assertChain(x);
    await assertChain(y);
  });
}
