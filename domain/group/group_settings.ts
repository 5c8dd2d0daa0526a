/**
 * The group itself: its creation, with its owner as the first member, and
 * its settings (name, currency, debt simplification, time zone).
 *
 * @module
 */
import { conflict, forbidden } from "../errors.ts";
import type { CommandContext, GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { requireCurrency } from "./preconditions.ts";
import { can } from "./roles.ts";
import type { GroupState, MemberState } from "./state.ts";

/** Creates the group (its id unused), with the actor as its owner. */
export function decideGroupCreate(
  command: Extract<GroupCommand, { type: "group.create" }>,
  state: GroupState,
  ctx: CommandContext,
): GroupEvent[] {
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

/**
 * Renames the group, changes its currency (while it has no entries), turns simplification on or
 * off, sets its time zone.
 */
export function decideGroupUpdate(
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
