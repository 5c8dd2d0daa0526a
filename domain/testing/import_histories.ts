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
import type { ExpenseInput, ResolvedFx } from "../group/commands.ts";
import type { GroupState, MemberState } from "../group/state.ts";
import { formatAmount } from "../money/money.ts";
import type { Role } from "../shared/schemas.ts";
import { historyId, HistoryWriter, USERS } from "./history_writer.ts";
import { type HistoryStep, NAMES, SLOTS } from "./history_steps.ts";

export * from "./history_writer.ts";
export { arbHistory, arbStep, type HistoryStep } from "./history_steps.ts";
export * from "./history_import.ts";
export * from "./rich_history.ts";

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
  const play: Play = { w, member, invites: [], expenses: [], settlements: [] };
  for (const [step, minutes] of generated.steps) {
    w.clock += minutes * 60_000;
    const s = w.state;
    const at: StepContext = {
      s,
      manager: (n: number) => pick(actors(s, MANAGERS), n)?.userId ?? USERS[0],
      writer: (n: number) => pick(actors(s, WRITERS), n)?.userId ?? USERS[0],
      date: new Date(w.clock).toISOString().slice(0, 10),
    };
    switch (step.kind) {
      case "add":
      case "invite":
      case "accept":
      case "revoke":
      case "rename":
      case "role":
      case "handover":
      case "remove":
      case "group":
        playMemberStep(play, at, step);
        break;
      case "expense":
      case "amend":
      case "void":
      case "settle":
      case "resettle":
      case "unsettle":
        playLedgerStep(play, at, step);
        break;
      default: {
        const unknown: never = step;
        throw new Error(`unknown step ${JSON.stringify(unknown)}`);
      }
    }
  }
  return w;
}

/** What the steps of a history share: the writer, fresh ids, and the ids made so far. */
interface Play {
  readonly w: HistoryWriter;
  readonly member: () => string;
  readonly invites: string[];
  readonly expenses: string[];
  readonly settlements: string[];
}

/** The state when a step runs, who may act for it, and its date. */
interface StepContext {
  readonly s: GroupState;
  /** A manager's user (the `n`th), else the creator. */
  manager(n: number): string;
  /** A writer's user (the `n`th), else the creator. */
  writer(n: number): string;
  readonly date: string;
}

type MemberStep = Extract<
  HistoryStep,
  {
    kind:
      | "add"
      | "invite"
      | "accept"
      | "revoke"
      | "rename"
      | "role"
      | "handover"
      | "remove"
      | "group";
  }
>;
type LedgerStep = Exclude<HistoryStep, MemberStep>;

/** A step about the group and its members: added, invited, renamed, re-roled, removed. */
function playMemberStep(play: Play, at: StepContext, step: MemberStep): void {
  const { w, member, invites } = play;
  const { s, manager } = at;
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
  }
}

/** A step of the ledger: expenses and settlements recorded, amended and voided. */
function playLedgerStep(play: Play, at: StepContext, step: LedgerStep): void {
  const { w, member, expenses, settlements } = play;
  const { s, writer, date } = at;
  switch (step.kind) {
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
  }
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
