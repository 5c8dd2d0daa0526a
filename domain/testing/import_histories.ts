/**
 * Test helpers for imports: group histories as a dump holds them (events
 * with their actor, command id and time), generated through the real
 * decider by several users — invites for new members and for placeholders,
 * claims, revocations, renames, role changes, ownership hand-overs,
 * removals, expenses in every split mode and foreign currencies with both
 * forms of conversion, amends, voids, settlements — and the two passes of
 * an import run over them, with the ledger compared member by member.
 *
 * Shared by the domain's property tests, the import fuzzers and the
 * benchmark; nothing here is for production code.
 *
 * @module
 */
import fc from "fast-check";
import type { CommandContext, ExpenseInput, GroupCommand, ResolvedFx } from "../group/commands.ts";
import { decideGroup } from "../group/decide.ts";
import { type GroupEvent, groupEventSchemaVersion } from "../group/events.ts";
import { evolveGroup } from "../group/evolve.ts";
import { type GroupState, initialGroupState, type MemberState } from "../group/state.ts";
import { DomainError } from "../errors.ts";
import { formatAmount } from "../money/money.ts";
import type { Role } from "../shared/schemas.ts";
import { groupStream } from "../streams.ts";
import { itemizedCommands } from "./import_items.ts";
import { SourceCheck, type SourceSummary } from "../group/import/source_check.ts";
import type { SourceEvent } from "../group/import/source_event.ts";
import { type ReplayedCommand, TargetReplay } from "../group/import/target_replay.ts";
import type { IdFor } from "../group/import/translate.ts";
import { arbExpense } from "./ledger_arbitraries.ts";

/** An event as a dump holds it, before its place in the chain. */
export interface HistoryEvent {
  readonly stream: string;
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: {
    readonly actor: string;
    readonly commandId: string;
    readonly at: string;
    readonly requestId: string | null;
  };
}

/** The generated histories' start: 2026-01-01. */
export const HISTORY_START = Date.parse("2026-01-01T00:00:00.000Z");

/** A clock late enough for every generated history (the import's `nowMs`). */
export const IMPORT_NOW = Date.parse("2200-01-01T00:00:00.000Z");

/**
 * One group's history, written command by command as the command side
 * would: each command decided for its actor against the state, its events
 * stamped with the actor, a command id and the time.
 */
export class HistoryWriter {
  state: GroupState = initialGroupState();
  readonly events: HistoryEvent[] = [];
  readonly stream: string;
  /** The clock, in ms; each command may move it on. */
  clock: number;
  #ids: () => number;

  /** A writer of the group `groupId`; `ids` numbers new event and command ids. */
  constructor(readonly groupId: string, ids: () => number, start = HISTORY_START) {
    this.stream = groupStream(groupId);
    this.clock = start;
    this.#ids = ids;
  }

  /** Decides a command for `actor` at the clock and records its events; throws when refused. */
  run(command: GroupCommand, actor: string): GroupEvent[] {
    const ctx: CommandContext = { actorUserId: actor };
    const events = decideGroup(command, this.state, ctx);
    const at = new Date(this.clock).toISOString();
    const commandId = `${command.type}:${historyId(this.#ids())}`;
    for (const e of events) {
      this.state = evolveGroup(this.state, structuredClone(e));
      this.events.push({
        stream: this.stream,
        id: historyId(this.#ids()),
        type: e.type,
        schemaVersion: groupEventSchemaVersion(e.type),
        data: structuredClone(e.data),
        metadata: { actor, commandId, at, requestId: null },
      });
    }
    return events;
  }

  /** {@linkcode run}, answering false instead of throwing when the decider refuses. */
  try(command: GroupCommand, actor: string): boolean {
    try {
      this.run(command, actor);
      return true;
    } catch (e) {
      if (e instanceof DomainError) return false;
      throw e;
    }
  }
}

/**
 * An id of generated histories: a version 4 UUID with letters in it (so that
 * an id in upper case differs from it).
 */
export function historyId(n: number): string {
  return `ab5c1d2e-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** The users of generated histories: `USERS[0]` creates the group. */
export const USERS: readonly string[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) =>
  `cafe0000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`
);

/** A step of a generated history, interpreted against the state when it runs. */
export type HistoryStep =
  | { kind: "add"; name: number; role: Role; bind: number | null; by: number }
  | { kind: "invite"; placeholder: number | null; role: Role; hours: number; by: number }
  | { kind: "accept"; invite: number; user: number; hours: number }
  | { kind: "revoke"; invite: number; by: number }
  | { kind: "rename"; member: number; name: number; by: number }
  | { kind: "role"; member: number; role: Role; by: number }
  | { kind: "handover"; member: number }
  | { kind: "remove"; member: number; by: number }
  | { kind: "group"; name: number | null; currency: string | null; by: number }
  | {
    kind: "expense";
    input: ExpenseInput;
    rate: string;
    fx: "rate" | "client" | "converted";
    converted: bigint;
    by: number;
  }
  | {
    kind: "amend";
    pick: number;
    input: ExpenseInput;
    rate: string;
    fx: "rate" | "client" | "converted";
    converted: bigint;
    by: number;
  }
  | { kind: "void"; pick: number; by: number }
  | { kind: "settle"; from: number; to: number; minor: bigint; currency: string; by: number }
  | { kind: "unsettle"; pick: number; by: number }
  | {
    kind: "resettle";
    pick: number;
    from: number;
    to: number;
    minor: bigint;
    currency: string;
    by: number;
  };

/** Pseudo member ids that generated expenses name; mapped to the active members when run. */
const SLOTS = ["slot-0", "slot-1", "slot-2", "slot-3"];
const GRANTABLE: Role[] = ["admin", "member", "auditor", "viewer"];
const NAMES = ["Ana", "Bob", "Chen", "Dana", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo"];

const arbRole = fc.constantFrom<Role>(...GRANTABLE);
const arbFx = fc.constantFrom<"rate" | "client" | "converted">("rate", "client", "converted");

/** A generated step. */
export const arbStep: fc.Arbitrary<HistoryStep> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("add" as const),
      name: fc.nat(9),
      role: arbRole,
      bind: fc.oneof(
        { weight: 2, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.nat(9) },
      ),
      by: fc.nat(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("invite" as const),
      placeholder: fc.oneof(fc.constant(null), fc.nat()),
      role: arbRole,
      hours: fc.integer({ min: 1, max: 720 }),
      by: fc.nat(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("accept" as const),
      invite: fc.nat(),
      user: fc.nat(9),
      hours: fc.oneof(
        { weight: 5, arbitrary: fc.integer({ min: 0, max: 30 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 800 }) },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("revoke" as const), invite: fc.nat(), by: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("rename" as const),
      member: fc.nat(),
      name: fc.nat(9),
      by: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("role" as const),
      member: fc.nat(),
      role: arbRole,
      by: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("handover" as const), member: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("remove" as const), member: fc.nat(), by: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("group" as const),
      name: fc.option(fc.nat(9)),
      currency: fc.option(fc.constantFrom("EUR", "USD", "JPY")),
      by: fc.nat(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("expense" as const),
      e: arbExpense(SLOTS),
      fx: arbFx,
      converted: fc.bigInt({ min: 1n, max: 10_000_000n }),
      by: fc.nat(),
    }).map(({ e, ...rest }) => ({ ...rest, input: e.input, rate: e.rate })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("amend" as const),
      pick: fc.nat(),
      e: arbExpense(SLOTS),
      fx: arbFx,
      converted: fc.bigInt({ min: 1n, max: 10_000_000n }),
      by: fc.nat(),
    }).map(({ e, ...rest }) => ({ ...rest, input: e.input, rate: e.rate })),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("void" as const), pick: fc.nat(), by: fc.nat() }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("settle" as const),
      from: fc.nat(),
      to: fc.nat(),
      minor: fc.bigInt({ min: 1n, max: 1_000_000n }),
      currency: fc.constantFrom("EUR", "EUR", "USD", "JPY"),
      by: fc.nat(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("unsettle" as const), pick: fc.nat(), by: fc.nat() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("resettle" as const),
      pick: fc.nat(),
      from: fc.nat(),
      to: fc.nat(),
      minor: fc.bigInt({ min: 1n, max: 1_000_000n }),
      currency: fc.constantFrom("EUR", "EUR", "USD", "JPY"),
      by: fc.nat(),
    }),
  },
);

/** `min` to `max` generated steps, and the minutes between consecutive commands. */
export const arbHistory = (max = 40, min = 1) =>
  fc.record({
    currency: fc.constantFrom("EUR", "EUR", "JPY", "USD"),
    steps: fc.array(fc.tuple(arbStep, fc.integer({ min: 1, max: 900 })), {
      minLength: min,
      maxLength: max,
    }),
  });

const pick = <T>(list: readonly T[], n: number): T | undefined =>
  list.length === 0 ? undefined : list[n % list.length];

function activeMembers(state: GroupState): MemberState[] {
  return [...state.members.values()].filter((m) => m.active);
}

/** Active members bound to a user whose role allows `rank` or more. */
function actors(state: GroupState, roles: readonly Role[]): MemberState[] {
  return activeMembers(state).filter((m) => m.userId !== null && roles.includes(m.role));
}

const MANAGERS: Role[] = ["owner", "admin"];
const WRITERS: Role[] = ["owner", "admin", "member"];

function fxOf(
  step: { fx: "rate" | "client" | "converted"; rate: string; converted: bigint },
  currency: string,
  groupCurrency: string,
  date: string,
): ResolvedFx | null {
  if (currency === groupCurrency) return null;
  switch (step.fx) {
    case "rate":
      return { kind: "rate", rate: step.rate, date, source: "ecb" };
    case "client":
      return { kind: "rate", rate: step.rate, date, source: "client" };
    case "converted":
      return { kind: "converted", amount: formatAmount(step.converted, groupCurrency), date };
  }
}

/**
 * Plays generated steps into a new group `groupId`, created by `USERS[0]`
 * with three more members (two bound, one placeholder); refused commands
 * are skipped. Answers the writer (its events are the history).
 */
export function writeHistory(
  groupId: string,
  generated: { currency: string; steps: readonly (readonly [HistoryStep, number])[] },
  ids: () => number,
): HistoryWriter {
  const w = new HistoryWriter(groupId, ids);
  const member = () => historyId(ids());
  w.run({
    type: "group.create",
    groupId,
    name: "Trip",
    currency: generated.currency,
    ownerMemberId: member(),
    ownerName: "Owner",
  }, USERS[0]);
  w.run(
    { type: "member.add", memberId: member(), name: "Ann", userId: USERS[1], role: "admin" },
    USERS[0],
  );
  w.run(
    { type: "member.add", memberId: member(), name: "Ben", userId: USERS[2], role: "member" },
    USERS[0],
  );
  w.run(
    { type: "member.add", memberId: member(), name: "Cid", userId: null, role: "member" },
    USERS[0],
  );
  const invites: string[] = [];
  const expenses: string[] = [];
  const settlements: string[] = [];
  for (const [step, minutes] of generated.steps) {
    w.clock += minutes * 60_000;
    const s = w.state;
    const manager = (n: number) => pick(actors(s, MANAGERS), n)?.userId ?? USERS[0];
    const writer = (n: number) => pick(actors(s, WRITERS), n)?.userId ?? USERS[0];
    const date = new Date(w.clock).toISOString().slice(0, 10);
    switch (step.kind) {
      case "add":
        w.try({
          type: "member.add",
          memberId: member(),
          name: NAMES[step.name].trim(),
          userId: step.bind === null ? null : USERS[step.bind],
          role: step.role,
        }, manager(step.by));
        break;
      case "invite": {
        const placeholders = activeMembers(s).filter((m) => m.userId === null);
        const inviteId = member();
        const ok = w.try({
          type: "invite.create",
          inviteId,
          codeHash: inviteId.replaceAll("-", "").padEnd(64, "a"),
          memberId: step.placeholder === null
            ? null
            : pick(placeholders, step.placeholder)?.id ?? null,
          role: step.role,
          expiresAt: new Date(w.clock + step.hours * 3_600_000).toISOString(),
        }, manager(step.by));
        if (ok) invites.push(inviteId);
        break;
      }
      case "accept": {
        const inviteId = pick(invites, step.invite);
        if (!inviteId) break;
        w.clock += step.hours * 3_600_000;
        const accepted = w.try({
          type: "invite.accept",
          inviteId,
          newMemberId: member(),
          name: `User ${step.user}`,
          now: new Date(w.clock).toISOString(),
        }, USERS[step.user]);
        // Used invites stay listed now and then, so that using one again is tried (and refused).
        if (accepted && step.user % 3 !== 0) invites.splice(invites.indexOf(inviteId), 1);
        break;
      }
      case "revoke": {
        const inviteId = pick(invites, step.invite);
        if (inviteId) w.try({ type: "invite.revoke", inviteId }, manager(step.by));
        break;
      }
      case "rename": {
        const target = pick(activeMembers(s), step.member);
        if (target) {
          w.try(
            { type: "member.update", memberId: target.id, name: NAMES[step.name].trim() },
            manager(step.by),
          );
        }
        break;
      }
      case "role": {
        const target = pick(activeMembers(s), step.member);
        if (target) {
          w.try({ type: "member.update", memberId: target.id, role: step.role }, manager(step.by));
        }
        break;
      }
      case "handover": {
        const owner = actors(s, ["owner"])[0];
        const target = pick(
          activeMembers(s).filter((m) => m.userId !== null && m.role !== "owner"),
          step.member,
        );
        if (owner && target) {
          w.try({ type: "member.update", memberId: target.id, role: "owner" }, owner.userId!);
        }
        break;
      }
      case "remove": {
        const target = pick(activeMembers(s), step.member);
        if (target) w.try({ type: "member.remove", memberId: target.id }, manager(step.by));
        break;
      }
      case "group":
        if (step.name !== null || step.currency !== null) {
          w.try({
            type: "group.update",
            ...(step.name === null ? {} : { name: `Trip ${NAMES[step.name].trim()}` }),
            ...(step.currency === null ? {} : { currency: step.currency }),
          }, manager(step.by));
        }
        break;
      case "expense":
      case "amend": {
        const input = bindSlots(step.input, activeMembers(s), date);
        if (!input) break;
        const fx = fxOf(step, input.total.currency, s.currency, date);
        if (step.kind === "expense") {
          const expenseId = member();
          if (w.try({ type: "expense.record", expenseId, input, fx }, writer(step.by))) {
            expenses.push(expenseId);
          }
        } else {
          const expenseId = pick(expenses, step.pick);
          if (expenseId) w.try({ type: "expense.amend", expenseId, input, fx }, writer(step.by));
        }
        break;
      }
      case "void": {
        const expenseId = pick(expenses, step.pick);
        if (expenseId) w.try({ type: "expense.void", expenseId }, writer(step.by));
        break;
      }
      case "settle":
      case "resettle": {
        const active = activeMembers(s);
        const from = pick(active, step.from);
        const to = pick(active, step.to);
        if (!from || !to || from === to) break;
        const settlementId = step.kind === "settle" ? member() : pick(settlements, step.pick);
        if (!settlementId) break;
        const fx = step.currency === s.currency
          ? null
          : { kind: "rate" as const, rate: "1.25", date, source: "ecb" };
        const input = {
          from: from.id,
          to: to.id,
          amount: { amount: formatAmount(step.minor, step.currency), currency: step.currency },
          date,
        };
        const ok = w.try(
          step.kind === "settle"
            ? { type: "settlement.record", settlementId, input, fx }
            : { type: "settlement.amend", settlementId, input, fx },
          writer(step.by),
        );
        if (ok && step.kind === "settle") settlements.push(settlementId);
        break;
      }
      case "unsettle": {
        const settlementId = pick(settlements, step.pick);
        if (settlementId) w.try({ type: "settlement.void", settlementId }, writer(step.by));
        break;
      }
      default: {
        const unknown: never = step;
        throw new Error(`unknown step ${JSON.stringify(unknown)}`);
      }
    }
  }
  return w;
}

/** An expense naming slots, bound to the first active members (null when too few). */
function bindSlots(
  input: ExpenseInput,
  active: readonly MemberState[],
  date: string,
): ExpenseInput | null {
  const ids = new Map(SLOTS.map((slot, i) => [slot, active[i]?.id]));
  const bind = (slot: string) => ids.get(slot);
  const named = [
    ...input.paidBy.map((p) => p.memberId),
    ...(input.split?.shares ?? []).map((s) => s.memberId),
  ];
  if (named.some((slot) => bind(slot) === undefined)) return null;
  const copy = structuredClone(input);
  copy.date = date;
  copy.paidBy.forEach((p) => p.memberId = bind(p.memberId)!);
  copy.split?.shares.forEach((s) => s.memberId = bind(s.memberId)!);
  return copy;
}

/**
 * New ids for tests: a counter per (kind, id), under a prefix that no
 * generated source id has, so every id an import makes is recognisably new.
 */
export function testIdFor(prefix = 0x5eed): IdFor {
  const ids = new Map<string, string>();
  return (kind, sourceId) => {
    const key = `${kind}\u0000${sourceId}`;
    let id = ids.get(key);
    if (!id) {
      id = `${prefix.toString(16).padStart(8, "0")}-0000-4000-8000-${
        ids.size.toString(16).padStart(12, "0")
      }`;
      ids.set(key, id);
    }
    return id;
  };
}

/** What running both passes of an import over a history gave. */
export interface Imported {
  readonly summary: SourceSummary;
  readonly commands: readonly ReplayedCommand[];
  readonly groups: ReturnType<TargetReplay["finish"]>["groups"];
  /** The new groups' events as a dump of them would hold them (the importer as actor). */
  readonly events: HistoryEvent[];
  /** The new groups' states, by new group id. */
  readonly states: Map<string, GroupState>;
}

/** Positions 1, 2, … for events given in order (as a dump's reader answers them). */
export function withPositions(events: readonly HistoryEvent[]): SourceEvent[] {
  return events.map((e, i) => ({ ...e, position: i + 1 }));
}

/** Runs pass 1 and pass 2 of an import over `events` (in order) for `importer`. */
export function importHistory(
  events: readonly HistoryEvent[],
  importer: string,
  idFor: IdFor,
  nowMs = IMPORT_NOW,
): Imported {
  const source = withPositions(events);
  const check = new SourceCheck({ nowMs });
  for (const e of source) check.push(e);
  // A job stores the summary between the passes: it must survive JSON.
  const summary = JSON.parse(JSON.stringify(check.finish().summary)) as SourceSummary;
  const replay = new TargetReplay({ summary, importerUserId: importer, idFor, nowMs });
  const commands: ReplayedCommand[] = [];
  for (const e of source) commands.push(...replay.push(e));
  const end = replay.finish();
  commands.push(...end.commands);
  const states = new Map<string, GroupState>();
  const out: HistoryEvent[] = [];
  for (const c of commands) {
    let state = states.get(c.groupId) ?? initialGroupState();
    for (const { id, event } of c.events) {
      state = evolveGroup(state, structuredClone(event));
      out.push({
        stream: c.stream,
        id,
        type: event.type,
        schemaVersion: groupEventSchemaVersion(event.type),
        data: structuredClone(event.data),
        metadata: { actor: importer, commandId: c.commandId, at: c.at, requestId: null },
      });
    }
    states.set(c.groupId, state);
  }
  return { summary, commands, groups: end.groups, events: out, states };
}

/**
 * The ledger of a group as the API shows it, with every id passed through
 * `id` (identity for the source, the import's ids for a comparison): each
 * member's name, role, activity and totals, and each expense's and
 * settlement's last data and whether it is voided.
 */
export function ledgerOf(
  state: GroupState,
  events: readonly HistoryEvent[],
  id: (kind: "member" | "expense" | "settlement", sourceId: string) => string = (_k, s) => s,
) {
  const members = Object.fromEntries(
    [...state.members.values()].map((m) => {
      const t = state.totals.get(m.id) ?? { paid: 0n, owed: 0n };
      return [id("member", m.id), {
        name: m.name,
        role: m.role,
        active: m.active,
        paid: t.paid,
        owed: t.owed,
      }];
    }),
  );
  const entries = new Map<string, { data: unknown; voided: boolean }>();
  const remap = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(remap);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          k === "memberId" || k === "from" || k === "to"
            ? id("member", v as string)
            : k === "expenseId"
            ? id("expense", v as string)
            : k === "settlementId"
            ? id("settlement", v as string)
            : remap(v),
        ]),
      );
    }
    return value;
  };
  for (const e of events) {
    if (e.stream !== groupStream(state.id)) continue;
    const data = e.data as Record<string, string>;
    switch (e.type) {
      case "ExpenseRecorded":
      case "ExpenseAmended":
        entries.set(id("expense", data.expenseId), { data: remap(data), voided: false });
        break;
      case "SettlementRecorded":
      case "SettlementAmended":
        entries.set(id("settlement", data.settlementId), { data: remap(data), voided: false });
        break;
      case "ExpenseVoided":
        entries.get(id("expense", data.expenseId))!.voided = true;
        break;
      case "SettlementVoided":
        entries.get(id("settlement", data.settlementId))!.voided = true;
        break;
    }
  }
  return {
    name: state.name,
    currency: state.currency,
    members,
    entries: Object.fromEntries(entries),
  };
}

/**
 * A fixed history with every kind of event: members added, renamed,
 * re-roled and removed; invites for a new member and for a placeholder
 * (claimed with a role change), one revoked; ownership handed over; the
 * currency changed before any expense; expenses in every split mode and in
 * foreign currencies with a service rate, a client's rate and a client's
 * converted amount; amends, voids, settlements and a settlement voided.
 */
export function richHistory(groupId = historyId(0xfff), from = 1): HistoryWriter {
  let next = from;
  const ids = () => next++;
  const id = () => historyId(ids());
  const w = new HistoryWriter(groupId, ids);
  const tick = () => w.clock += 37 * 60_000;
  const [owner, ann, ben, zed, kim, vic] = USERS;
  const m = {
    owner: id(),
    ann: id(),
    ben: id(),
    cid: id(),
    dee: id(),
    eve: id(),
    fin: id(),
    vic: id(),
  };
  const run = (c: GroupCommand, actor: string) => {
    tick();
    w.run(c, actor);
  };
  run({
    type: "group.create",
    groupId,
    name: "Rich",
    currency: "USD",
    ownerMemberId: m.owner,
    ownerName: "Olga",
  }, owner);
  run({ type: "group.update", name: "Rich trip", currency: "EUR" }, owner);
  run({ type: "member.add", memberId: m.ann, name: "Ann", userId: ann, role: "admin" }, owner);
  run({ type: "member.add", memberId: m.ben, name: "Ben", userId: ben, role: "member" }, ann);
  run({ type: "member.add", memberId: m.cid, name: "Cid", userId: null, role: "viewer" }, ann);
  run({ type: "member.add", memberId: m.dee, name: "Dee", userId: null, role: "member" }, owner);
  run({ type: "member.add", memberId: m.vic, name: "Vic", userId: vic, role: "viewer" }, owner);
  run({ type: "member.update", memberId: m.ben, name: "Benno", role: "auditor" }, owner);
  run({ type: "member.update", memberId: m.ben, role: "member" }, ann);
  const [i1, i2, i3] = [id(), id(), id()];
  const invite = (inviteId: string, memberId: string | null, role: Role, actor: string) =>
    run({
      type: "invite.create",
      inviteId,
      codeHash: inviteId.replaceAll("-", "").padEnd(64, "b"),
      memberId,
      role,
      expiresAt: new Date(w.clock + 48 * 3_600_000).toISOString(),
    }, actor);
  invite(i1, null, "member", ann);
  invite(i2, m.cid, "member", owner);
  invite(i3, null, "viewer", ann);
  run({ type: "invite.revoke", inviteId: i3 }, owner);
  run({
    type: "invite.accept",
    inviteId: i1,
    newMemberId: m.eve,
    name: "Zed",
    now: new Date(w.clock + 37 * 60_000).toISOString(),
  }, zed);
  run({
    type: "invite.accept",
    inviteId: i2,
    newMemberId: m.fin,
    name: "Kim",
    now: new Date(w.clock + 37 * 60_000).toISOString(),
  }, kim);
  const expense = (
    expenseId: string,
    amount: string,
    currency: string,
    split: ExpenseInput["split"],
    fx: ResolvedFx | null,
    actor: string,
    amend = false,
  ) => {
    const input: ExpenseInput = {
      description: `Bill ${expenseId.slice(-3)}`,
      total: { amount, currency },
      date: new Date(w.clock).toISOString().slice(0, 10),
      category: "food",
      paidBy: [{ memberId: m.ann, amount }],
      split,
      note: amend ? "fixed" : null,
    };
    run(
      amend
        ? { type: "expense.amend", expenseId, input, fx }
        : { type: "expense.record", expenseId, input, fx },
      actor,
    );
  };
  const [e1, e2, e3, e4, e5, e6] = [id(), id(), id(), id(), id(), id()];
  const date = () => new Date(w.clock).toISOString().slice(0, 10);
  expense(
    e1,
    "90.00",
    "EUR",
    { mode: "equal", shares: [{ memberId: m.ann }, { memberId: m.ben }, { memberId: m.cid }] },
    null,
    ben,
  );
  expense(
    e2,
    "50.00",
    "EUR",
    {
      mode: "exact",
      shares: [{ memberId: m.ben, amount: "20.00" }, { memberId: m.eve, amount: "30.00" }],
    },
    null,
    ann,
  );
  expense(
    e3,
    "1000",
    "JPY",
    {
      mode: "percent",
      shares: [{ memberId: m.ben, percent: "33.3" }, { memberId: m.ann, percent: "66.7" }],
    },
    { kind: "rate", rate: "0.0061", date: date(), source: "ecb" },
    zed,
  );
  expense(
    e4,
    "12.34",
    "USD",
    { mode: "shares", shares: [{ memberId: m.ann, weight: 1 }, { memberId: m.eve, weight: 3 }] },
    { kind: "rate", rate: "0.92", date: date(), source: "client" },
    ann,
  );
  expense(
    e5,
    "7.500",
    "BHD",
    { mode: "equal", shares: [{ memberId: m.ben }, { memberId: m.ann }] },
    { kind: "converted", amount: "18.25", date: date() },
    owner,
  );
  expense(e6, "10.00", "EUR", { mode: "equal", shares: [{ memberId: m.ann }] }, null, ann);
  // ADR 0050: an adjustment split, a foreign refund and an itemized bill carry over too.
  for (const [c, by] of itemizedCommands(m, date(), id)) run(c, by === "ann" ? ann : owner);
  expense(
    e2,
    "55.00",
    "EUR",
    {
      mode: "exact",
      shares: [{ memberId: m.ben, amount: "25.00" }, { memberId: m.eve, amount: "30.00" }],
    },
    null,
    ann,
    true,
  );
  expense(
    e4,
    "12.34",
    "USD",
    { mode: "equal", shares: [{ memberId: m.eve }] },
    { kind: "converted", amount: "11.11", date: date() },
    ann,
    true,
  );
  run({ type: "expense.void", expenseId: e6 }, ben);
  run({ type: "expense.void", expenseId: e1 }, owner);
  const [s1, s2] = [id(), id()];
  run({
    type: "settlement.record",
    settlementId: s1,
    input: { from: m.ben, to: m.ann, amount: { amount: "5.00", currency: "EUR" }, date: date() },
    fx: null,
  }, ben);
  run({
    type: "settlement.record",
    settlementId: s2,
    input: { from: m.eve, to: m.ann, amount: { amount: "10.00", currency: "USD" }, date: date() },
    fx: { kind: "rate", rate: "0.9", date: date(), source: "ecb" },
  }, zed);
  run({ type: "settlement.void", settlementId: s1 }, ann);
  run({ type: "member.remove", memberId: m.dee }, ann);
  run({ type: "member.update", memberId: m.ben, role: "owner" }, owner);
  run({ type: "member.update", memberId: m.owner, name: "Olga B." }, owner);
  run({ type: "member.update", memberId: m.owner, role: "member" }, ben);
  return w;
}
