/**
 * The pure fold of the categories read model: each category a batch touches,
 * as it is after the batch. `CategoryAdded` and `CategoryChanged` carry the
 * whole body; `CategoryRemoved` only marks it (a removed category is never
 * changed again, and never comes back).
 *
 * @module
 */
import {
  ATTACHMENT_EVENTS,
  COMMENT_EVENTS,
  EXPENSE_EVENTS,
  GROUP_EVENTS,
  ignoreEvents,
  INVITE_EVENTS,
  MEMBER_EVENTS,
  PAYMENT_HANDLE_EVENTS,
  RECURRENCE_EVENTS,
  SETTLEMENT_EVENTS,
} from "@kopek/domain";
import type { GroupEnvelope } from "../../envelope.ts";
import { key2 } from "../../_sql.ts";

/** The event types the categories fold leaves alone (a module constant: no array per event). */
const IGNORED = [
  ...GROUP_EVENTS,
  ...MEMBER_EVENTS,
  ...INVITE_EVENTS,
  ...EXPENSE_EVENTS,
  ...SETTLEMENT_EVENTS,
  ...COMMENT_EVENTS,
  ...PAYMENT_HANDLE_EVENTS,
  ...RECURRENCE_EVENTS,
  ...ATTACHMENT_EVENTS,
] as const;

/** A category the batch touched: its body when the batch set one, and whether it was removed. */
export interface CategoryChange {
  readonly groupId: string;
  readonly categoryId: string;
  body: { name: string; icon: string; colour: string } | null;
  removed: boolean;
  position: number;
}

/** What a batch of group events changes, by `group/category`. */
export function foldCategories(events: readonly GroupEnvelope[]): Map<string, CategoryChange> {
  const changes = new Map<string, CategoryChange>();
  const changeOf = (env: GroupEnvelope, categoryId: string) => {
    const k = key2(env.groupId, categoryId);
    let c = changes.get(k);
    if (!c) {
      changes.set(
        k,
        c = { groupId: env.groupId, categoryId, body: null, removed: false, position: 0 },
      );
    }
    c.position = env.position;
    return c;
  };
  for (const env of events) {
    const event = env.event;
    switch (event.type) {
      case "CategoryAdded":
      case "CategoryChanged": {
        const { categoryId, name, icon, colour } = event.data;
        changeOf(env, categoryId).body = { name, icon, colour };
        break;
      }
      case "CategoryRemoved":
        changeOf(env, event.data.categoryId).removed = true;
        break;
      default:
        ignoreEvents(event, IGNORED, "the categories fold");
        break;
    }
  }
  return changes;
}
