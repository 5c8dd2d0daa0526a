/**
 * A test-data builder of valid group histories: it keeps each group's folded
 * state (the domain's own `evolveGroup`) and derives every expense and
 * settlement with the domain's `computeExpense`/`computeSettlement`, so the
 * events are exactly what command-api would write, and the expected read
 * models are one `groupBalances(state)` away.
 *
 * @module
 */
import {
  CATEGORIES,
  computeExpense,
  computeSettlement,
  evolveGroup,
  type ExpenseInput,
  formatAmount,
  type GroupEvent,
  type GroupState,
  groupStream,
  initialGroupState,
  type ResolvedFx,
} from "@kopek/domain";
import type { EventStore, NewEvent } from "@kopek/eventstore";

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One simulated group: its id, its stream, its folded state and its history. */
export interface SimGroup {
  readonly groupId: string;
  readonly stream: string;
  readonly ownerUserId: string;
  /** The state folded from every event built so far. */
  readonly state: GroupState;
  /** Every event built so far, in stream order. */
  readonly events: GroupEvent[];
  /** The stream version after the events built so far. */
  version: number;
}

/** Options of {@linkcode createSimGroup}. */
export interface SimGroupOptions {
  readonly name?: string;
  readonly currency?: string;
  /** Members besides the owner (default 3); every other one is bound to a user. */
  readonly members?: number;
  readonly ownerUserId?: string;
}

/**
 * Creates a group: GroupCreated, the owner's MemberAdded, then the other
 * members' MemberAdded. Answers the group and those events.
 */
export function createSimGroup(options: SimGroupOptions = {}): {
  group: SimGroup;
  events: GroupEvent[];
} {
  const groupId = crypto.randomUUID();
  const ownerUserId = options.ownerUserId ?? crypto.randomUUID();
  const group: SimGroup = {
    groupId,
    stream: groupStream(groupId),
    ownerUserId,
    state: initialGroupState(),
    events: [],
    version: 0,
  };
  const events: GroupEvent[] = [
    {
      type: "GroupCreated",
      data: { groupId, name: options.name ?? "Trip", currency: options.currency ?? "EUR" },
    },
    {
      type: "MemberAdded",
      data: { memberId: crypto.randomUUID(), name: "Owner", userId: ownerUserId, role: "owner" },
    },
  ];
  for (let i = 0; i < (options.members ?? 3); i++) {
    events.push({
      type: "MemberAdded",
      data: {
        memberId: crypto.randomUUID(),
        name: `Member ${i + 1}`,
        userId: i % 2 === 0 ? crypto.randomUUID() : null,
        role: "member",
      },
    });
  }
  record(group, events);
  return { group, events };
}

/** Folds built events into the group (call once they are appended). */
export function record(group: SimGroup, events: readonly GroupEvent[]): void {
  for (const e of events) {
    evolveGroup(group.state, e);
    group.events.push(e);
    group.version++;
  }
}

function pick<T>(random: () => number, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)];
}

function activeMembers(group: SimGroup): string[] {
  return [...group.state.members.values()].filter((m) => m.active).map((m) => m.id);
}

function subset(random: () => number, xs: readonly string[]): string[] {
  const out = xs.filter(() => random() < 0.6);
  return out.length > 0 ? out : [pick(random, xs)];
}

function date(random: () => number): string {
  const d = new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 365) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A random, valid expense body for the group. */
export function expenseInput(group: SimGroup, random: () => number): {
  input: ExpenseInput;
  fx: ResolvedFx | null;
} {
  const members = activeMembers(group);
  const foreign = random() < 0.15;
  const currency = foreign
    ? (group.state.currency === "USD" ? "EUR" : "USD")
    : group.state.currency;
  const minor = BigInt(100 + Math.floor(random() * 50_000));
  const payers = subset(random, members).slice(0, 2);
  const payerMinor = payers.length === 2 ? [minor / 2n, minor - minor / 2n] : [minor];
  const sharers = subset(random, members);
  const mode = pick(random, ["equal", "shares", "percent"] as const);
  const split: ExpenseInput["split"] = mode === "equal"
    ? { mode, shares: sharers.map((memberId) => ({ memberId })) }
    : mode === "shares"
    ? { mode, shares: sharers.map((memberId, i) => ({ memberId, weight: 1 + (i % 3) })) }
    : {
      mode,
      shares: sharers.map((memberId, i) => ({
        memberId,
        percent: i === 0
          ? (100 - Math.floor(100 / sharers.length) * (sharers.length - 1)).toString()
          : Math.floor(100 / sharers.length).toString(),
      })),
    };
  return {
    input: {
      description: pick(random, ["Dinner at Luigi's", "Taxi", "Groceries", "Museum tickets"]),
      total: { amount: formatAmount(minor, currency), currency },
      date: date(random),
      category: pick(random, CATEGORIES),
      paidBy: payers.map((memberId, i) => ({
        memberId,
        amount: formatAmount(payerMinor[i], currency),
      })),
      split,
      note: random() < 0.3 ? "shared with friends" : null,
    },
    fx: foreign ? { kind: "rate", rate: "1.0842", date: "2026-01-02", source: "ecb" } : null,
  };
}

/**
 * The next random operation on the group (not yet folded: pass the events
 * to {@linkcode record} once appended): mostly new expenses, some amends,
 * voids and settlements, and the occasional settlement void.
 */
export function nextEvents(group: SimGroup, random: () => number): GroupEvent[] {
  const state = group.state;
  const live = [...state.entries].filter(([, e]) => !e.voided);
  const expenses = live.filter(([, e]) => e.kind === "expense");
  const settlements = live.filter(([, e]) => e.kind === "settlement");
  const roll = random();
  if (roll < 0.2 && expenses.length > 0) {
    const [expenseId, entry] = pick(random, expenses);
    const { input, fx } = expenseInput(group, random);
    return [{
      type: "ExpenseAmended",
      data: { expenseId, revision: entry.revision + 1, ...computeExpense(state, input, fx) },
    }];
  }
  if (roll < 0.3 && expenses.length > 0) {
    const [expenseId, entry] = pick(random, expenses);
    return [{ type: "ExpenseVoided", data: { expenseId, revision: entry.revision + 1 } }];
  }
  if (roll < 0.42) {
    const members = activeMembers(group);
    const from = pick(random, members);
    const to = pick(random, members.filter((m) => m !== from));
    const amount = BigInt(1 + Math.floor(random() * 20_000));
    const data = computeSettlement(state, {
      from,
      to,
      amount: { amount: formatAmount(amount, state.currency), currency: state.currency },
      date: date(random),
      note: null,
    }, null);
    return [{
      type: "SettlementRecorded",
      data: { settlementId: crypto.randomUUID(), revision: 1, ...data },
    }];
  }
  if (roll < 0.45 && settlements.length > 0) {
    const [settlementId, entry] = pick(random, settlements);
    return [{ type: "SettlementVoided", data: { settlementId, revision: entry.revision + 1 } }];
  }
  const { input, fx } = expenseInput(group, random);
  return [{
    type: "ExpenseRecorded",
    data: { expenseId: crypto.randomUUID(), revision: 1, ...computeExpense(state, input, fx) },
  }];
}

/** Group events as the store takes them, with fresh ids and metadata. */
export function toNewEvents(
  events: readonly GroupEvent[],
  actor: string | null = null,
  at: string = new Date().toISOString(),
): NewEvent[] {
  const commandId = crypto.randomUUID();
  return events.map((e) => ({
    id: crypto.randomUUID(),
    type: e.type,
    schemaVersion: 1,
    data: e.data,
    metadata: { actor, commandId, at },
  }));
}

/** What {@linkcode writeSimulatedHistory} wrote. */
export interface WrittenHistory {
  /** The groups, with their final state (for expected read models). */
  readonly groups: SimGroup[];
  /** How many events. */
  readonly written: number;
  /** The position of the last event. */
  readonly head: number;
}

/**
 * Writes at least `events` events of `groups` simulated groups through an
 * event store (benchmarks): each group's creation, then rounds of
 * `perAppend` events per group, `concurrency` groups at a time.
 */
export async function writeSimulatedHistory(
  store: EventStore,
  options: {
    readonly events: number;
    readonly groups: number;
    readonly members: number;
    readonly perAppend?: number;
    readonly concurrency?: number;
    readonly seed?: number;
  },
): Promise<WrittenHistory> {
  const random = rng(options.seed ?? 7);
  const perAppend = options.perAppend ?? 50;
  const concurrency = options.concurrency ?? 10;
  const made = Array.from(
    { length: options.groups },
    () => createSimGroup({ members: options.members }),
  );
  let written = 0;
  let head = 0;
  const append = async (
    group: SimGroup,
    events: readonly GroupEvent[],
    expectedVersion: number,
  ) => {
    const r = await store.append({
      stream: group.stream,
      expectedVersion,
      events: toNewEvents(events, group.ownerUserId),
    });
    head = Math.max(head, r.position);
    written += events.length;
  };
  for (const { group, events } of made) await append(group, events, 0);
  while (written < options.events) {
    // The appends of one group are sequential (expected versions); groups go `concurrency` at a time.
    for (let i = 0; i < made.length && written < options.events; i += concurrency) {
      await Promise.all(
        made.slice(i, i + concurrency).map(async ({ group }) => {
          const expectedVersion = group.version;
          const events: GroupEvent[] = [];
          for (let k = 0; k < perAppend; k++) {
            const next = nextEvents(group, random);
            record(group, next);
            events.push(...next);
          }
          await append(group, events, expectedVersion);
        }),
      );
    }
  }
  return { groups: made.map((m) => m.group), written, head };
}
