/**
 * Poison events for the fault-isolation tests: what a resealed import or a
 * raw insert can put in the log that a projection cannot apply. Each is
 * appended through the event store (it takes any JSON and any `at`), as the
 * issue reproduced them.
 *
 * @module
 */
import { CATEGORIES, formatAmount, type GroupEvent, MAX_MINOR_DIGITS } from "@kopek/domain";
import type { EventStore, NewEvent } from "@kopek/eventstore";
import { nextEvents, record, type SimGroup, toNewEvents } from "./builder.ts";

/** Rows per side of {@linkcode overflowingExpense}: 5,000 × (10^15 − 1) < 2^63 − 1 < 10,000 × (10^15 − 1). */
const OVERFLOW_ROWS = 5_000;

/**
 * An expense paid and owed by the owner through 5,000 rows each of the
 * largest amount the command side allows (15 digits of minor units): the
 * schema lets a member appear on many rows and the balance effect adds them
 * up, so it is valid on its own (about 5·10^18), and two of them overflow
 * the member's totals in `rm_balances` (SQLSTATE 22003), as a resealed
 * import can make them.
 */
export function overflowingExpense(group: SimGroup): GroupEvent {
  const owner = [...group.state.members.values()].find((m) => m.role === "owner")!.id;
  const currency = group.state.currency;
  const amount = formatAmount(10n ** BigInt(MAX_MINOR_DIGITS) - 1n, currency);
  const rows = Array.from({ length: OVERFLOW_ROWS }, () => ({ memberId: owner, amount }));
  return {
    type: "ExpenseRecorded",
    data: {
      expenseId: crypto.randomUUID(),
      revision: 1,
      description: "Overflow",
      category: CATEGORIES[0],
      date: "2026-03-01",
      note: null,
      total: { amount, currency },
      fx: null,
      converted: { amount, currency },
      paidBy: [{ memberId: owner, amount }],
      split: { mode: "equal", shares: [{ memberId: owner }] },
      paid: rows,
      shares: rows,
      items: null,
      charges: null,
    },
  };
}

/** A group event its schema refuses (a name that is a number). */
export function unreadableEvent(): NewEvent {
  return {
    id: crypto.randomUUID(),
    type: "GroupRenamed",
    schemaVersion: 1,
    data: { name: 42 },
    metadata: { actor: null, commandId: crypto.randomUUID(), at: new Date().toISOString() },
  };
}

/**
 * Appends events to the group's stream at its known version without folding
 * them into its state (events the domain would not have decided). Answers
 * the position of the last one.
 */
export async function appendUnrecorded(
  store: EventStore,
  group: SimGroup,
  events: readonly NewEvent[],
): Promise<number> {
  const r = await store.append({
    stream: group.stream,
    expectedVersion: group.version,
    events,
  });
  group.version += events.length;
  return r.position;
}

/**
 * Appends a new valid expense to the group with `metadata.at` set to `at`
 * (e.g. `"2026"`, which `Date.parse` accepts and `timestamptz` refuses:
 * SQLSTATE 22007) and folds it in. Answers its position. The expenses read
 * model keeps it as the entry's `created_at`; the groups read model keeps it
 * as `updated_at` only while no later event of the group comes in the same
 * batch (a value overwritten in the batch is never written).
 */
export async function appendWithAt(
  store: EventStore,
  group: SimGroup,
  random: () => number,
  at: string,
): Promise<number> {
  let events = nextEvents(group, random);
  while (events[0].type !== "ExpenseRecorded") events = nextEvents(group, random);
  const r = await store.append({
    stream: group.stream,
    expectedVersion: group.version,
    events: toNewEvents(events, group.ownerUserId, at),
  });
  record(group, events);
  return r.position;
}

/** Appends the overflowing expense (see {@linkcode overflowingExpense}), not folded in. */
export async function appendOverflow(store: EventStore, group: SimGroup): Promise<number> {
  return await appendUnrecorded(
    store,
    group,
    toNewEvents([overflowingExpense(group)], group.ownerUserId),
  );
}
