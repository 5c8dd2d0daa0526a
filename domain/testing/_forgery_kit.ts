/**
 * The building blocks of the forgeries (`forgery.ts`): finding events, editing one, inserting
 * forged ones, the state before an event, and an expense's figures recomputed.
 *
 * @module
 */
import { computeExpense } from "../group/expense_math.ts";
import type { ExpenseInput } from "../group/commands.ts";
import { type ExpenseData, groupEventSchemaVersion, parseGroupEvent } from "../group/events.ts";
import { evolveGroup } from "../group/evolve.ts";
import { type GroupState, initialGroupState } from "../group/state.ts";
import { formatAmount } from "../money/money.ts";
import type { HistoryEvent } from "./import_histories.ts";
import type { Forged } from "./forgery.ts";

export type Metadata = HistoryEvent["metadata"];
export type Data = Record<string, unknown>;

/** A forger's fresh ids: version 4 UUIDs no generated history uses. */
export function forgedId(n: number): string {
  return `f0f0f0f0-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

export function indices(
  events: readonly HistoryEvent[],
  test: (e: HistoryEvent, i: number) => boolean,
) {
  const out: number[] = [];
  events.forEach((e, i) => test(e, i) && out.push(i));
  return out;
}

/** Indices (from 2) where a command begins: inserting there splits no command. */
export function commandStarts(events: readonly HistoryEvent[]): number[] {
  return indices(
    events,
    (e, i) => i >= 2 && events[i - 1].metadata.commandId !== e.metadata.commandId,
  );
}

export function choose(candidates: readonly number[], pick: number): number | null {
  return candidates.length === 0 ? null : candidates[pick % candidates.length];
}

/** A copy of `events` with the event at `i` replaced by `f` of (a deep copy of) it. */
export function edit(
  events: readonly HistoryEvent[],
  i: number,
  f: (
    e: { type: string; schemaVersion: number; data: Data; metadata: Data; stream: string },
  ) => void,
): Forged {
  const copy = events.map((e) => e);
  const e = structuredClone(events[i]) as unknown as Parameters<typeof f>[0];
  f(e);
  copy[i] = e as unknown as HistoryEvent;
  return { events: copy, at: i };
}

/** The state of the stream of `events[i]` before it. */
export function stateBefore(events: readonly HistoryEvent[], i: number): GroupState {
  let state = initialGroupState();
  for (const e of events.slice(0, i)) {
    if (e.stream !== events[i]?.stream && i < events.length) continue;
    state = evolveGroup(state, parseGroupEvent(e.type, e.schemaVersion, e.data));
  }
  return state;
}

/** An event of the forger's, as one command of `actor` at `at`. */
export function forgedEvent(
  like: HistoryEvent,
  type: string,
  data: unknown,
  n: number,
  metadata: Partial<Metadata> = {},
): HistoryEvent {
  return {
    stream: like.stream,
    id: forgedId(n),
    type,
    schemaVersion: groupEventSchemaVersion(type as never) ?? 1,
    data,
    metadata: { ...like.metadata, commandId: `forged:${forgedId(n)}`, ...metadata },
  };
}

export function insert(
  events: readonly HistoryEvent[],
  at: number,
  ...extra: HistoryEvent[]
): Forged {
  return { events: [...events.slice(0, at), ...extra, ...events.slice(at)], at };
}

/** The user of the stream's current owner before `i`. */
export function ownerUser(state: GroupState): string | null {
  return [...state.members.values()].find((m) => m.active && m.role === "owner")?.userId ?? null;
}

export const isExpense = (e: HistoryEvent) =>
  e.type === "ExpenseRecorded" || e.type === "ExpenseAmended";

/** An instant `e`'s command was decided at, changed. */
export function retime(
  value: unknown,
): (events: readonly HistoryEvent[], pick: number) => Forged | null {
  return (events, pick) => {
    const i = choose(indices(events, (_e, i) => i > 0), pick);
    return i === null ? null : edit(events, i, (e) => e.metadata.at = value);
  };
}

/** Recomputes an expense from a changed input with Kopek's own math (a consistent forgery). */
export function recomputed(
  events: readonly HistoryEvent[],
  pick: number,
  change: (input: ExpenseInput, data: ExpenseData) => ExpenseInput,
): Forged | null {
  const i = choose(
    indices(events, (e) => e.type === "ExpenseRecorded" && (e.data as ExpenseData).fx === null),
    pick,
  );
  if (i === null) return null;
  const data = events[i].data as ExpenseData;
  const input = change({
    description: data.description,
    total: data.total,
    date: data.date,
    category: data.category,
    paidBy: data.paidBy,
    split: data.split,
    note: data.note,
  }, data);
  let computed;
  try {
    computed = computeExpense(stateBefore(events, i), input, null);
  } catch {
    return null;
  }
  return edit(
    events,
    i,
    (e) => e.data = { expenseId: data.expenseId, revision: data.revision, ...computed },
  );
}

export const scale = (
  amount: string,
  currency: string,
  factor: bigint,
  minor = (a: string) => BigInt(a.replace(".", "")),
) => formatAmount(minor(amount) * factor, currency);
