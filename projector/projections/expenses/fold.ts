/**
 * The pure fold of the expenses read model (expenses and settlements).
 *
 * @module
 */
import type { ExpenseData, SettlementData } from "@kopek/domain";
import {
  ATTACHMENT_EVENTS,
  CATEGORY_EVENTS,
  COMMENT_EVENTS,
  GROUP_EVENTS,
  ignoreEvents,
  INVITE_EVENTS,
  MEMBER_EVENTS,
  PAYMENT_HANDLE_EVENTS,
  RECURRENCE_EVENTS,
} from "@kopek/domain";
import type { GroupEnvelope } from "../../envelope.ts";
import { key2 } from "../../_sql.ts";

/** The event types the expenses fold leaves alone (a module constant: no array per event). */
const IGNORED = [
  ...GROUP_EVENTS,
  ...MEMBER_EVENTS,
  ...INVITE_EVENTS,
  ...COMMENT_EVENTS,
  ...PAYMENT_HANDLE_EVENTS,
  ...CATEGORY_EVENTS,
  ...RECURRENCE_EVENTS,
  ...ATTACHMENT_EVENTS,
] as const;

/** A row of `rm_entries`. */
export interface EntryRow {
  groupId: string;
  entryId: string;
  kind: "expense" | "settlement";
  revision: number;
  voided: boolean;
  date: string;
  createdPosition: number;
  createdAt: string;
  updatedAt: string;
  description: string | null;
  category: string | null;
  note: string | null;
  /** The latest event data; null on a loaded row (not read back: only a new revision rewrites it). */
  data: ExpenseData | SettlementData | null;
  memberIds: string[];
}

/** Loaded rows keyed by `groupId/entryId`, and the keys the fold changed. */
export interface EntriesState {
  readonly rows: Map<string, EntryRow>;
  readonly dirty: Set<string>;
}

/** A state holding the given loaded rows. */
export function entriesState(rows: EntryRow[] = []): EntriesState {
  return { rows: new Map(rows.map((r) => [key2(r.groupId, r.entryId), r])), dirty: new Set() };
}

/** The id of the expense or settlement an event is about, or null. */
export function entryIdOf(env: GroupEnvelope): string | null {
  const d = env.event.data as { expenseId?: string; settlementId?: string };
  return d.expenseId ?? d.settlementId ?? null;
}

function expenseMembers(d: ExpenseData): string[] {
  return [...new Set([...d.paid.map((p) => p.memberId), ...d.shares.map((s) => s.memberId)])];
}

/**
 * Applies expense and settlement events, mutating `state`. An event at or
 * below a row's revision changes nothing.
 */
export function foldEntries(state: EntriesState, events: readonly GroupEnvelope[]): EntriesState {
  for (const env of events) {
    const { event, groupId } = env;
    switch (event.type) {
      case "ExpenseRecorded":
      case "ExpenseAmended":
      case "SettlementRecorded":
      case "SettlementAmended": {
        const d = event.data;
        const entryId = "expenseId" in d ? d.expenseId : d.settlementId;
        const k = key2(groupId, entryId);
        const row = state.rows.get(k);
        if (row && d.revision <= row.revision) break;
        const common = {
          revision: d.revision,
          voided: false,
          date: d.date,
          updatedAt: env.at,
          note: d.note,
          data: d,
        };
        const specific = "expenseId" in d
          ? {
            kind: "expense" as const,
            description: d.description,
            category: d.category,
            memberIds: expenseMembers(d),
          }
          : {
            kind: "settlement" as const,
            description: null,
            category: null,
            memberIds: [...new Set([d.from, d.to])],
          };
        if (row) Object.assign(row, common, specific);
        else {
          state.rows.set(k, {
            groupId,
            entryId,
            createdPosition: env.position,
            createdAt: env.at,
            ...common,
            ...specific,
          });
        }
        state.dirty.add(k);
        break;
      }
      case "ExpenseVoided":
      case "SettlementVoided": {
        const entryId = event.type === "ExpenseVoided"
          ? event.data.expenseId
          : event.data.settlementId;
        const k = key2(groupId, entryId);
        const row = state.rows.get(k);
        if (!row || event.data.revision <= row.revision) break;
        row.revision = event.data.revision;
        row.voided = true;
        row.updatedAt = env.at;
        state.dirty.add(k);
        break;
      }
      default:
        // Not about an expense or a settlement.
        ignoreEvents(event, IGNORED, "the expenses fold");
        break;
    }
  }
  return state;
}
