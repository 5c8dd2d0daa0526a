/**
 * How a group's custom categories and its members' payment handles (how to
 * pay them, ADR 0052) change the group's state.
 *
 * @module
 */
import type { GroupEventOf } from "./events.ts";
import type { CATEGORY_EVENTS, PAYMENT_HANDLE_EVENTS } from "./event_families.ts";
import type { GroupState } from "./state.ts";

/** An event of the category or payment-handle family. */
export type SettingsEvent = GroupEventOf<
  (typeof CATEGORY_EVENTS)[number] | (typeof PAYMENT_HANDLE_EVENTS)[number]
>;

/** Applies a category or payment-handle event to the state (consumed). */
export function evolveSettings(state: GroupState, event: SettingsEvent): GroupState {
  switch (event.type) {
    case "MemberPaymentHandlesSet": {
      const m = state.members.get(event.data.memberId);
      if (m) {
        m.paymentHandles = event.data.handles;
        m.paymentHandlesRevision = event.data.revision;
      }
      return state;
    }
    case "CategoryAdded":
    case "CategoryChanged": {
      const { categoryId: id, name, icon, colour } = event.data;
      const removed = state.categories.get(id)?.removed ?? false;
      state.categories.set(id, { id, name, icon, colour, removed });
      return state;
    }
    case "CategoryRemoved": {
      const c = state.categories.get(event.data.categoryId);
      if (c) c.removed = true;
      return state;
    }
  }
}
