import assert from "node:assert/strict";
import { ChainVerifier, verifyChain } from "./chain_verifier.ts";
import { eventHashSync } from "./hash.ts";

function chain(n: number, stream = "s", firstPosition = 1) {
  let prevHash: string | null = null;
  return Array.from({ length: n }, (_, i) => {
    const base = {
      id: crypto.randomUUID(),
      stream,
      version: i + 1,
      type: "t",
      schemaVersion: 1,
      data: { i },
      metadata: { actor: null },
    };
    const e = {
      ...base,
      position: firstPosition + i,
      prevHash,
      hash: eventHashSync(prevHash, base),
    };
    prevHash = e.hash;
    return e;
  });
}

Deno.test("an intact history verifies, streams interleaved", async () => {
  const a = chain(3, "a", 1);
  const b = chain(3, "b", 10);
  const report = await verifyChain([a[0], b[0], a[1], b[1], b[2], a[2]]);
  assert.deepEqual(report, {
    ok: true,
    events: 6,
    headHash: a[2].hash,
    firstBadPosition: null,
    fault: null,
    firstBadStream: null,
  });
  assert.equal((await verifyChain([])).headHash, null);
});

Deno.test("the first bad event is named, with what is wrong", async () => {
  const events = chain(5);
  const changed = events.map((e, i) => i === 2 ? { ...e, data: { i: 99 } } : e);
  assert.deepEqual(
    (({ ok, firstBadPosition, fault }) => ({ ok, firstBadPosition, fault }))(
      await verifyChain(changed),
    ),
    { ok: false, firstBadPosition: 3, fault: "hash_mismatch" },
  );
  const v = new ChainVerifier();
  [events[0], events[2], events[3]].forEach((e) => v.push(e));
  assert.equal(v.report().firstBadPosition, 3);
  assert.equal(v.report().fault, "version_gap");
  assert.equal(v.report().events, 3);
  const relinked = [events[0], { ...events[1], prevHash: "0".repeat(64) }];
  assert.equal((await verifyChain(relinked)).fault, "prev_hash_mismatch");
  const moved = [events[0], { ...events[1], position: 1 }];
  assert.equal((await verifyChain(moved)).fault, "position_order");
});
