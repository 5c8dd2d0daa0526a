/**
 * `decide` for the group aggregate: checks a command against the state and
 * the actor's role, and answers the events it causes. Pure: no clock, no ids,
 * no I/O; ids arrive in the command, the actor in the context.
 *
 * @module
 */
import { isCurrency } from "../money/currency.ts";
import { conflict, DomainError, forbidden, invalid, notFound } from "../errors.ts";
import type { Role } from "../shared/schemas.ts";
import type { CommandContext, GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { computeExpense, computeSettlement } from "./expense_math.ts";
import { expenseEffect, settlementEffect } from "./evolve.ts";
import { decideInviteAccept, decideInviteCreate, decideInviteRevoke } from "./invites.ts";
import { decideMemberUnlink } from "./unlink.ts";
import { decideCommentAdd } from "./comments.ts";
import { decideAttachment } from "./attachments.ts";
import { decidePaymentHandlesSet } from "./payment_handles.ts";
import { decideCategory, requireUsableCategory } from "./custom_categories.ts";
import {
  decideRecurrence,
  decideRecurrenceOccur,
  isRecurrenceCommand,
  type RecordExpense,
} from "./recurrences.ts";
import { can, outranks } from "./roles.ts";
import {
  balanceOf,
  type Effect,
  type EntryState,
  type GroupState,
  memberOfUser,
  type MemberState,
} from "./state.ts";

function actorOf(state: GroupState, ctx: CommandContext): MemberState {
  if (ctx.guest) return guestActorOf(state, ctx.guest);
  const actor = state.exists ? memberOfUser(state, ctx.actorUserId) : undefined;
  // Not a member: the group stays invisible.
  if (!actor) throw notFound("group");
  return actor;
}

/**
 * A guest acts as its placeholder member with the lower of the member's role
 * and its link's (ADR 0059); a member claimed by an account or removed has
 * no guest any more.
 */
function guestActorOf(
  state: GroupState,
  guest: NonNullable<CommandContext["guest"]>,
): MemberState {
  const member = state.exists ? state.members.get(guest.memberId) : undefined;
  if (!member) throw notFound("group");
  if (!member.active || member.userId !== null) {
    throw forbidden("this guest link's member was claimed or removed");
  }
  return { ...member, role: outranks(member.role, guest.role) ? guest.role : member.role };
}

function requireVersion(current: number, ifMatch: number | undefined) {
  if (ifMatch !== undefined && ifMatch !== current) {
    throw new DomainError(
      "precondition_failed",
      "version.stale",
      `version ${ifMatch} is stale: the current version is ${current}`,
    );
  }
}

function entryOf(state: GroupState, id: string, kind: EntryState["kind"]): EntryState {
  const entry = state.entries.get(id);
  if (!entry || entry.kind !== kind) throw notFound(kind);
  return entry;
}

function memberOf(state: GroupState, id: string): MemberState {
  const m = state.members.get(id);
  if (!m) throw notFound("member");
  return m;
}

function requireCurrency(code: string, path: string) {
  if (!isCurrency(code)) throw invalid("money.unknown_currency", path, `unknown currency ${code}`);
}

function requireManageable(actor: MemberState, target: MemberState) {
  if (actor.id !== target.id && !outranks(actor.role, target.role)) {
    throw forbidden(`a ${actor.role} cannot change a member whose role is ${target.role}`);
  }
}

function requireGrantable(actor: MemberState, role: Role) {
  if (role === "owner") {
    if (actor.role !== "owner") throw forbidden("only the owner can hand over ownership");
    return;
  }
  if (!outranks(actor.role, role) && actor.role !== "owner") {
    throw forbidden(`a ${actor.role} cannot give the role ${role}`);
  }
}

/**
 * The largest total a member may have paid or owe, in minor units: 10^17
 * (a thousand trillion euros), far beyond any real ledger and safely inside
 * the read models' 64-bit integers.
 */
export const MAX_MEMBER_TOTAL = 10n ** 17n;

/**
 * The largest total a whole group may have paid, in minor units: 10^18. Each
 * member stays within {@linkcode MAX_MEMBER_TOTAL}, but the read models also
 * sum over members (a month's total in the reports), and that sum must fit
 * their 64-bit integers too (2^63 ≈ 9.2 × 10^18).
 */
export const MAX_GROUP_TOTAL = 10n ** 18n;

function sumOf(amounts: Iterable<bigint>): bigint {
  let sum = 0n;
  for (const a of amounts) sum += a;
  return sum;
}

function requireWithinLimit(state: GroupState, next: Effect, previous?: Effect) {
  const groupPaid = sumOf([...state.totals.values()].map((t) => t.paid)) +
    sumOf(next.paid.values()) - sumOf(previous?.paid.values() ?? []);
  // Refunds make totals fall: the limit holds both ways (ADR 0050).
  if (groupPaid > MAX_GROUP_TOTAL || groupPaid < -MAX_GROUP_TOTAL) {
    throw invalid(
      "ledger.group_total_too_large",
      "total.amount",
      "the group's total would exceed the ledger's limit",
    );
  }
  for (const [field, key] of [["paid", "paid"], ["owed", "owed"]] as const) {
    for (const [memberId, amount] of next[key]) {
      const now = state.totals.get(memberId)?.[field] ?? 0n;
      const total = now + amount - (previous?.[key].get(memberId) ?? 0n);
      if (total > MAX_MEMBER_TOTAL || total < -MAX_MEMBER_TOTAL) {
        throw invalid(
          "ledger.total_too_large",
          "total.amount",
          `a member's total ${field} would exceed the ledger's limit`,
        );
      }
    }
  }
}

function previousEffect(entry: EntryState): Effect | undefined {
  return entry.voided ? undefined : entry.effect;
}

/**
 * Renames the group, changes its currency (while it has no entries), turns simplification on or
 * off, sets its time zone.
 */
function decideGroupUpdate(
  command: Extract<GroupCommand, { type: "group.update" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  if (!can(actor.role, "group.update")) {
    throw forbidden("only an owner or admin can change the group");
  }
  const events: GroupEvent[] = [];
  if (command.name !== undefined && command.name !== state.name) {
    events.push({ type: "GroupRenamed", data: { name: command.name } });
  }
  if (command.currency !== undefined && command.currency !== state.currency) {
    requireCurrency(command.currency, "currency");
    if (state.entries.size > 0) {
      throw conflict(
        "group.currency_locked",
        "the currency can change only while the group has no expense or settlement",
      );
    }
    events.push({ type: "GroupCurrencyChanged", data: { currency: command.currency } });
  }
  if (command.simplifyDebts !== undefined && command.simplifyDebts !== state.simplifyDebts) {
    events.push({
      type: "GroupDebtSimplificationChanged",
      data: { simplify: command.simplifyDebts },
    });
  }
  if (command.timeZone !== undefined && command.timeZone !== state.timeZone) {
    events.push({ type: "GroupTimeZoneChanged", data: { timeZone: command.timeZone } });
  }
  return events;
}

/**
 * `expense.record`'s decision once the actor may record (by hand or as the scheduler): the id
 * unused, the category one the group may use, the body computed.
 */
function recordExpense(state: GroupState): RecordExpense {
  return (expenseId, input, fx) => {
    if (state.entries.has(expenseId)) {
      throw conflict("expense.exists", "an expense or settlement with this id already exists");
    }
    requireUsableCategory(state, input.category);
    const data = computeExpense(state, input, fx);
    const event = { expenseId, revision: 1, ...data };
    requireWithinLimit(state, expenseEffect(event));
    return [{ type: "ExpenseRecorded", data: event }];
  };
}

/** The events a command on a group causes, or a {@linkcode DomainError}. */
export function decideGroup(
  command: GroupCommand,
  state: GroupState,
  ctx: CommandContext,
): GroupEvent[] {
  if (command.type === "group.create") {
    if (state.exists) throw conflict("group.exists", "a group with this id already exists");
    requireCurrency(command.currency, "currency");
    return [
      {
        type: "GroupCreated",
        data: { groupId: command.groupId, name: command.name, currency: command.currency },
      },
      {
        type: "MemberAdded",
        data: {
          memberId: command.ownerMemberId,
          name: command.ownerName,
          userId: ctx.actorUserId,
          role: "owner",
        },
      },
    ];
  }

  // The invitee is not a member yet: the invite is their way in.
  if (command.type === "invite.accept") return decideInviteAccept(command, state, ctx);
  if (command.type === "member.unlink") return decideMemberUnlink(command, state, ctx);
  // The scheduler is no member: the decision checks its actor.
  if (command.type === "recurrence.occur") {
    return decideRecurrenceOccur(command, state, ctx, recordExpense(state));
  }

  const actor = actorOf(state, ctx);
  if (isRecurrenceCommand(command)) return decideRecurrence(command, state, actor);
  switch (command.type) {
    case "invite.create":
      return decideInviteCreate(command, state, actor);
    case "invite.revoke":
      return decideInviteRevoke(command, state, actor);
    case "group.update":
      return decideGroupUpdate(command, state, actor);
    case "member.add": {
      if (!can(actor.role, "member.manage")) {
        throw forbidden("only an owner or admin can add members");
      }
      if (command.role === "owner") {
        throw invalid(
          "member.owner_role",
          "role",
          "a group has one owner: add the member, then hand over ownership",
        );
      }
      requireGrantable(actor, command.role);
      if (state.members.has(command.memberId)) {
        throw conflict("member.exists", "a member with this id already exists");
      }
      if (command.userId !== null && memberOfUser(state, command.userId)) {
        throw conflict("member.user_exists", "this user is already a member of the group");
      }
      return [{
        type: "MemberAdded",
        data: {
          memberId: command.memberId,
          name: command.name,
          userId: command.userId,
          role: command.role,
        },
      }];
    }
    case "member.update": {
      const target = memberOf(state, command.memberId);
      const self = target.id === actor.id;
      if (!self && !can(actor.role, "member.manage")) {
        throw forbidden("only an owner or admin can change members");
      }
      requireManageable(actor, target);
      requireVersion(target.revision, command.ifMatch);
      if (!target.active) throw conflict("member.inactive", "the member has been removed");
      const events: GroupEvent[] = [];
      let revision = target.revision;
      if (command.name !== undefined && command.name !== target.name) {
        events.push({
          type: "MemberRenamed",
          data: { memberId: target.id, revision: ++revision, name: command.name },
        });
      }
      if (command.role !== undefined && command.role !== target.role) {
        if (self && actor.role === "owner") {
          throw conflict(
            "member.owner_role",
            "the owner keeps the role until handing ownership to another member",
          );
        }
        if (!can(actor.role, "member.manage")) {
          throw forbidden("only an owner or admin can change roles");
        }
        requireGrantable(actor, command.role);
        if (command.role === "owner") {
          if (target.userId === null) {
            throw conflict(
              "member.placeholder_owner",
              "ownership can go only to a member bound to a user",
            );
          }
          events.push({
            type: "MemberRoleChanged",
            data: { memberId: actor.id, revision: actor.revision + 1, role: "admin" },
          });
        }
        events.push({
          type: "MemberRoleChanged",
          data: { memberId: target.id, revision: ++revision, role: command.role },
        });
      }
      return events;
    }
    case "member.remove": {
      const target = memberOf(state, command.memberId);
      if (!can(actor.role, "member.manage")) {
        throw forbidden("only an owner or admin can remove members");
      }
      if (target.role === "owner") throw conflict("member.owner", "the owner cannot be removed");
      requireManageable(actor, target);
      requireVersion(target.revision, command.ifMatch);
      if (!target.active) throw conflict("member.inactive", "the member has already been removed");
      const balance = balanceOf(state, target.id);
      if (balance !== 0n) {
        throw conflict(
          "member.balance_not_zero",
          "the member's balance is not zero: settle up first",
        );
      }
      return [{
        type: "MemberDeactivated",
        data: { memberId: target.id, revision: target.revision + 1 },
      }];
    }
    case "expense.record": {
      if (!can(actor.role, "ledger.write")) {
        throw forbidden(`a ${actor.role} cannot record expenses`);
      }
      if (state.entries.has(command.expenseId)) {
        throw conflict("expense.exists", "an expense or settlement with this id already exists");
      }
      return recordExpense(state)(command.expenseId, command.input, command.fx);
    }
    case "expense.amend": {
      if (!can(actor.role, "ledger.write")) {
        throw forbidden(`a ${actor.role} cannot amend expenses`);
      }
      const entry = entryOf(state, command.expenseId, "expense");
      requireVersion(entry.revision, command.ifMatch);
      if (entry.voided) throw conflict("expense.voided", "the expense has been voided");
      if (command.input.id !== undefined && command.input.id !== command.expenseId) {
        throw invalid("expense.id_mismatch", "id", "the body's id differs from the expense's id");
      }
      requireUsableCategory(state, command.input.category, entry.category);
      const data = computeExpense(state, command.input, command.fx);
      const event = { expenseId: command.expenseId, revision: entry.revision + 1, ...data };
      requireWithinLimit(state, expenseEffect(event), previousEffect(entry));
      return [{ type: "ExpenseAmended", data: event }];
    }
    case "expense.void": {
      if (!can(actor.role, "ledger.write")) throw forbidden(`a ${actor.role} cannot void expenses`);
      const entry = entryOf(state, command.expenseId, "expense");
      requireVersion(entry.revision, command.ifMatch);
      if (entry.voided) throw conflict("expense.voided", "the expense has already been voided");
      return [{
        type: "ExpenseVoided",
        data: { expenseId: command.expenseId, revision: entry.revision + 1 },
      }];
    }
    case "settlement.record": {
      if (!can(actor.role, "ledger.write")) {
        throw forbidden(`a ${actor.role} cannot record settlements`);
      }
      if (state.entries.has(command.settlementId)) {
        throw conflict("settlement.exists", "an expense or settlement with this id already exists");
      }
      const data = computeSettlement(state, command.input, command.fx);
      const event = { settlementId: command.settlementId, revision: 1, ...data };
      requireWithinLimit(state, settlementEffect(event));
      return [{ type: "SettlementRecorded", data: event }];
    }
    case "settlement.amend": {
      if (!can(actor.role, "ledger.write")) {
        throw forbidden(`a ${actor.role} cannot amend settlements`);
      }
      const entry = entryOf(state, command.settlementId, "settlement");
      requireVersion(entry.revision, command.ifMatch);
      if (entry.voided) throw conflict("settlement.voided", "the settlement has been voided");
      if (command.input.id !== undefined && command.input.id !== command.settlementId) {
        throw invalid(
          "settlement.id_mismatch",
          "id",
          "the body's id differs from the settlement's id",
        );
      }
      const data = computeSettlement(state, command.input, command.fx);
      const event = { settlementId: command.settlementId, revision: entry.revision + 1, ...data };
      requireWithinLimit(state, settlementEffect(event), previousEffect(entry));
      return [{ type: "SettlementAmended", data: event }];
    }
    case "settlement.void": {
      if (!can(actor.role, "ledger.write")) {
        throw forbidden(`a ${actor.role} cannot void settlements`);
      }
      const entry = entryOf(state, command.settlementId, "settlement");
      requireVersion(entry.revision, command.ifMatch);
      if (entry.voided) {
        throw conflict("settlement.voided", "the settlement has already been voided");
      }
      return [{
        type: "SettlementVoided",
        data: { settlementId: command.settlementId, revision: entry.revision + 1 },
      }];
    }
    case "comment.add":
      return decideCommentAdd(command, state, actor);
    case "attachment.add":
    case "attachment.remove":
      return decideAttachment(command, state, actor);
    case "member.payment_handles.set":
      return decidePaymentHandlesSet(command, state, actor);
    case "category.add":
    case "category.update":
    case "category.remove":
      return decideCategory(command, state, actor);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled group command ${(unhandled as GroupCommand).type}`);
    }
  }
}
