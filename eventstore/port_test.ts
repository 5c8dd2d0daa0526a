import assert from "node:assert/strict";
import { compareCursors, IdempotencyConflictError, VersionConflictError } from "./port.ts";

Deno.test("compareCursors() orders by transaction id as an integer, then position", () => {
  assert.equal(compareCursors({ txId: "9", position: 50 }, { txId: "10", position: 1 }), -1);
  assert.equal(compareCursors({ txId: "10", position: 1 }, { txId: "9", position: 50 }), 1);
  assert.equal(compareCursors({ txId: "10", position: 2 }, { txId: "10", position: 3 }), -1);
  assert.equal(compareCursors({ txId: "10", position: 3 }, { txId: "10", position: 3 }), 0);
  assert.equal(
    compareCursors({ txId: "18446744073709551614", position: 1 }, {
      txId: "18446744073709551615",
      position: 0,
    }),
    -1,
  );
});

Deno.test("VersionConflictError() carries its code and the versions", () => {
  const e = new VersionConflictError("s", 2, 3);
  assert.equal(e.code, "eventstore.version_conflict");
  assert.deepEqual([e.stream, e.expected, e.actual], ["s", 2, 3]);
  assert.ok(e instanceof Error);
  assert.equal(new IdempotencyConflictError("k").code, "eventstore.idempotency_conflict");
});
