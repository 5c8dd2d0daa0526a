/**
 * A group's snapshot split into a head and its entries (ADR 0065, "Balances
 * as of an instant without the entries"), so that balances as of an instant
 * cost O(members + events since the snapshot), not O(entries).
 *
 * The head is what balances need and what stays small: the group's identity
 * and currency, its members, each member's running totals, whether debts are
 * simplified, and each pair's net debt over the entries that are not voided
 * (the plan when they are not). Every expense and settlement is a part of
 * its own, keyed by its id. A fold from a snapshot reads the head, the
 * events after it, and only the entries those events touch
 * ({@linkcode groupEntriesTouched}); it then applies the events to the
 * partial state with {@linkcode evolveGroupHead}, which keeps the pair debts
 * up to date from the touched entries' effects before and after.
 *
 * A partial state is not a group's state: invites, comments, attachments,
 * categories, recurrences and the untouched entries are missing. It is good
 * for {@linkcode groupHeadBalances} and nothing else (`evolveGroup` ignores
 * events about what is missing, and reads only the touched entries).
 *
 * @module
 */
import { addPairDebts, entryPairDebts } from "../ledger/pairwise.ts";
import { type GroupBalances, groupBalances, groupPairDebts, planOfPairDebts } from "./balances.ts";
import { evolveGroup } from "./evolve.ts";
import type { GroupEvent } from "./events.ts";
import { type Amount, big, fromTagged, toTagged } from "./snapshot_codec.ts";
import { type EntryState, type GroupState, initialGroupState } from "./state.ts";

/** A group folded as far as balances go: a partial state and each pair's net debt. */
export interface GroupHead {
  /** The head's fields, plus only the entries the folded events touched. */
  state: GroupState;
  /** Each pair's net debt over the entries that are not voided (`groupPairDebts` of the whole state). */
  readonly pairDebts: Map<string, bigint>;
}

/** A snapshot as a head and its parts (entry id → entry), as the snapshot store keeps it. */
export interface GroupSplit {
  readonly head: string;
  readonly parts: readonly (readonly [key: string, text: string])[];
}

/** An entry: kind (0 expense, 1 settlement), revision, voided (0/1), category, paid, owed (id, amount…). */
type EntryPart = [0 | 1, number, 0 | 1, string | null, (string | Amount)[], (string | Amount)[]];

const HEAD_FIELDS = [
  "exists",
  "id",
  "name",
  "currency",
  "members",
  "totals",
  "simplifyDebts",
  "timeZone",
] as const;

function encodeEntry(e: EntryState): string {
  const flat = (m: ReadonlyMap<string, bigint>) => [...m].flatMap(([k, v]) => [k, big(v)]);
  const row: EntryPart = [
    e.kind === "expense" ? 0 : 1,
    e.revision,
    e.voided ? 1 : 0,
    e.category ?? null,
    flat(e.effect.paid),
    flat(e.effect.owed),
  ];
  return JSON.stringify(row);
}

function decodeEntry(text: string): EntryState {
  const [kind, revision, voided, category, paid, owed] = JSON.parse(text) as EntryPart;
  const map = (flat: (string | Amount)[]) => {
    const m = new Map<string, bigint>();
    for (let i = 0; i < flat.length; i += 2) m.set(flat[i] as string, BigInt(flat[i + 1]));
    return m;
  };
  const effect = { paid: map(paid), owed: map(owed) };
  return kind === 0
    ? { kind: "expense", revision, voided: voided === 1, effect, category: category ?? undefined }
    : { kind: "settlement", revision, voided: voided === 1, effect };
}

/** The whole state split into its head and one part per entry. */
export function splitGroupState(state: GroupState): GroupSplit {
  const rest: Record<string, unknown> = {};
  for (const f of HEAD_FIELDS) rest[f] = state[f];
  const head = JSON.stringify({ rest: toTagged(rest), pairDebts: toTagged(groupPairDebts(state)) });
  const parts: [string, string][] = [];
  for (const [id, e] of state.entries) parts.push([id, encodeEntry(e)]);
  return { head, parts };
}

/** A head {@linkcode splitGroupState} wrote, with the parts fetched for it (a fresh object). */
export function decodeGroupHead(head: string, parts: ReadonlyMap<string, string>): GroupHead {
  const parsed = JSON.parse(head) as { rest: unknown; pairDebts: unknown };
  const rest = fromTagged(parsed.rest) as Partial<GroupState>;
  const entries = new Map<string, EntryState>();
  for (const [id, text] of parts) entries.set(id, decodeEntry(text));
  return {
    state: { ...initialGroupState(), ...rest, entries },
    pairDebts: fromTagged(parsed.pairDebts) as Map<string, bigint>,
  };
}

/** The head of a whole state (which it takes): its pair debts summed over its entries. */
export function groupHeadOf(state: GroupState): GroupHead {
  return { state, pairDebts: groupPairDebts(state) };
}

/** The expense or settlement an event records, amends or voids, if any. */
function entryOf(event: GroupEvent): string | null {
  switch (event.type) {
    case "ExpenseRecorded":
    case "ExpenseAmended":
    case "ExpenseVoided":
      return event.data.expenseId;
    case "SettlementRecorded":
    case "SettlementAmended":
    case "SettlementVoided":
      return event.data.settlementId;
    default:
      return null;
  }
}

/**
 * The ids of the entries that `evolveGroup` reads when it applies these
 * events: the parts to fetch before {@linkcode evolveGroupHead}. (Recorded
 * ids too: `evolveGroup` looks for a previous entry of the id.)
 */
export function groupEntriesTouched(events: Iterable<GroupEvent>): Set<string> {
  const ids = new Set<string>();
  for (const e of events) {
    const id = entryOf(e);
    if (id !== null) ids.add(id);
  }
  return ids;
}

function addEntryDebts(net: Map<string, bigint>, entry: EntryState | undefined, sign: 1n | -1n) {
  if (entry && !entry.voided) {
    addPairDebts(net, entryPairDebts(entry.effect.paid, entry.effect.owed), sign);
  }
}

/**
 * Applies one event to a head (which it consumes): `evolveGroup` on the
 * partial state, the pair debts moved by the touched entry's effect before
 * and after. The entry must be in the state if it exists (fetched by
 * {@linkcode groupEntriesTouched}).
 */
export function evolveGroupHead(head: GroupHead, event: GroupEvent): GroupHead {
  const id = entryOf(event);
  if (id === null) return { ...head, state: evolveGroup(head.state, event) };
  addEntryDebts(head.pairDebts, head.state.entries.get(id), -1n);
  const state = evolveGroup(head.state, event);
  addEntryDebts(head.pairDebts, state.entries.get(id), 1n);
  return { state, pairDebts: head.pairDebts };
}

/** Balances and the settle-up plan of a head: `groupBalances` of the whole state. */
export function groupHeadBalances(head: GroupHead): GroupBalances {
  // `groupBalances` reads the entries only for the plan of pair debts: the head has them summed.
  const simplified = groupBalances({ ...head.state, simplifyDebts: true });
  if (head.state.simplifyDebts) return simplified;
  return { ...simplified, settleUp: planOfPairDebts(head.pairDebts), simplifyDebts: false };
}
