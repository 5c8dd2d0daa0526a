/**
 * The fixed rich history of the import tests: every kind of event of a group.
 *
 * @module
 */
import type { ExpenseInput, GroupCommand, ResolvedFx } from "../group/commands.ts";
import type { Role } from "../shared/schemas.ts";
import { itemizedCommands } from "./import_items.ts";
import { historyId, HistoryWriter, USERS } from "./history_writer.ts";

/** What the parts of the rich history share: its writer, fresh ids, its members' ids, and a run. */
interface Rich {
  readonly w: HistoryWriter;
  readonly id: () => string;
  readonly m: Readonly<
    Record<"owner" | "ann" | "ben" | "cid" | "dee" | "eve" | "fin" | "vic", string>
  >;
  /** Runs a command as `actor`, 37 minutes after the one before. */
  readonly run: (c: GroupCommand, actor: string) => void;
}

/** The group and its members: added, renamed, re-roled; invites accepted and one revoked. */
function richMembers(rich: Rich, groupId: string): void {
  const { w, id, m, run } = rich;
  const [owner, ann, ben, zed, kim, vic] = USERS;
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
}

/** Expenses in every split mode and in foreign currencies, itemized ones, amends and voids. */
function richExpenses(rich: Rich): void {
  const { w, id, m, run } = rich;
  const [owner, ann, ben, zed] = USERS;
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
}

/** Settlements (one voided), a member removed, and ownership handed over. */
function richSettlements(rich: Rich): void {
  const { w, id, m, run } = rich;
  const date = () => new Date(w.clock).toISOString().slice(0, 10);
  const [owner, ann, ben, zed] = USERS;
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
  const rich: Rich = { w, id, m, run };
  richMembers(rich, groupId);
  richExpenses(rich);
  richSettlements(rich);
  return w;
}
