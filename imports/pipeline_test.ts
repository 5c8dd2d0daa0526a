/**
 * The two passes over real dump bytes: generated histories written as
 * dumps, read in any chunking, imported, exported again and imported
 * again, with the ledger equal member by member each time.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { ImportRefusal, type ReplayedCommand } from "@kopek/domain";
import { DumpError } from "@kopek/eventstore";
import { chunked, dumpOf } from "@kopek/eventstore/dump/testing";
import {
  arbHistory,
  type HistoryEvent,
  IMPORT_NOW,
  ledgerOf,
  richHistory,
  uuid,
  writeHistory,
} from "@kopek/domain/testing";
import {
  evolveGroup,
  groupEventSchemaVersion,
  type GroupState,
  initialGroupState,
} from "@kopek/domain";
import { checkDump, type DumpSource, importFailureOf, replayDump } from "./pipeline.ts";
import { derivedIdFor } from "./ids.ts";

const IMPORTER = uuid(9999);

function source(bytes: Uint8Array, cuts: number[] = []): DumpSource {
  return () => chunked(bytes, cuts);
}

/** Imports a dump; answers the new groups' events as the importer's store would hold them. */
async function importDump(open: DumpSource, secret: string, importer = IMPORTER) {
  const { summary, dump } = await checkDump(open, { nowMs: IMPORT_NOW });
  const commands: ReplayedCommand[] = [];
  const { groups } = await replayDump(open, {
    summary,
    checksum: dump.checksum,
    importerUserId: importer,
    idFor: derivedIdFor(secret),
    nowMs: IMPORT_NOW,
  }, (c) => {
    commands.push(c);
  });
  const states = new Map<string, GroupState>();
  const events: HistoryEvent[] = commands.flatMap((c) =>
    c.events.map(({ id, event }) => {
      states.set(
        c.groupId,
        evolveGroup(states.get(c.groupId) ?? initialGroupState(), structuredClone(event)),
      );
      return {
        stream: c.stream,
        id,
        type: event.type,
        schemaVersion: groupEventSchemaVersion(event.type),
        data: event.data,
        metadata: { actor: importer, commandId: c.commandId, at: c.at, requestId: null },
      };
    })
  );
  return { groups, events, states, summary };
}

Deno.test("a dump imports through both passes, whatever its chunking, and its import exported imports again", async () => {
  await fc.assert(
    fc.asyncProperty(arbHistory(30), fc.array(fc.nat(), { maxLength: 30 }), async (h, cuts) => {
      let next = 1000;
      const history = writeHistory(uuid(2), h, () => next++);
      const bytes = new TextEncoder().encode(await dumpOf(history.events));
      const one = await importDump(source(bytes, cuts.map((c) => c % bytes.length)), "one");
      const [g] = one.groups;
      const ids = derivedIdFor("one");
      assert.deepEqual(
        ledgerOf(one.states.get(g.id)!, one.events),
        ledgerOf(history.state, history.events, ids),
      );
      // Exported again (as the new instance's store holds it) and imported again, twice.
      const two = await importDump(
        source(new TextEncoder().encode(await dumpOf(one.events))),
        "two",
        uuid(8888),
      );
      const three = await importDump(
        source(new TextEncoder().encode(await dumpOf(two.events))),
        "three",
      );
      const [g3] = three.groups;
      const [i2, i3] = [derivedIdFor("two"), derivedIdFor("three")];
      assert.deepEqual(
        ledgerOf(three.states.get(g3.id)!, three.events),
        ledgerOf(history.state, history.events, (k, id) => i3(k, i2(k, ids(k, id)))),
      );
    }),
    { numRuns: 40 },
  );
});

Deno.test("a rich history round-trips through dumps", async () => {
  const history = richHistory();
  const one = await importDump(source(new TextEncoder().encode(await dumpOf(history.events))), "s");
  const [g] = one.groups;
  assert.deepEqual(
    ledgerOf(one.states.get(g.id)!, one.events),
    ledgerOf(history.state, history.events, derivedIdFor("s")),
  );
});

Deno.test("replayDump() refuses a dump that changed between the passes", async () => {
  const history = richHistory();
  const a = new TextEncoder().encode(await dumpOf(history.events));
  const b = new TextEncoder().encode(
    await dumpOf(history.events, { exportedAt: "2026-12-02T00:00:00.000Z" }),
  );
  const { summary, dump } = await checkDump(source(a), { nowMs: IMPORT_NOW });
  await assert.rejects(
    () =>
      replayDump(source(b), {
        summary,
        checksum: dump.checksum,
        importerUserId: IMPORTER,
        idFor: derivedIdFor("x"),
        nowMs: IMPORT_NOW,
      }, () => {}),
    (e) => e instanceof ImportRefusal && e.code === "dump.changed",
  );
  // A shorter history is another summary.
  const c = new TextEncoder().encode(await dumpOf(history.events.slice(0, -1)));
  const checksum = (await checkDump(source(c), { nowMs: IMPORT_NOW })).dump.checksum;
  await assert.rejects(
    () =>
      replayDump(source(c), {
        summary,
        checksum,
        importerUserId: IMPORTER,
        idFor: derivedIdFor("x"),
        nowMs: IMPORT_NOW,
      }, () => {}),
    (e) => e instanceof ImportRefusal && e.code === "dump.changed",
  );
});

Deno.test("derivedIdFor() gives lower-case UUIDs, the same for the same secret, others for another", () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.string(), (secret, other, id) => {
      const a = derivedIdFor(secret);
      const v = a("member", id);
      assert.match(v, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(derivedIdFor(secret)("member", id), v);
      assert.notEqual(a("expense", id), v);
      if (other !== secret) assert.notEqual(derivedIdFor(other)("member", id), v);
    }),
  );
});

Deno.test("importFailureOf() names the reader's and the core's refusals, and nothing else", () => {
  assert.deepEqual(importFailureOf(new DumpError("checksum_mismatch", "altered", 7)), {
    code: "dump.checksum_mismatch",
    detail: "altered",
    position: null,
    line: 7,
  });
  const r = importFailureOf(new ImportRefusal("dump.bad_event", "bad", 12, "group-x"));
  assert.equal(r?.code, "dump.bad_event");
  assert.equal(r?.position, 12);
  assert.match(r!.detail, /position 12 of group-x: bad/);
  assert.equal(importFailureOf(new Error("boom")), null);
});
