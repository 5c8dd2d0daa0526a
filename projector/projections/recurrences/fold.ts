/**
 * The pure fold of the recurrences read model (ADR 0051): each recurrence's
 * state, folded by the domain's own `evolveRecurrence`, with why the
 * scheduler paused it; each group's time zone; and from both, when the next
 * occurrence is due.
 *
 * @module
 */
import {
  ATTACHMENT_EVENTS,
  CATEGORY_EVENTS,
  COMMENT_EVENTS,
  dueInstant,
  evolveRecurrence,
  EXPENSE_EVENTS,
  GROUP_EVENTS,
  type GroupState,
  ignoreEvents,
  initialGroupState,
  INVITE_EVENTS,
  MEMBER_EVENTS,
  nextOccurrence,
  PAYMENT_HANDLE_EVENTS,
  type RecurrenceState,
  SETTLEMENT_EVENTS,
} from "@kopek/domain";
import type { GroupEnvelope } from "../../envelope.ts";
import { key2 } from "../../_sql.ts";

/** The event types the recurrences fold leaves alone (a module constant: no array per event). */
const IGNORED = [
  ...GROUP_EVENTS,
  ...MEMBER_EVENTS,
  ...INVITE_EVENTS,
  ...EXPENSE_EVENTS,
  ...SETTLEMENT_EVENTS,
  ...COMMENT_EVENTS,
  ...PAYMENT_HANDLE_EVENTS,
  ...CATEGORY_EVENTS,
  ...ATTACHMENT_EVENTS,
] as const;

/** A recurrence as stored (JSON). */
export interface StoredRecurrence {
  readonly rule: RecurrenceState["rule"];
  readonly start: string;
  readonly template: RecurrenceState["template"];
  readonly status: RecurrenceState["status"];
  readonly from: string;
  readonly last: string | null;
  readonly skipped: string[];
  readonly occurred: number;
  readonly pausedReason: string | null;
}

/** A row of `rm_recurrences`. */
export interface RecurrenceRow {
  readonly groupId: string;
  readonly recurrenceId: string;
  state: StoredRecurrence;
  position: number;
}

/** A row of `rm_group_time_zones`. */
export interface ZoneRow {
  timeZone: string;
  position: number;
}

/** The rows a batch reads and writes. */
export interface RecurrencesState {
  /** `groupId/recurrenceId` → row. */
  readonly recurrences: Map<string, RecurrenceRow>;
  /** groupId → time zone. */
  readonly zones: Map<string, ZoneRow>;
  /** The keys of the recurrences changed. */
  readonly changed: Set<string>;
  /** The groups whose time zone changed. */
  readonly zonesChanged: Set<string>;
}

/** A recurrence's domain state from its stored form. */
export function toState(id: string, s: StoredRecurrence): RecurrenceState {
  return { id, ...s, skipped: new Set(s.skipped) };
}

function toStored(r: RecurrenceState, pausedReason: string | null): StoredRecurrence {
  const { id: _id, skipped, ...rest } = r;
  return { ...rest, skipped: [...skipped].sort(), pausedReason };
}

/** When a recurrence's next occurrence is due (epoch ms), or null. */
export function nextDue(id: string, s: StoredRecurrence, timeZone: string): number | null {
  if (s.status !== "active") return null;
  const next = nextOccurrence(toState(id, s));
  return next === null ? null : dueInstant(next, timeZone);
}

/** Folds a batch into the rows loaded for it (changed in place). */
export function foldRecurrences(state: RecurrencesState, events: readonly GroupEnvelope[]) {
  for (const env of events) {
    const event = env.event;
    switch (event.type) {
      case "GroupTimeZoneChanged": {
        const row = state.zones.get(env.groupId);
        if (row && row.position >= env.position) break;
        state.zones.set(env.groupId, { timeZone: event.data.timeZone, position: env.position });
        state.zonesChanged.add(env.groupId);
        break;
      }
      case "RecurrenceCreated":
      case "RecurrenceChanged":
      case "RecurrencePaused":
      case "RecurrenceResumed":
      case "RecurrenceOccurrenceSkipped":
      case "RecurrenceStopped":
      case "RecurrenceOccurred": {
        const key = key2(env.groupId, event.data.recurrenceId);
        const row = state.recurrences.get(key);
        if (row && row.position >= env.position) break;
        if (!row && event.type !== "RecurrenceCreated") {
          throw new Error(`${event.type} of an unknown recurrence ${event.data.recurrenceId}`);
        }
        const group: GroupState = initialGroupState();
        if (row) group.recurrences.set(row.recurrenceId, toState(row.recurrenceId, row.state));
        evolveRecurrence(group, event);
        const folded = group.recurrences.get(event.data.recurrenceId)!;
        const reason = event.type === "RecurrencePaused"
          ? event.data.reason
          : event.type === "RecurrenceResumed"
          ? null
          : row?.state.pausedReason ?? null;
        state.recurrences.set(key, {
          groupId: env.groupId,
          recurrenceId: event.data.recurrenceId,
          state: toStored(folded, reason),
          position: env.position,
        });
        state.changed.add(key);
        break;
      }
      default:
        ignoreEvents(event, IGNORED, "the recurrences fold");
    }
  }
}

/** An empty state (tests). */
export function recurrencesState(): RecurrencesState {
  return { recurrences: new Map(), zones: new Map(), changed: new Set(), zonesChanged: new Set() };
}
