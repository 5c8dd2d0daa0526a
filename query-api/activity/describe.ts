/**
 * The activity feed's sentences: one group event, in words a person reads
 * ("Ana recorded “Dinner” (90.00 EUR)"). Pure: names and descriptions come
 * from the caller.
 *
 * @module
 */
import type { GroupEvent } from "@kopek/domain";
import type { Change } from "./changes.ts";
import { describeLedger, isLedgerEvent } from "./describe_ledger.ts";
import { describeMembership, isMembershipEvent } from "./describe_members.ts";
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

const quoted = (s: string) => `“${s}”`;

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
  // Each of these families has its sentences in a file of its own.
  if (isMembershipEvent(event)) return describeMembership(event, actor, names, context);
  if (isLedgerEvent(event)) return describeLedger(event, actor, quoted, names, context);
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
