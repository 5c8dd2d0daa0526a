/**
 * The activity feed's sentences: one group event, in words a person reads
 * ("Ana recorded “Dinner” (90.00 EUR)"). Pure: names and descriptions come
 * from the caller.
 *
 * @module
 */
import type { GroupEvent } from "@kopek/domain";

/** What the sentences need to know besides the event. */
export interface Names {
  /** A member's current name by member id. */
  member(memberId: string): string;
  /** The current description of an expense (or "a settlement") by id, for voids. */
  entry(entryId: string): string;
}

/** An event of the feed, described. */
export interface Described {
  readonly text: string;
  /** The member, expense or settlement the event is about, if any. */
  readonly entityId: string | null;
}

const money = (m: { amount: string; currency: string }) => `${m.amount} ${m.currency}`;
const quoted = (s: string) => `“${s}”`;

/** Describes `event`, done by `actor` (a name). */
export function describe(event: GroupEvent, actor: string, names: Names): Described {
  switch (event.type) {
    case "GroupCreated":
      return { text: `${actor} created the group ${quoted(event.data.name)}`, entityId: null };
    case "GroupRenamed":
      return { text: `${actor} renamed the group to ${quoted(event.data.name)}`, entityId: null };
    case "GroupCurrencyChanged":
      return { text: `${actor} changed the currency to ${event.data.currency}`, entityId: null };
    case "MemberAdded": {
      const who = event.data.name;
      const what = event.data.userId === null ? `${who} (not signed up yet)` : who;
      return {
        text: `${actor} added ${what} as ${event.data.role}`,
        entityId: event.data.memberId,
      };
    }
    case "MemberRenamed":
      return {
        text: `${actor} renamed a member to ${event.data.name}`,
        entityId: event.data.memberId,
      };
    case "MemberRoleChanged":
      return {
        text: `${actor} made ${names.member(event.data.memberId)} ${event.data.role}`,
        entityId: event.data.memberId,
      };
    case "MemberDeactivated":
      return {
        text: `${actor} removed ${names.member(event.data.memberId)}`,
        entityId: event.data.memberId,
      };
    case "MemberClaimed":
      return {
        text: `${actor} joined as ${names.member(event.data.memberId)}, keeping their history`,
        entityId: event.data.memberId,
      };
    case "InviteCreated":
      return {
        text: event.data.memberId === null
          ? `${actor} invited someone as ${event.data.role}`
          : `${actor} invited someone to join as ${names.member(event.data.memberId)}`,
        entityId: event.data.memberId,
      };
    case "InviteAccepted":
      return { text: `${actor} accepted an invite`, entityId: event.data.memberId };
    case "InviteRevoked":
      return { text: `${actor} revoked an invite`, entityId: null };
    case "ExpenseRecorded":
      return {
        text: `${actor} recorded ${quoted(event.data.description)} (${money(event.data.total)})`,
        entityId: event.data.expenseId,
      };
    case "ExpenseAmended":
      return {
        text: `${actor} changed ${quoted(event.data.description)} (${money(event.data.total)})`,
        entityId: event.data.expenseId,
      };
    case "ExpenseVoided":
      return {
        text: `${actor} deleted ${quoted(names.entry(event.data.expenseId))}`,
        entityId: event.data.expenseId,
      };
    case "SettlementRecorded":
      return {
        text: `${names.member(event.data.from)} paid ${names.member(event.data.to)} ${
          money(event.data.amount)
        } (recorded by ${actor})`,
        entityId: event.data.settlementId,
      };
    case "SettlementAmended":
      return {
        text: `${actor} changed a payment: ${names.member(event.data.from)} paid ${
          names.member(event.data.to)
        } ${money(event.data.amount)}`,
        entityId: event.data.settlementId,
      };
    case "SettlementVoided":
      return {
        text: `${actor} cancelled a settlement`,
        entityId: event.data.settlementId,
      };
    default: {
      const unhandled: never = event;
      throw new Error(`no description for ${(unhandled as GroupEvent).type}`);
    }
  }
}
