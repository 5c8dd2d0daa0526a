/**
 * A group history as a dump holds it (events with their actor, command id and time), written
 * through the real decider by `HistoryWriter`, and the fixed ids and users of the test histories.
 *
 * @module
 */
import type { CommandContext, GroupCommand } from "../group/commands.ts";
import { decideGroup } from "../group/decide.ts";
import { type GroupEvent, groupEventSchemaVersion } from "../group/events.ts";
import { evolveGroup } from "../group/evolve.ts";
import { type GroupState, initialGroupState } from "../group/state.ts";
import { DomainError } from "../errors.ts";
import { groupStream } from "../streams.ts";

/** An event as a dump holds it, before its place in the chain. */
export interface HistoryEvent {
  readonly stream: string;
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: {
    readonly actor: string;
    readonly commandId: string;
    readonly at: string;
    readonly requestId: string | null;
  };
}

/** The generated histories' start: 2026-01-01. */
export const HISTORY_START = Date.parse("2026-01-01T00:00:00.000Z");

/** A clock late enough for every generated history (the import's `nowMs`). */
export const IMPORT_NOW = Date.parse("2200-01-01T00:00:00.000Z");

/**
 * One group's history, written command by command as the command side
 * would: each command decided for its actor against the state, its events
 * stamped with the actor, a command id and the time.
 */
export class HistoryWriter {
  state: GroupState = initialGroupState();
  readonly events: HistoryEvent[] = [];
  readonly stream: string;
  /** The clock, in ms; each command may move it on. */
  clock: number;
  #ids: () => number;

  /** A writer of the group `groupId`; `ids` numbers new event and command ids. */
  constructor(readonly groupId: string, ids: () => number, start = HISTORY_START) {
    this.stream = groupStream(groupId);
    this.clock = start;
    this.#ids = ids;
  }

  /** Decides a command for `actor` at the clock and records its events; throws when refused. */
  run(command: GroupCommand, actor: string): GroupEvent[] {
    const ctx: CommandContext = { actorUserId: actor };
    const events = decideGroup(command, this.state, ctx);
    const at = new Date(this.clock).toISOString();
    const commandId = `${command.type}:${historyId(this.#ids())}`;
    for (const e of events) {
      this.state = evolveGroup(this.state, structuredClone(e));
      this.events.push({
        stream: this.stream,
        id: historyId(this.#ids()),
        type: e.type,
        schemaVersion: groupEventSchemaVersion(e.type),
        data: structuredClone(e.data),
        metadata: { actor, commandId, at, requestId: null },
      });
    }
    return events;
  }

  /** {@linkcode run}, answering false instead of throwing when the decider refuses. */
  try(command: GroupCommand, actor: string): boolean {
    try {
      this.run(command, actor);
      return true;
    } catch (e) {
      if (e instanceof DomainError) return false;
      throw e;
    }
  }
}

/**
 * An id of generated histories: a version 4 UUID with letters in it (so that
 * an id in upper case differs from it).
 */
export function historyId(n: number): string {
  return `ab5c1d2e-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** The users of generated histories: `USERS[0]` creates the group. */
export const USERS: readonly string[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) =>
  `cafe0000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`
);
