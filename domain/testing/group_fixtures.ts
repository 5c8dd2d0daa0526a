/**
 * Test helpers for the group aggregate: ids, a group with members, and a
 * runner that decides and folds commands like the command side does.
 *
 * @module
 */
import type { CommandContext, ExpenseInput, GroupCommand } from "../group/commands.ts";
import { decideGroup } from "../group/decide.ts";
import type { GroupEvent } from "../group/events.ts";
import { evolveGroup } from "../group/evolve.ts";
import { type GroupState, initialGroupState } from "../group/state.ts";
import type { Role } from "../shared/schemas.ts";

/** A deterministic UUID from a number (tests only). */
export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** The owner's user id in fixtures. */
export const OWNER_USER = uuid(1);
/** The group id in fixtures. */
export const GROUP = uuid(2);
/** The owner's member id in fixtures. */
export const OWNER_MEMBER = uuid(100);

/** A group being driven through commands; keeps every event it produced. */
export class GroupDriver {
  state: GroupState = initialGroupState();
  readonly events: GroupEvent[] = [];

  /** Decides a command as `actor` and folds its events; returns them. */
  run(command: GroupCommand, actor: string = OWNER_USER): GroupEvent[] {
    const ctx: CommandContext = { actorUserId: actor };
    const events = decideGroup(command, this.state, ctx);
    for (const e of events) {
      this.state = evolveGroup(this.state, structuredClone(e));
      this.events.push(e);
    }
    return events;
  }
}

/**
 * A group in `currency` with an owner and `others` more members
 * (member ids `uuid(101)`…, user ids `uuid(11)`…, all with role `role`).
 */
export function groupWithMembers(
  others: number,
  currency = "EUR",
  role: Role = "member",
): { driver: GroupDriver; members: string[] } {
  const driver = new GroupDriver();
  driver.run({
    type: "group.create",
    groupId: GROUP,
    name: "Trip",
    currency,
    ownerMemberId: OWNER_MEMBER,
    ownerName: "Owner",
  });
  const members = [OWNER_MEMBER];
  for (let i = 1; i <= others; i++) {
    driver.run({
      type: "member.add",
      memberId: uuid(100 + i),
      name: `M${i}`,
      userId: uuid(10 + i),
      role,
    });
    members.push(uuid(100 + i));
  }
  return { driver, members };
}

/** An equal-split expense paid by the first member. */
export function equalExpense(
  amount: string,
  members: readonly string[],
  currency = "EUR",
): ExpenseInput {
  return {
    description: "Dinner",
    total: { amount, currency },
    date: "2026-11-20",
    category: "food",
    paidBy: [{ memberId: members[0], amount }],
    split: { mode: "equal", shares: members.map((memberId) => ({ memberId })) },
  };
}
