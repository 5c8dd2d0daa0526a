/**
 * The import's forging fuzz, at the pure level: generated histories (and
 * one with every kind of event) are forged — events changed, added,
 * dropped, regrouped (`domain/testing/forgery.ts`), or the dump's text
 * given statements, preamble changes and bytes Kopek never writes
 * (`eventstore/dump/testing`) — resealed with a valid hash chain and
 * checksum where the forger can, read in random chunkings, and run through
 * both passes. Each must be refused by the reader or the import core with
 * its code and position, or accepted harmlessly. Prints the tally.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { GroupState, ReplayedCommand } from "@kopek/domain";
import { evolveGroup, initialGroupState } from "@kopek/domain";
import { chunked, dumpOf, TEXT_FORGERIES } from "@kopek/eventstore/dump/testing";
import {
  arbHistory,
  FORGERIES,
  type ForgeryOutcome,
  type HistoryEvent,
  IMPORT_NOW,
  judgeForgery,
  richHistory,
  uuid,
  writeHistory,
} from "@kopek/domain/testing";
import { checkDump, type DumpSource, importFailureOf, replayDump } from "./pipeline.ts";
import { derivedIdFor } from "./ids.ts";

const IMPORTER = uuid(9999);

/** Both passes over a dump's bytes (in the given chunking): what happened. */
async function outcomeOf(bytes: Uint8Array, cuts: readonly number[]): Promise<ForgeryOutcome> {
  const open: DumpSource = () => chunked(bytes, cuts.map((c) => c % Math.max(1, bytes.length)));
  try {
    const { summary, dump } = await checkDump(open, { nowMs: IMPORT_NOW });
    const commands: ReplayedCommand[] = [];
    await replayDump(open, {
      summary,
      checksum: dump.checksum,
      importerUserId: IMPORTER,
      idFor: derivedIdFor("fuzz"),
      nowMs: IMPORT_NOW,
    }, (c) => {
      commands.push(c);
    });
    const states = new Map<string, GroupState>();
    for (const c of commands) {
      let state = states.get(c.groupId) ?? initialGroupState();
      for (const { event } of c.events) state = evolveGroup(state, structuredClone(event));
      states.set(c.groupId, state);
    }
    return {
      accepted: {
        states: [...states.values()],
        events: commands.flatMap((c) => c.events.map((e) => e.event)),
      },
    };
  } catch (e) {
    const failure = importFailureOf(e);
    if (failure === null) throw e;
    return {
      refused: { code: failure.code, position: failure.position, message: failure.detail },
    };
  }
}

const encode = (text: string) => new TextEncoder().encode(text);

Deno.test("forged dumps are refused with their code and position, or imported harmlessly", async () => {
  const tally = new Map<string, { refused: number; harmless: number }>();
  const count = (name: string, verdict: "refused" | "harmless") => {
    const t = tally.get(name) ?? { refused: 0, harmless: 0 };
    t[verdict]++;
    tally.set(name, t);
  };
  const forgeAll = async (events: readonly HistoryEvent[], pick: number, cuts: number[]) => {
    for (const forgery of FORGERIES) {
      const forged = forgery.forge(events, pick);
      if (forged === null) continue;
      // The forger recomputes every hash of the chain and the checksum.
      const bytes = encode(await dumpOf(forged.events));
      const outcome = await outcomeOf(bytes, cuts);
      // Only an event without canonical JSON (a lone surrogate) cannot be hashed by the forger.
      if ("refused" in outcome && outcome.refused.code === "dump.malformed_row") {
        assert.match(outcome.refused.message, /no canonical JSON/, forgery.name);
      }
      count(forgery.name, judgeForgery(forgery, forged, outcome, ["dump.malformed_row"]));
    }
    const dump = await dumpOf(events);
    for (const forgery of TEXT_FORGERIES) {
      const forged = forgery.forge(dump, pick);
      const outcome = await outcomeOf(typeof forged === "string" ? encode(forged) : forged, cuts);
      assert.ok("refused" in outcome, `${forgery.name}: accepted`);
      assert.equal(
        outcome.refused.code,
        `dump.${forgery.fault}`,
        `${forgery.name}: ${outcome.refused.message}`,
      );
      count(forgery.name, "refused");
    }
  };
  const rich = richHistory().events;
  for (let pick = 0; pick < 8; pick++) await forgeAll(rich, pick, [pick * 97, pick * 1009]);
  await fc.assert(
    fc.asyncProperty(
      arbHistory(25),
      fc.nat(),
      fc.array(fc.nat(), { maxLength: 8 }),
      async (h, pick, cuts) => {
        let next = 1000;
        await forgeAll(writeHistory(uuid(2), h, () => next++).events, pick, cuts);
      },
    ),
    { numRuns: 25 },
  );
  let refused = 0;
  let harmless = 0;
  for (const t of tally.values()) {
    refused += t.refused;
    harmless += t.harmless;
  }
  const kinds = FORGERIES.length + TEXT_FORGERIES.length;
  assert.equal(tally.size, kinds, "every kind of forgery was tried");
  // deno-lint-ignore no-console
  console.log(
    `forged dumps: ${refused + harmless} mutants of ${kinds} kinds: ${refused} refused, ` +
      `${harmless} accepted harmlessly`,
  );
  const passing = [...tally].filter(([, t]) => t.harmless > 0).map(([n, t]) =>
    `${n} (${t.harmless})`
  );
  // deno-lint-ignore no-console
  console.log(`accepted harmlessly: ${passing.join("; ")}`);
});
