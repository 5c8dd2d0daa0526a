/**
 * A folded group as text, for snapshots (ADR 0065): a derived cache of
 * `evolveGroup`'s output at a stream version, never an event and never
 * trusted over the events.
 *
 * {@linkcode GROUP_FOLD_VERSION} names the fold's code and this encoding: a
 * snapshot written under another version is ignored and written again.
 * `snapshot_test.ts` pins the encoded fold of a fixed history to the version,
 * so a change to `evolveGroup` (or to the state's shape, or to this codec)
 * that changes the output fails that test until the version is bumped.
 *
 * The encoding is JSON with bigints as numbers when safe and strings
 * otherwise. Expenses and settlements (the bulk of a large group's state) are
 * flat arrays naming members by index, so that a group of 100,000 expenses
 * decodes in tens of milliseconds; everything else is tagged JSON (`$map`,
 * `$set`, `$big`).
 *
 * @module
 */
import type { EntryState, GroupState } from "./state.ts";
import { evolveGroup } from "./evolve.ts";
import { parseGroupEvent } from "./events.ts";
import { initialGroupState } from "./state.ts";
import {
  decodeGroupHead,
  evolveGroupHead,
  groupEntriesTouched,
  groupHeadOf,
  splitGroupState,
} from "./snapshot_head.ts";
import { type Amount, big, fromTagged, toTagged } from "./snapshot_codec.ts";

/**
 * The version of the group fold's code and of its snapshot encoding. Bump it
 * whenever `evolveGroup`'s output for some history changes (the pinned digest
 * in `snapshot_test.ts` fails until you do, and tells you the new one).
 */
export const GROUP_FOLD_VERSION = 1;

/** An entry: id, kind (0 expense, 1 settlement), revision, voided (0/1), category, paid, owed. */
type EntryRow = [string, 0 | 1, number, 0 | 1, string | null, Amount[], Amount[]];

/** The state as text (see the module's notes). Deterministic: maps keep their order. */
export function encodeGroupState(state: GroupState): string {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const idx = (id: string) => {
    let i = index.get(id);
    if (i === undefined) index.set(id, i = ids.push(id) - 1);
    return i;
  };
  const flat = (m: ReadonlyMap<string, bigint>) => {
    const out: Amount[] = [];
    for (const [k, v] of m) out.push(idx(k), big(v));
    return out;
  };
  const entries: EntryRow[] = [];
  for (const [id, e] of state.entries) {
    entries.push([
      id,
      e.kind === "expense" ? 0 : 1,
      e.revision,
      e.voided ? 1 : 0,
      e.category ?? null,
      flat(e.effect.paid),
      flat(e.effect.owed),
    ]);
  }
  const { entries: _entries, ...rest } = state;
  return JSON.stringify({ ids, entries, rest: toTagged(rest) });
}

/** The state {@linkcode encodeGroupState} encoded: a fresh object, the caller's to evolve. */
export function decodeGroupState(text: string): GroupState {
  const parsed = JSON.parse(text) as { ids: string[]; entries: EntryRow[]; rest: unknown };
  const ids = parsed.ids;
  const map = (flat: Amount[]) => {
    const m = new Map<string, bigint>();
    for (let i = 0; i < flat.length; i += 2) m.set(ids[flat[i] as number], BigInt(flat[i + 1]));
    return m;
  };
  const entries = new Map<string, EntryState>();
  for (const [id, kind, revision, voided, category, paid, owed] of parsed.entries) {
    const effect = { paid: map(paid), owed: map(owed) };
    entries.set(
      id,
      kind === 0
        ? {
          kind: "expense",
          revision,
          voided: voided === 1,
          effect,
          category: category ?? undefined,
        }
        : { kind: "settlement", revision, voided: voided === 1, effect },
    );
  }
  const rest = fromTagged(parsed.rest) as Omit<GroupState, "entries">;
  return { ...initialGroupState(), ...rest, entries };
}

/** A stored event as the group fold reads it (a `StoredEvent` is one). */
export interface GroupFoldEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/**
 * The group fold as a snapshot-able fold: its name and code version, its
 * start, one stored event applied (parsed, upcast and validated as the
 * command side does), and its encoding.
 */
export const groupFold = Object.freeze({
  name: "group",
  version: GROUP_FOLD_VERSION,
  initial: initialGroupState,
  evolve: (state: GroupState, e: GroupFoldEvent): GroupState =>
    evolveGroup(state, parseGroupEvent(e.type, e.schemaVersion, e.data)),
  encode: encodeGroupState,
  decode: decodeGroupState,
  split: splitGroupState,
});

/**
 * The group's head fold (`snapshot_head.ts`) beside {@linkcode groupFold}:
 * balances as of an instant from a snapshot's head, the events after it and
 * only the entries they touch.
 */
export const groupHeadFold = Object.freeze({
  full: groupFold,
  parse: (e: GroupFoldEvent) => parseGroupEvent(e.type, e.schemaVersion, e.data),
  touched: groupEntriesTouched,
  decode: decodeGroupHead,
  evolve: evolveGroupHead,
  ofState: groupHeadOf,
});
