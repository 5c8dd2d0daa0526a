/**
 * The two passes of an import (`SourceCheck`, `TargetReplay`) run over a test history, with the
 * ledger compared member by member, and the test ids an import makes.
 *
 * @module
 */
import { groupEventSchemaVersion } from "../group/events.ts";
import { evolveGroup } from "../group/evolve.ts";
import { type GroupState, initialGroupState } from "../group/state.ts";
import { groupStream } from "../streams.ts";
import { SourceCheck, type SourceSummary } from "../group/import/source_check.ts";
import type { SourceEvent } from "../group/import/source_event.ts";
import { type ReplayedCommand, TargetReplay } from "../group/import/target_replay.ts";
import type { IdFor } from "../group/import/translate.ts";
import { type HistoryEvent, IMPORT_NOW } from "./history_writer.ts";

/**
 * New ids for tests: a counter per (kind, id), under a prefix that no
 * generated source id has, so every id an import makes is recognisably new.
 */
export function testIdFor(prefix = 0x5eed): IdFor {
  const ids = new Map<string, string>();
  return (kind, sourceId) => {
    const key = `${kind}\u0000${sourceId}`;
    let id = ids.get(key);
    if (!id) {
      id = `${prefix.toString(16).padStart(8, "0")}-0000-4000-8000-${
        ids.size.toString(16).padStart(12, "0")
      }`;
      ids.set(key, id);
    }
    return id;
  };
}

/** What running both passes of an import over a history gave. */
export interface Imported {
  readonly summary: SourceSummary;
  readonly commands: readonly ReplayedCommand[];
  readonly groups: ReturnType<TargetReplay["finish"]>["groups"];
  /** The new groups' events as a dump of them would hold them (the importer as actor). */
  readonly events: HistoryEvent[];
  /** The new groups' states, by new group id. */
  readonly states: Map<string, GroupState>;
}

/** Positions 1, 2, … for events given in order (as a dump's reader answers them). */
export function withPositions(events: readonly HistoryEvent[]): SourceEvent[] {
  return events.map((e, i) => ({ ...e, position: i + 1 }));
}

/** Runs pass 1 and pass 2 of an import over `events` (in order) for `importer`. */
export function importHistory(
  events: readonly HistoryEvent[],
  importer: string,
  idFor: IdFor,
  nowMs = IMPORT_NOW,
): Imported {
  const source = withPositions(events);
  const check = new SourceCheck({ nowMs });
  for (const e of source) check.push(e);
  // A job stores the summary between the passes: it must survive JSON.
  const summary = JSON.parse(JSON.stringify(check.finish().summary)) as SourceSummary;
  const replay = new TargetReplay({ summary, importerUserId: importer, idFor, nowMs });
  const commands: ReplayedCommand[] = [];
  for (const e of source) commands.push(...replay.push(e));
  const end = replay.finish();
  commands.push(...end.commands);
  const states = new Map<string, GroupState>();
  const out: HistoryEvent[] = [];
  for (const c of commands) {
    let state = states.get(c.groupId) ?? initialGroupState();
    for (const { id, event } of c.events) {
      state = evolveGroup(state, structuredClone(event));
      out.push({
        stream: c.stream,
        id,
        type: event.type,
        schemaVersion: groupEventSchemaVersion(event.type),
        data: structuredClone(event.data),
        metadata: { actor: importer, commandId: c.commandId, at: c.at, requestId: null },
      });
    }
    states.set(c.groupId, state);
  }
  return { summary, commands, groups: end.groups, events: out, states };
}

/**
 * The ledger of a group as the API shows it, with every id passed through
 * `id` (identity for the source, the import's ids for a comparison): each
 * member's name, role, activity and totals, and each expense's and
 * settlement's last data and whether it is voided.
 */
export function ledgerOf(
  state: GroupState,
  events: readonly HistoryEvent[],
  id: (kind: "member" | "expense" | "settlement", sourceId: string) => string = (_k, s) => s,
) {
  const members = Object.fromEntries(
    [...state.members.values()].map((m) => {
      const t = state.totals.get(m.id) ?? { paid: 0n, owed: 0n };
      return [id("member", m.id), {
        name: m.name,
        role: m.role,
        active: m.active,
        paid: t.paid,
        owed: t.owed,
      }];
    }),
  );
  const entries = new Map<string, { data: unknown; voided: boolean }>();
  const remap = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(remap);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          k === "memberId" || k === "from" || k === "to"
            ? id("member", v as string)
            : k === "expenseId"
            ? id("expense", v as string)
            : k === "settlementId"
            ? id("settlement", v as string)
            : remap(v),
        ]),
      );
    }
    return value;
  };
  for (const e of events) {
    if (e.stream !== groupStream(state.id)) continue;
    const data = e.data as Record<string, string>;
    switch (e.type) {
      case "ExpenseRecorded":
      case "ExpenseAmended":
        entries.set(id("expense", data.expenseId), { data: remap(data), voided: false });
        break;
      case "SettlementRecorded":
      case "SettlementAmended":
        entries.set(id("settlement", data.settlementId), { data: remap(data), voided: false });
        break;
      case "ExpenseVoided":
        entries.get(id("expense", data.expenseId))!.voided = true;
        break;
      case "SettlementVoided":
        entries.get(id("settlement", data.settlementId))!.voided = true;
        break;
    }
  }
  return {
    name: state.name,
    currency: state.currency,
    members,
    entries: Object.fromEntries(entries),
  };
}
