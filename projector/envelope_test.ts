import assert from "node:assert/strict";
import type { StoredEvent } from "@kopek/eventstore";
import { classifyFault } from "./faults.ts";
import { NewerEventError, parseGroupEvents } from "./envelope.ts";

const GROUP = "0193a0a0-0000-7000-8000-000000000001";

function stored(type: string, schemaVersion: number, data: unknown, position = 1): StoredEvent {
  return {
    id: `0193a0a0-0000-7000-8000-${String(position).padStart(12, "0")}`,
    stream: `group-${GROUP}`,
    version: position,
    position,
    txId: "1",
    type,
    schemaVersion,
    data,
    metadata: { actor: null, commandId: "c", at: "2026-11-20T00:00:00.000Z" },
    hash: "h",
    prevHash: null,
  };
}

Deno.test("parseGroupEvents() sets aside an event whose data its schema refuses (it quarantines)", () => {
  const { envelopes, unreadable } = parseGroupEvents([
    stored("GroupRenamed", 1, { name: "Trip" }, 1),
    stored("GroupRenamed", 1, { name: 42 }, 2),
  ]);
  assert.deepEqual(envelopes.map((e) => e.position), [1]);
  assert.deepEqual(unreadable.map((e) => [e.position, e.type]), [[2, "GroupRenamed"]]);
  assert.equal(classifyFault(unreadable[0].error), "data");
});

Deno.test("parseGroupEvents() stalls on an event type or version this release does not know", () => {
  for (const [type, version] of [["ExpenseSplitIntoItems", 1], ["GroupRenamed", 2]] as const) {
    const error = (() => {
      try {
        parseGroupEvents([stored(type, version, { name: "Trip" }, 7)]);
      } catch (e) {
        return e;
      }
      return null;
    })();
    assert.ok(error instanceof NewerEventError, `${type} v${version}: ${error}`);
    assert.equal(error.position, 7);
    // An environment fault: the batch is retried (loudly), nothing is quarantined.
    assert.equal(classifyFault(error), "environment");
  }
});
