/**
 * The activity feed's sentences for a group's custom categories and its
 * members' payment handles (how to pay them).
 *
 * @module
 */
import type { CATEGORY_EVENTS, GroupEventOf, PAYMENT_HANDLE_EVENTS } from "@kopek/domain";

type Quoted = (s: string) => string;

/** A category or payment-handle event's sentence and the entity it is about (a member, if any). */
export function describeSettings(
  event: GroupEventOf<(typeof CATEGORY_EVENTS)[number] | (typeof PAYMENT_HANDLE_EVENTS)[number]>,
  actor: string,
  quoted: Quoted,
  member: (memberId: string) => string,
): { text: string; entityId: string | null } {
  switch (event.type) {
    case "MemberPaymentHandlesSet": {
      // Never the handles themselves: the feed is no place for account numbers.
      const n = event.data.handles.length;
      return {
        text: n === 0
          ? `${actor} removed the payment details of ${member(event.data.memberId)}`
          : `${actor} set the payment details of ${member(event.data.memberId)} (${n} way${
            n === 1 ? "" : "s"
          } to pay)`,
        entityId: event.data.memberId,
      };
    }
    case "CategoryAdded":
      return {
        text: `${actor} added the category ${event.data.icon} ${quoted(event.data.name)}`,
        entityId: null,
      };
    case "CategoryChanged":
      return {
        text: `${actor} changed the category ${event.data.icon} ${quoted(event.data.name)}`,
        entityId: null,
      };
    case "CategoryRemoved":
      return { text: `${actor} removed a category`, entityId: null };
  }
}
