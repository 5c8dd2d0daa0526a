/**
 * The activity feed's sentences: one group event, in words a person reads
 * ("Ana recorded “Dinner” (90.00 EUR)"). Pure: names and descriptions come
 * from the caller.
 *
 * @module
 */
import type { GroupEvent } from "@kopek/domain";
import { type Change, describeChanges } from "./changes.ts";
import { describeRecurrence } from "./describe_recurrence.ts";
import { describeSettings } from "./describe_settings.ts";

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
/** "a refund " before a refund's description (a negative total, ADR 0050). */
const refund = (d: { total: { amount: string } }) =>
  d.total.amount.startsWith("-") ? "a refund " : "";
/** ", 3 items" after an itemized expense's total. */
const itemCount = (d: { items?: readonly unknown[] | null }) =>
  d.items ? `, ${d.items.length} item${d.items.length === 1 ? "" : "s"}` : "";

/** The longest comment the feed quotes whole; a longer one is cut at a word, with "…". */
export const QUOTE_LIMIT = 80;

/** A comment as the feed quotes it: on one line, at most {@linkcode QUOTE_LIMIT} characters. */
export function shorten(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= QUOTE_LIMIT) return line;
  const cut = line.slice(0, QUOTE_LIMIT - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > QUOTE_LIMIT / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** What else a sentence may use: who acted, and what an amendment changed. */
export interface Context {
  /** The acting user's id: a member added with it is someone who joined ("Bob joined"). */
  readonly actorUserId?: string | null;
  /**
   * For `ExpenseAmended` and `SettlementAmended`: the fields it changed, when the state before it
   * is known.
   */
  readonly changes?: readonly Change[] | null;
}

/** Describes `event`, done by `actor` (a name). */
export function describe(
  event: GroupEvent,
  actor: string,
  names: Names,
  context: Context = {},
): Described {
  switch (event.type) {
    case "GroupCreated":
      return { text: `${actor} created the group ${quoted(event.data.name)}`, entityId: null };
    case "GroupRenamed":
      return { text: `${actor} renamed the group to ${quoted(event.data.name)}`, entityId: null };
    case "GroupCurrencyChanged":
      return { text: `${actor} changed the currency to ${event.data.currency}`, entityId: null };
    case "GroupDebtSimplificationChanged":
      return {
        text: event.data.simplify
          ? `${actor} turned debt simplification on`
          : `${actor} turned debt simplification off: debts are paid back as incurred`,
        entityId: null,
      };
    case "MemberAdded": {
      const who = event.data.name;
      if (event.data.userId !== null && event.data.userId === context.actorUserId) {
        // Someone who added themselves: the group's creator, or who joined by an invite.
        return {
          text: event.data.role === "owner" ? `${who} joined as owner` : `${who} joined`,
          entityId: event.data.memberId,
        };
      }
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
    case "MemberUnlinked":
      return {
        text: `${names.member(event.data.memberId)} deleted their account: the member stays, ` +
          "with its history, as a placeholder",
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
        text: `${actor} recorded ${refund(event.data)}${quoted(event.data.description)} (${
          money(event.data.total)
        }${itemCount(event.data)})`,
        entityId: event.data.expenseId,
      };
    case "ExpenseAmended":
      return {
        text: context.changes
          ? `${actor} changed ${quoted(event.data.description)}: ${
            context.changes.length === 0 ? "nothing" : describeChanges(context.changes)
          }`
          : `${actor} changed ${quoted(event.data.description)} (${money(event.data.total)})`,
        entityId: event.data.expenseId,
      };
    case "ExpenseVoided":
      return {
        text: `${actor} voided ${quoted(names.entry(event.data.expenseId))}`,
        entityId: event.data.expenseId,
      };
    case "SettlementRecorded":
      return {
        text: `${names.member(event.data.from)} paid ${names.member(event.data.to)} ${
          money(event.data.amount)
        } (recorded by ${actor})`,
        entityId: event.data.settlementId,
      };
    case "SettlementAmended": {
      const now = `${names.member(event.data.from)} paid ${names.member(event.data.to)} ${
        money(event.data.amount)
      }`;
      return {
        text: context.changes
          ? `${actor} changed a payment (now ${now}): ${
            context.changes.length === 0 ? "nothing" : describeChanges(context.changes)
          }`
          : `${actor} changed a payment: ${now}`,
        entityId: event.data.settlementId,
      };
    }
    case "SettlementVoided":
      return {
        text: `${actor} voided a settlement`,
        entityId: event.data.settlementId,
      };
    case "AttachmentAdded":
      return {
        text: `${actor} attached ${quoted(shorten(event.data.name))} to ${
          quoted(names.entry(event.data.expenseId))
        }`,
        entityId: event.data.expenseId,
      };
    case "AttachmentRemoved":
      return {
        text: `${actor} removed an attachment from ${quoted(names.entry(event.data.expenseId))}`,
        entityId: event.data.expenseId,
      };
    case "CommentAdded":
      return {
        text: `${actor} commented on ${quoted(names.entry(event.data.expenseId))}: ${
          quoted(shorten(event.data.text))
        }`,
        entityId: event.data.expenseId,
      };
    case "MemberPaymentHandlesSet":
    case "CategoryAdded":
    case "CategoryChanged":
    case "CategoryRemoved":
      return describeSettings(event, actor, quoted, names.member);
    case "GroupTimeZoneChanged":
    case "RecurrenceCreated":
    case "RecurrenceChanged":
    case "RecurrencePaused":
    case "RecurrenceResumed":
    case "RecurrenceOccurrenceSkipped":
    case "RecurrenceStopped":
    case "RecurrenceOccurred":
      return describeRecurrence(event, actor, quoted, names.entry);
    default: {
      const unhandled: never = event;
      throw new Error(`no description for ${(unhandled as GroupEvent).type}`);
    }
  }
}
