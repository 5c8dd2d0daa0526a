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
import { computeExpense } from "../group/expense_math.ts";
import type { ExpenseInput } from "../group/commands.ts";
import {
  type ExpenseData,
  type GroupEvent,
  groupEventSchemaVersion,
  parseGroupEvent,
} from "../group/events.ts";
import { MAX_MEMBER_TOTAL } from "../group/decide.ts";
import { evolveGroup } from "../group/evolve.ts";
import { balanceOf, type GroupState, initialGroupState } from "../group/state.ts";
import type { ImportRefusalCode } from "../group/import/refusal.ts";
import { formatAmount } from "../money/money.ts";
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

type Metadata = HistoryEvent["metadata"];
type Data = Record<string, unknown>;

/** A forger's fresh ids: version 4 UUIDs no generated history uses. */
function forgedId(n: number): string {
  return `f0f0f0f0-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

function indices(events: readonly HistoryEvent[], test: (e: HistoryEvent, i: number) => boolean) {
  const out: number[] = [];
  events.forEach((e, i) => test(e, i) && out.push(i));
  return out;
}

/** Indices (from 2) where a command begins: inserting there splits no command. */
function commandStarts(events: readonly HistoryEvent[]): number[] {
  return indices(
    events,
    (e, i) => i >= 2 && events[i - 1].metadata.commandId !== e.metadata.commandId,
  );
}

function choose(candidates: readonly number[], pick: number): number | null {
  return candidates.length === 0 ? null : candidates[pick % candidates.length];
}

/** A copy of `events` with the event at `i` replaced by `f` of (a deep copy of) it. */
function edit(
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
function stateBefore(events: readonly HistoryEvent[], i: number): GroupState {
  let state = initialGroupState();
  for (const e of events.slice(0, i)) {
    if (e.stream !== events[i]?.stream && i < events.length) continue;
    state = evolveGroup(state, parseGroupEvent(e.type, e.schemaVersion, e.data));
  }
  return state;
}

/** An event of the forger's, as one command of `actor` at `at`. */
function forgedEvent(
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

function insert(events: readonly HistoryEvent[], at: number, ...extra: HistoryEvent[]): Forged {
  return { events: [...events.slice(0, at), ...extra, ...events.slice(at)], at };
}

/** The user of the stream's current owner before `i`. */
function ownerUser(state: GroupState): string | null {
  return [...state.members.values()].find((m) => m.active && m.role === "owner")?.userId ?? null;
}

const isExpense = (e: HistoryEvent) => e.type === "ExpenseRecorded" || e.type === "ExpenseAmended";

/** An instant `e`'s command was decided at, changed. */
function retime(value: unknown): (events: readonly HistoryEvent[], pick: number) => Forged | null {
  return (events, pick) => {
    const i = choose(indices(events, (_e, i) => i > 0), pick);
    return i === null ? null : edit(events, i, (e) => e.metadata.at = value);
  };
}

/** Recomputes an expense from a changed input with Kopek's own math (a consistent forgery). */
function recomputed(
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

const scale = (
  amount: string,
  currency: string,
  factor: bigint,
  minor = (a: string) => BigInt(a.replace(".", "")),
) => formatAmount(minor(amount) * factor, currency);

/** Every forgery the fuzzers use. */
export const FORGERIES: readonly Forgery[] = [
  // Timestamps.
  ...([
    ["time: a year alone", "2026"],
    ["time: year 0000", "0000-06-01T00:00:00.000Z"],
    ["time: year 10000", "+010000-01-01T00:00:00.000Z"],
    ["time: year 10000 written short", "10000-01-01T00:00:00Z"],
    ["time: 30 February", "2026-02-30T10:00:00.000Z"],
    ["time: no zone", "2026-03-01T10:00:00.000"],
    ["time: far after the import", "9999-12-31T23:59:59.999Z"],
    ["time: a number", 1_764_000_000_000],
    ["time: missing", undefined],
  ] as const).map(([name, value]): Forgery => ({
    name,
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge: retime(value),
  })),
  {
    name: "time: one event of a command at another time",
    refusedWith: ["dump.bad_history"],
    exact: false,
    // A rename and a role change (or a rename and a new currency) are also two valid commands.
    mayPass: true,
    forge(events, pick) {
      const i = choose(
        indices(
          events,
          (e, i) => i > 0 && events[i - 1].metadata.commandId === e.metadata.commandId,
        ),
        pick,
      );
      return i === null
        ? null
        : edit(events, i, (e) =>
          e.metadata.at = new Date(Date.parse(e.metadata.at as string) + 1).toISOString());
    },
  },
  // Amounts.
  {
    name: "amount: the total changed alone",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => {
        const t = (e.data as ExpenseData).total;
        t.amount = scale(t.amount, t.currency, 2n);
      });
    },
  },
  {
    name: "amount: one minor unit moved between two shares",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(
        indices(events, (e) => isExpense(e) && (e.data as ExpenseData).shares.length >= 2),
        pick,
      );
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        const c = d.converted.currency;
        const unit = (a: string, by: bigint) => formatAmount(BigInt(a.replace(".", "")) + by, c);
        d.shares[0].amount = unit(d.shares[0].amount, 1n);
        d.shares[1].amount = unit(d.shares[1].amount, -1n);
      });
    },
  },
  {
    name: "amount: owed more than paid",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        const c = d.converted.currency;
        d.shares[0].amount = formatAmount(BigInt(d.converted.amount.replace(".", "")) + 1n, c);
      });
    },
  },
  {
    name: "amount: a consistent expense ten times larger",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: true,
    forge: (events, pick) =>
      recomputed(events, pick, (input) => {
        const c = input.total.currency;
        const split = input.split;
        return {
          ...input,
          total: { amount: scale(input.total.amount, c, 10n), currency: c },
          paidBy: input.paidBy.map((p) => ({ ...p, amount: scale(p.amount, c, 10n) })),
          split: split?.mode === "exact"
            ? {
              mode: "exact",
              shares: split.shares.map((s) => ({ ...s, amount: scale(s.amount, c, 10n) })),
            }
            : split,
        };
      }),
  },
  {
    name: "amount: larger than any amount",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        const huge = "9".repeat(30);
        d.total.amount = huge;
        d.paidBy.forEach((p) => p.amount = huge);
        d.converted.amount = huge;
        d.paid.forEach((p) => p.amount = huge);
        d.shares.forEach((s) => s.amount = huge);
      });
    },
  },
  {
    name: "amount: negative",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "SettlementRecorded"), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as { amount: { amount: string }; converted: { amount: string } };
        d.amount.amount = "-" + d.amount.amount;
        d.converted.amount = "-" + d.converted.amount;
      });
    },
  },
  {
    name: "amount: a member's totals past the ledger's limit",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: false,
    forge(events, pick) {
      // The largest expense there is, paid and owed by one member, 101 times: each is valid alone.
      const i = choose(
        indices(events, (e) => e.type === "ExpenseRecorded" && (e.data as ExpenseData).fx === null),
        pick,
      );
      if (i === null) return null;
      const like = events[i];
      const state = stateBefore(events, i);
      const member = (like.data as ExpenseData).paidBy[0].memberId;
      const c = state.currency;
      const most = formatAmount(999_999_999_999_999n, c);
      const input: ExpenseInput = {
        description: "Forged",
        total: { amount: most, currency: c },
        date: "2026-06-01",
        category: "other",
        paidBy: [{ memberId: member, amount: most }],
        split: { mode: "equal", shares: [{ memberId: member }] },
      };
      const data = computeExpense(state, input, null);
      const extra = Array.from(
        { length: 101 },
        (_, k) =>
          forgedEvent(like, "ExpenseRecorded", {
            expenseId: forgedId(1000 + k),
            revision: 1,
            ...data,
          }, 2000 + k),
      );
      return insert(events, i + 1, ...extra);
    },
  },
  {
    name: "amount: not a number",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null
        ? null
        : edit(events, i, (e) => (e.data as ExpenseData).total.amount = "1e3");
    },
  },
  // Currencies.
  {
    name: "currency: a code that is not ISO 4217",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null
        ? null
        : edit(events, i, (e) => (e.data as ExpenseData).total.currency = "XQZ");
    },
  },
  ...([
    ["fx: a rate's source that is free text", "European Central Bank <b>official</b>"],
    ["fx: a rate's source with a NUL character", "ecb\u0000"],
    ["fx: a rate's source of 100,000 characters", "e".repeat(100_000)],
  ] as const).map(([name, source]): Forgery => ({
    name,
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(
        indices(events, (e) => isExpense(e) && (e.data as ExpenseData).fx !== null),
        pick,
      );
      return i === null ? null : edit(events, i, (e) => {
        (e.data as ExpenseData).fx!.source = source;
      });
    },
  })),
  {
    name: "currency: in lower case",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        d.converted.currency = d.converted.currency.toLowerCase();
      });
    },
  },
  {
    name: "currency: converted into another currency than the group's",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        d.converted.currency = d.converted.currency === "CHF" ? "SEK" : "CHF";
      });
    },
  },
  {
    name: "currency: the group's changed after an expense",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      if (i === null) return null;
      const state = stateBefore(events, i + 1);
      const owner = ownerUser(state);
      if (owner === null) return null;
      return insert(
        events,
        i + 1,
        forgedEvent(
          events[i],
          "GroupCurrencyChanged",
          { currency: state.currency === "NOK" ? "DKK" : "NOK" },
          1,
          { actor: owner },
        ),
      );
    },
  },
  // Lifecycles.
  {
    name: "lifecycle: an expense voided twice",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "ExpenseVoided"), pick);
      if (i === null) return null;
      const d = events[i].data as { expenseId: string; revision: number };
      return insert(
        events,
        i + 1,
        forgedEvent(events[i], "ExpenseVoided", { ...d, revision: d.revision + 1 }, 1),
      );
    },
  },
  {
    name: "lifecycle: an expense amended after its void",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "ExpenseVoided"), pick);
      if (i === null) return null;
      const v = events[i].data as { expenseId: string; revision: number };
      const last = events.slice(0, i).findLast((e) =>
        isExpense(e) && (e.data as ExpenseData).expenseId === v.expenseId
      )!;
      return insert(
        events,
        i + 1,
        forgedEvent(events[i], "ExpenseAmended", {
          ...(last.data as ExpenseData),
          revision: v.revision + 1,
        }, 1),
      );
    },
  },
  {
    name: "lifecycle: a settlement voided twice",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "SettlementVoided"), pick);
      if (i === null) return null;
      const d = events[i].data as { settlementId: string; revision: number };
      return insert(
        events,
        i + 1,
        forgedEvent(events[i], "SettlementVoided", { ...d, revision: d.revision + 1 }, 1),
      );
    },
  },
  {
    name: "lifecycle: an expense recorded twice",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "ExpenseRecorded"), pick);
      return i === null
        ? null
        : insert(events, i + 1, forgedEvent(events[i], "ExpenseRecorded", events[i].data, 1));
    },
  },
  {
    name: "lifecycle: a member with a balance removed",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      if (i === null) return null;
      const state = stateBefore(events, i + 1);
      const owner = ownerUser(state);
      const debtor = [...state.members.values()].find((m) =>
        m.active && m.role !== "owner" && balanceOf(state, m.id) !== 0n
      );
      if (!owner || !debtor) return null;
      return insert(
        events,
        i + 1,
        forgedEvent(
          events[i],
          "MemberDeactivated",
          { memberId: debtor.id, revision: debtor.revision + 1 },
          1,
          { actor: owner },
        ),
      );
    },
  },
  {
    name: "lifecycle: two events swapped",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: true,
    forge(events, pick) {
      const i = choose(indices(events, (_e, i) => i > 0 && i + 1 < events.length), pick);
      if (i === null) return null;
      const copy = [...events];
      [copy[i], copy[i + 1]] = [copy[i + 1], copy[i]];
      return { events: copy, at: i };
    },
  },
  {
    name: "lifecycle: an event left out",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: true,
    forge(events, pick) {
      const i = choose(indices(events, (_e, i) => i > 1), pick);
      return i === null ? null : { events: [...events.slice(0, i), ...events.slice(i + 1)], at: i };
    },
  },
  // Roles.
  {
    name: "role: a command by someone who is not a member",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(
        indices(
          events,
          (e, i) =>
            i > 1 && e.type !== "InviteAccepted" && e.type !== "MemberClaimed" &&
            events[i - 1].metadata.commandId !== e.metadata.commandId,
        ),
        pick,
      );
      return i === null ? null : edit(events, i, (e) => {
        e.metadata.actor = forgedId(99);
        e.metadata.commandId = `forged:${forgedId(98)}`;
      });
    },
  },
  {
    name: "role: a viewer records an expense",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "ExpenseRecorded"), pick);
      if (i === null) return null;
      const viewer = [...stateBefore(events, i).members.values()].find((m) =>
        m.active && m.userId !== null && (m.role === "viewer" || m.role === "auditor")
      );
      return viewer ? edit(events, i, (e) => e.metadata.actor = viewer.userId) : null;
    },
  },
  {
    name: "role: an admin grants admin",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(commandStarts(events), pick);
      if (i === null) return null;
      const state = stateBefore(events, i);
      const admin = [...state.members.values()].find((m) =>
        m.active && m.userId !== null && m.role === "admin"
      );
      const target = [...state.members.values()].find((m) =>
        m.active && (m.role === "member" || m.role === "viewer")
      );
      if (!admin || !target) return null;
      return insert(
        events,
        i,
        forgedEvent(
          events[i],
          "MemberRoleChanged",
          { memberId: target.id, revision: target.revision + 1, role: "admin" },
          1,
          { actor: admin.userId! },
        ),
      );
    },
  },
  {
    name: "role: the owner removed",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(commandStarts(events), pick);
      if (i === null) return null;
      const state = stateBefore(events, i);
      const owner = [...state.members.values()].find((m) => m.active && m.role === "owner")!;
      return insert(
        events,
        i,
        forgedEvent(
          events[i],
          "MemberDeactivated",
          { memberId: owner.id, revision: owner.revision + 1 },
          1,
          { actor: owner.userId! },
        ),
      );
    },
  },
  {
    name: "role: ownership taken without the owner stepping down",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(commandStarts(events), pick);
      if (i === null) return null;
      const state = stateBefore(events, i);
      const owner = ownerUser(state);
      const target = [...state.members.values()].find((m) =>
        m.active && m.userId !== null && m.role !== "owner"
      );
      if (!owner || !target) return null;
      return insert(
        events,
        i,
        forgedEvent(
          events[i],
          "MemberRoleChanged",
          { memberId: target.id, revision: target.revision + 1, role: "owner" },
          1,
          { actor: owner },
        ),
      );
    },
  },
  {
    name: "role: an invite accepted after it expired",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "InviteAccepted"), pick);
      if (i === null) return null;
      const inviteId = (events[i].data as { inviteId: string }).inviteId;
      const created = events.find((e) =>
        e.type === "InviteCreated" && (e.data as { inviteId: string }).inviteId === inviteId
      )!;
      const late = new Date(Date.parse((created.data as { expiresAt: string }).expiresAt) + 60_000)
        .toISOString();
      const commandId = events[i].metadata.commandId;
      const copy = events.map((e) =>
        e.metadata.commandId === commandId ? { ...e, metadata: { ...e.metadata, at: late } } : e
      );
      return { events: copy, at: copy.findIndex((e) => e.metadata.commandId === commandId) };
    },
  },
  {
    name: "role: a command sent by another member",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: true,
    forge(events, pick) {
      const i = choose(
        indices(events, (e, i) =>
          i > 1 && e.type !== "InviteAccepted" &&
          events[i - 1].metadata.commandId !== e.metadata.commandId),
        pick,
      );
      if (i === null) return null;
      const others = [...stateBefore(events, i).members.values()].filter((m) =>
        m.active && m.userId !== null && m.userId !== events[i].metadata.actor
      );
      const other = others[pick % Math.max(1, others.length)];
      if (!other) return null;
      const commandId = events[i].metadata.commandId;
      const copy = events.map((e) =>
        e.metadata.commandId === commandId
          ? { ...e, metadata: { ...e.metadata, actor: other.userId! } }
          : e
      );
      return { events: copy, at: i };
    },
  },
  // Types, schema versions, fields.
  {
    name: "type: unknown",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null
        ? null
        : edit(events, i, (e) =>
          e.type = ["ExpenseDeleted", "UserRegistered", "expense.added", "__proto__"][pick % 4]);
    },
  },
  {
    name: "schema: a version that does not exist",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null
        ? null
        : edit(events, i, (e) => e.schemaVersion = [0, e.schemaVersion + 1, 99, 2 ** 40][pick % 4]);
    },
  },
  {
    name: "schema: an old InviteCreated that names its creator",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "InviteCreated"), pick);
      return i === null ? null : edit(events, i, (e) => e.schemaVersion = 1);
    },
  },
  {
    name: "schema: an old InviteCreated as version 1 wrote it",
    refusedWith: [],
    exact: false,
    mayPass: true,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "InviteCreated"), pick);
      return i === null ? null : edit(events, i, (e) => {
        e.schemaVersion = 1;
        delete e.data.createdBy;
      });
    },
  },
  {
    name: "data: an extra field",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null ? null : edit(events, i, (e) => e.data.isAdmin = true);
    },
  },
  {
    name: "data: a field missing",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null
        ? null
        : edit(events, i, (e) =>
          delete e.data[Object.keys(e.data)[pick % Object.keys(e.data).length]]);
    },
  },
  {
    name: "data: not an object",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null
        ? null
        : edit(events, i, (e) => (e as { data: unknown }).data = [null, [], "x", 1][pick % 4]);
    },
  },
  {
    name: "data: an id in upper case",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => isExpense(e)), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        d.paid[0].memberId = d.paid[0].memberId.toUpperCase();
      });
    },
  },
  {
    name: "data: a name the API refuses",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: false,
    forge(events, pick) {
      const i = choose(
        indices(
          events,
          (e) =>
            e.type === "MemberAdded" || e.type === "GroupCreated" || e.type === "MemberRenamed",
        ),
        pick,
      );
      return i === null
        ? null
        : edit(events, i, (e) =>
          e.data.name = [" padded ", "x".repeat(121), "bell\u0007", "", "lone \ud800"][pick % 5]);
    },
  },
  {
    name: "data: an expense dated in year 0",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => e.data.date = "0000-02-29");
    },
  },
  {
    name: "data: an invite valid for longer than 720 hours, or less than one",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "InviteCreated"), pick);
      return i === null ? null : edit(events, i, (e) => {
        const at = Date.parse(e.metadata.at as string);
        e.data.expiresAt = new Date(at + [721 * 3_600_000, 10 * 60_000, -1][pick % 3])
          .toISOString();
      });
    },
  },
  // Metadata.
  ...([
    ["metadata: an extra field", (m: Data) => m.role = "owner"],
    ["metadata: no actor", (m: Data) => m.actor = null],
    ["metadata: an actor that is not a UUID", (m: Data) => m.actor = "admin"],
    ["metadata: an actor in upper case", (m: Data) => m.actor = String(m.actor).toUpperCase()],
    ["metadata: no command id", (m: Data) => delete m.commandId],
  ] as const).map(([name, change]): Forgery => ({
    name,
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null ? null : edit(events, i, (e) => change(e.metadata));
    },
  })),
  // Command ids.
  {
    name: "command ids: one command's events under two ids",
    refusedWith: ["dump.bad_history"],
    exact: false,
    // A rename and a role change (or a rename and a new currency) are also two valid commands.
    mayPass: true,
    forge(events, pick) {
      const i = choose(
        indices(
          events,
          (e, i) => i > 0 && events[i - 1].metadata.commandId === e.metadata.commandId,
        ),
        pick,
      );
      return i === null
        ? null
        : edit(events, i, (e) => e.metadata.commandId = `forged:${forgedId(7)}`);
    },
  },
  {
    name: "command ids: two commands of one actor under one id",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: true,
    forge(events, pick) {
      const i = choose(
        indices(
          events,
          (e, i) =>
            i > 1 && events[i - 1].metadata.commandId !== e.metadata.commandId &&
            events[i - 1].metadata.actor === e.metadata.actor,
        ),
        pick,
      );
      if (i === null) return null;
      const { commandId, at } = events[i - 1].metadata;
      const was = events[i].metadata.commandId;
      const copy = events.map((e) =>
        e.metadata.commandId === was ? { ...e, metadata: { ...e.metadata, commandId, at } } : e
      );
      return { events: copy, at: i };
    },
  },
  // Streams.
  {
    name: "stream: not a group's",
    refusedWith: ["dump.not_a_group"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const stream = (s: string) =>
        [
          `user-${s.slice(6)}`,
          `session-${s.slice(6)}`,
          `group-x${s.slice(6)}`,
          `Group-${s.slice(6)}`,
          `${s} `,
          `group-${s.slice(6).replace(/-/g, "")}`,
        ][pick % 6];
      const copy = events.map((e) => ({ ...e, stream: stream(e.stream) }));
      return { events: copy, at: 0 };
    },
  },
  {
    name: "stream: another group's id than its GroupCreated's",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: false,
    forge(events) {
      return { events: events.map((e) => ({ ...e, stream: `group-${forgedId(5)}` })), at: 0 };
    },
  },
  {
    name: "stream: not beginning with GroupCreated",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const drop = 1 + (pick % 2);
      return { events: events.slice(drop), at: 0 };
    },
  },
  {
    name: "stream: no event at all",
    refusedWith: ["dump.empty"],
    exact: false,
    mayPass: false,
    forge: () => ({ events: [], at: 0 }),
  },
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
