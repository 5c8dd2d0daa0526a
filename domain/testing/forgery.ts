/**
 * Forgeries of group histories, for fuzzing imports: each takes a valid
 * history (as a dump holds it, see `import_histories.ts`) and changes it the
 * way an attacker who can reseal a dump would — timestamps PostgreSQL or
 * the decider would not take, amounts, currencies, totals past the limit,
 * lifecycles and roles the command side refuses, unknown types, schema
 * versions and fields, command ids regrouped, streams that are not a
 * group's. Each says what an import must do with it: refuse it with one of
 * its codes (at the forged event, or at the latest when the command around
 * it ends), or, for the ones that may yield another valid history,
 * possibly accept it — harmlessly.
 *
 * A dump of a forged history, with its hash chain and checksum recomputed,
 * is `dumpOf(forged.events)` of `@kopek/eventstore/dump/testing`.
 *
 * @example
 * ```ts
 * const forgery = FORGERIES.find((f) => f.name === "time: a year alone")!;
 * const forged = forgery.forge(history, 3); // { events, at } or null
 * ```
 *
 * @module
 */
import { type GroupEvent, groupEventSchemaVersion, parseGroupEvent } from "../group/events.ts";
import { MAX_MEMBER_TOTAL } from "../group/decide.ts";
import type { GroupState } from "../group/state.ts";
import { VALUE_FORGERIES } from "./forgeries_values.ts";
import { LIFECYCLE_FORGERIES } from "./forgeries_lifecycles.ts";
import { SHAPE_FORGERIES } from "./forgeries_shapes.ts";
import type { ImportRefusalCode } from "../group/import/refusal.ts";
import type { HistoryEvent } from "./import_histories.ts";

/** A forged history and the index of its first forged (or removed) event. */
export interface Forged {
  readonly events: HistoryEvent[];
  /** 0-based index in `events` of the first event that differs from the valid history. */
  readonly at: number;
}

/** One way to forge a history. */
export interface Forgery {
  /** What it does, for reports. */
  readonly name: string;
  /** The codes an import may refuse it with. */
  readonly refusedWith: readonly ImportRefusalCode[];
  /**
   * Whether the refusal must name exactly the forged event's position; else
   * it may name the first event of the command the forged event belongs to
   * (at most two before it) or any later event.
   */
  readonly exact: boolean;
  /** Whether the forged history may be valid (then an import may accept it, harmlessly). */
  readonly mayPass: boolean;
  /** The forged history, or null when `events` has nothing to forge this way; `pick` chooses where. */
  forge(events: readonly HistoryEvent[], pick: number): Forged | null;
}

/** Every forgery the fuzzers use. */
export const FORGERIES: readonly Forgery[] = [
  ...VALUE_FORGERIES,
  ...LIFECYCLE_FORGERIES,
  ...SHAPE_FORGERIES,
];

/** What an import did with a forged history. */
export type ForgeryOutcome =
  | {
    readonly refused: {
      readonly code: string;
      readonly position: number | null;
      readonly message: string;
    };
  }
  | {
    readonly accepted: {
      readonly states: readonly GroupState[];
      readonly events: readonly GroupEvent[];
    };
  };

/**
 * Judges an import's outcome for a forgery: refused with one of its codes
 * at the right position, or — when the forgery may be valid — accepted
 * harmlessly (every new group's member totals within
 * {@linkcode MAX_MEMBER_TOTAL}, balances summing to zero, every new event
 * one that `parseGroupEvent` reads). Answers which; throws when neither.
 */
export function judgeForgery(
  forgery: Forgery,
  forged: Forged,
  outcome: ForgeryOutcome,
  extraCodes: readonly string[] = [],
): "refused" | "harmless" {
  const fail = (why: string): never => {
    throw new Error(`forgery "${forgery.name}" (at position ${forged.at + 1}): ${why}`);
  };
  if ("refused" in outcome) {
    const { code, position, message } = outcome.refused;
    const own = (forgery.refusedWith as readonly string[]).includes(code);
    if (!own && !extraCodes.includes(code)) {
      fail(`refused with ${code}, not ${forgery.refusedWith.join(" or ")}: ${message}`);
    }
    // The positions of the import core's refusals are events' (the reader's name lines).
    if (own && code !== "dump.empty") {
      const expected = forged.at + 1;
      if (position === null) fail(`refused without a position: ${message}`);
      if (forgery.exact && position !== expected) {
        fail(`refused at position ${position}, not ${expected}: ${message}`);
      }
      if (position! < expected - 2) {
        fail(`refused at position ${position}, before the forgery: ${message}`);
      }
    }
    return "refused";
  }
  if (!forgery.mayPass) fail("accepted");
  for (const state of outcome.accepted.states) {
    let sum = 0n;
    for (const [member, t] of state.totals) {
      if (t.paid > MAX_MEMBER_TOTAL || t.owed > MAX_MEMBER_TOTAL || t.paid < 0n || t.owed < 0n) {
        fail(`accepted with member ${member}'s totals ${t.paid}/${t.owed} out of bounds`);
      }
      sum += t.paid - t.owed;
    }
    if (sum !== 0n) fail(`accepted with balances summing to ${sum}`);
  }
  for (const e of outcome.accepted.events) {
    parseGroupEvent(e.type, groupEventSchemaVersion(e.type), e.data);
    // What PostgreSQL's jsonb cannot hold would fail the append after both passes accepted it.
    const json = JSON.stringify(e.data);
    if (json.includes("\\u0000")) fail(`accepted with a NUL character in ${e.type}`);
    // JSON.stringify escapes only lone surrogates (a pair stays as it is).
    if (/\\ud[89a-f][0-9a-f]{2}/i.test(json)) fail(`accepted with a lone surrogate in ${e.type}`);
  }
  return "harmless";
}
