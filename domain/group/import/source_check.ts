/**
 * Pass 1 of an import: proves that a dump's history is one the command side
 * decided. Each stream's events are cut into commands (consecutive events
 * with the same command id, actor and time, recognised by
 * `command_of.ts`), each command is decided again by `decideGroup`, as its
 * recorded actor, against the state folded so far, and the decided events
 * must equal the stored ones exactly (after upcasting). Anything else
 * refuses the whole dump with an {@linkcode ImportRefusal} naming the code
 * and the source position. There is no second set of rules: what the
 * decider refuses at the API, the import refuses.
 *
 * Memory: per stream, the folded state and at most three pending events;
 * never the list of events.
 *
 * @example
 * ```ts
 * const check = new SourceCheck({ nowMs: Date.parse(job.createdAt) });
 * for await (const e of readSqlDump(body)) check.push(e);
 * const summary = check.finish(); // after the reader verified the dump
 * ```
 *
 * @module
 */
import { DomainError } from "../../errors.ts";
import { groupIdOfStream } from "../../streams.ts";
import type { GroupCommand } from "../commands.ts";
import { decideGroup } from "../decide.ts";
import type { GroupEvent } from "../events.ts";
import { evolveGroup } from "../evolve.ts";
import { type GroupState, initialGroupState } from "../state.ts";
import { recogniseCommand, Unrecognised } from "./command_of.ts";
import { ImportRefusal } from "./refusal.ts";
import { isLowerUuid, type ReadEvent, readSourceEvent, type SourceEvent } from "./source_event.ts";

/** One command of the source, decided again and found equal to its stored events. */
export interface CheckedCommand {
  /** The source stream. */
  readonly stream: string;
  /** The command the edge built, as the decider decided it. */
  readonly command: GroupCommand;
  /** The user who sent it (`metadata.actor`). */
  readonly actor: string;
  /** When it was decided (`metadata.at`, RFC 3339). */
  readonly at: string;
  /** Its events, typed, with the source events they are. */
  readonly events: readonly { readonly event: GroupEvent; readonly source: SourceEvent }[];
}

/** One group of the source, as pass 1 found it; JSON-safe (a job may store it). */
export interface SourceGroup {
  /** The source stream, `group-<id>`. */
  readonly stream: string;
  /** The source group id. */
  readonly groupId: string;
  /** Its name at the end. */
  readonly name: string;
  /** Its currency at the end. */
  readonly currency: string;
  /** How many events it holds. */
  readonly events: number;
  /** How many commands they are. */
  readonly commands: number;
  /** The member who owns the group at the end: the importer becomes this member. */
  readonly ownerMemberId: string;
  /** That member's name when it joined (the importer's member starts with it). */
  readonly ownerName: string;
  /** The member who created the group. */
  readonly firstOwnerMemberId: string;
  /** Its name then. */
  readonly firstOwnerName: string;
}

/** What pass 1 proved; JSON-safe, the input of pass 2. */
export interface SourceSummary {
  /** The groups, in the order their first event came. */
  readonly groups: readonly SourceGroup[];
  /** Events in the dump. */
  readonly events: number;
  /** Commands they are. */
  readonly commands: number;
}

/** The options of a {@linkcode SourceCheck}. */
export interface SourceCheckOptions {
  /**
   * The import's clock (ms since the epoch): no event may be decided after
   * it (beyond a tolerance). Give both passes of one import the same value.
   */
  readonly nowMs: number;
  /**
   * The most groups one dump may hold (default {@linkcode MAX_IMPORT_GROUPS}):
   * each is a folded state in memory until the end of the pass.
   */
  readonly maxGroups?: number;
}

/**
 * How many groups a dump may hold by default: 10,000, far more than a
 * user's own groups, and each one's folded state fits in memory at once.
 * An operator restoring a whole instance's export may allow more.
 */
export const MAX_IMPORT_GROUPS = 10_000;

interface StreamCheck {
  readonly stream: string;
  readonly groupId: string;
  state: GroupState;
  pending: ReadEvent[];
  /** The run of the pending events: command id, actor, time. */
  run: string;
  events: number;
  commands: number;
  firstOwner: { id: string; name: string } | null;
  /** Each member's name when it joined. */
  readonly joinedAs: Map<string, string>;
}

/** Pass 1: push every event of the dump in order, then {@linkcode SourceCheck.finish}. */
export class SourceCheck {
  readonly #nowMs: number;
  readonly #maxGroups: number;
  readonly #streams = new Map<string, StreamCheck>();
  #events = 0;
  #commands = 0;
  #finished = false;

  /** A check of one dump. */
  constructor(options: SourceCheckOptions) {
    this.#nowMs = options.nowMs;
    this.#maxGroups = options.maxGroups ?? MAX_IMPORT_GROUPS;
  }

  /**
   * Checks the next event of the dump; answers the commands it completed
   * (usually the one before it in its stream). Throws
   * {@linkcode ImportRefusal}: the dump is refused as a whole.
   */
  push(source: SourceEvent): CheckedCommand[] {
    if (this.#finished) throw new Error("the source check has finished");
    const stream = this.#streamOf(source);
    const read = readSourceEvent(source, this.#nowMs);
    this.#events++;
    stream.events++;
    const run = JSON.stringify([read.commandId, read.actor, read.at]);
    const done: CheckedCommand[] = [];
    if (stream.pending.length > 0 && run !== stream.run) this.#drain(stream, true, done);
    stream.run = run;
    stream.pending.push(read);
    this.#drain(stream, false, done);
    return done;
  }

  /**
   * Decides what is still pending and checks each group's end (an active
   * owner); answers the summary for pass 2. Throws
   * {@linkcode ImportRefusal} (`dump.empty` when the dump holds no group).
   */
  finish(): { summary: SourceSummary; commands: CheckedCommand[] } {
    if (this.#finished) throw new Error("the source check has finished");
    this.#finished = true;
    const done: CheckedCommand[] = [];
    for (const stream of this.#streams.values()) this.#drain(stream, true, done);
    if (this.#streams.size === 0) throw new ImportRefusal("dump.empty", "the dump holds no group");
    const groups = [...this.#streams.values()].map((s): SourceGroup => {
      const owner = [...s.state.members.values()].find((m) => m.active && m.role === "owner");
      if (!owner || s.firstOwner === null) {
        throw new ImportRefusal(
          "dump.bad_history",
          `the group of ${s.stream} has no active owner at the end of its history`,
          null,
          s.stream,
        );
      }
      return {
        stream: s.stream,
        groupId: s.groupId,
        name: s.state.name,
        currency: s.state.currency,
        events: s.events,
        commands: s.commands,
        ownerMemberId: owner.id,
        ownerName: s.joinedAs.get(owner.id)!,
        firstOwnerMemberId: s.firstOwner.id,
        firstOwnerName: s.firstOwner.name,
      };
    });
    return {
      summary: { groups, events: this.#events, commands: this.#commands },
      commands: done,
    };
  }

  #streamOf(source: SourceEvent): StreamCheck {
    const known = this.#streams.get(source.stream);
    if (known) return known;
    const groupId = typeof source.stream === "string" ? groupIdOfStream(source.stream) : null;
    if (groupId === null || !isLowerUuid(groupId)) {
      throw new ImportRefusal(
        "dump.not_a_group",
        `the dump holds stream ${
          JSON.stringify(String(source.stream).slice(0, 100))
        }, which is not a group's`,
        source.position,
        null,
      );
    }
    if (this.#streams.size >= this.#maxGroups) {
      throw new ImportRefusal(
        "dump.too_many_groups",
        `the dump holds more than ${this.#maxGroups} groups: import it in parts`,
        source.position,
        source.stream,
      );
    }
    const stream: StreamCheck = {
      stream: source.stream,
      groupId,
      state: initialGroupState(),
      pending: [],
      run: "",
      events: 0,
      commands: 0,
      firstOwner: null,
      joinedAs: new Map(),
    };
    this.#streams.set(source.stream, stream);
    return stream;
  }

  /** Decides the commands the pending events make, as far as they are known. */
  #drain(stream: StreamCheck, closed: boolean, done: CheckedCommand[]) {
    while (stream.pending.length > 0) {
      const first = stream.pending[0];
      let recognised;
      try {
        recognised = recogniseCommand(stream.pending.map((r) => r.event), closed, first.at);
      } catch (e) {
        if (!(e instanceof Unrecognised)) throw e;
        throw new ImportRefusal(
          "dump.bad_history",
          e.message,
          first.source.position,
          stream.stream,
        );
      }
      if (recognised.kind === "more") return;
      const events = stream.pending.splice(0, recognised.count);
      done.push(this.#decide(stream, events, recognised.candidates));
    }
  }

  #decide(
    stream: StreamCheck,
    events: ReadEvent[],
    candidates: readonly GroupCommand[],
  ): CheckedCommand {
    const first = events[0];
    const refuse = (detail: string, at = first, reason: string | null = null): never => {
      throw new ImportRefusal(
        "dump.bad_history",
        detail,
        at.source.position,
        stream.stream,
        reason,
      );
    };
    const command0 = candidates[0];
    if (!stream.state.exists && command0.type !== "group.create") {
      refuse("a group's history must begin with GroupCreated and its owner");
    }
    if (command0.type === "group.create" && command0.groupId !== stream.groupId) {
      refuse(`GroupCreated names group ${command0.groupId}, not the stream's ${stream.groupId}`);
    }
    let failure: { detail: string; at: ReadEvent; reason: string | null } | null = null;
    for (const command of candidates) {
      let decided: GroupEvent[];
      try {
        decided = decideGroup(command, stream.state, { actorUserId: first.actor });
      } catch (e) {
        failure ??= {
          detail: `the command side refuses its command (${command.type} by user ${first.actor}): ${
            (e as Error).message
          }`,
          at: first,
          reason: e instanceof DomainError ? e.code : null,
        };
        continue;
      }
      const differs = firstDifference(decided, events);
      if (differs === null) {
        for (const r of events) this.#fold(stream, r.event);
        stream.commands++;
        this.#commands++;
        return {
          stream: stream.stream,
          command,
          actor: first.actor,
          at: first.at,
          events: events.map((r) => ({ event: r.event, source: r.source })),
        };
      }
      failure ??= {
        detail: `it is not what the command side decides for its command (${command.type}): ${
          differs.index < decided.length
            ? `expected ${describe(decided[differs.index])}`
            : "expected no such event"
        }`,
        at: events[Math.min(differs.index, events.length - 1)],
        reason: null,
      };
    }
    return refuse(failure!.detail, failure!.at, failure!.reason);
  }

  #fold(stream: StreamCheck, event: GroupEvent) {
    if (event.type === "MemberAdded") {
      if (!stream.joinedAs.has(event.data.memberId)) {
        stream.joinedAs.set(event.data.memberId, event.data.name);
      }
      stream.firstOwner ??= { id: event.data.memberId, name: event.data.name };
    }
    stream.state = evolveGroup(stream.state, event);
  }
}

/**
 * The first decided event that differs from the stored one (or the first
 * one missing on either side), or null. Stored data is compared as stored
 * (upcast, not normalised by the event schema): an id in upper case or a
 * name with spaces around it is not what the command side writes. An event
 * stored at an older schema version is compared with what that version
 * could hold.
 */
function firstDifference(decided: readonly GroupEvent[], stored: readonly ReadEvent[]) {
  const n = Math.max(decided.length, stored.length);
  for (let i = 0; i < n; i++) {
    const d = decided[i];
    const s = stored[i];
    if (!d || !s || d.type !== s.source.type) return { index: i };
    if (!sameJson(d.data, s.raw, legacyCreator(d, s.source.schemaVersion))) return { index: i };
  }
  return null;
}

/**
 * The object whose `createdBy` an old version could not hold: version 1 of
 * InviteCreated did not record its creator (upcast, it reads null).
 */
function legacyCreator(event: GroupEvent, schemaVersion: number): object | null {
  return event.type === "InviteCreated" && schemaVersion < 2 ? event.data : null;
}

/**
 * Whether a decided value is the stored JSON value: the same primitives,
 * arrays and keys (a decided key whose value is undefined is absent in
 * JSON); `legacy`'s `createdBy` must be stored as null.
 */
function sameJson(decided: unknown, stored: unknown, legacy: object | null): boolean {
  if (decided === stored) return true;
  if (typeof decided !== "object" || decided === null) return false;
  if (typeof stored !== "object" || stored === null) return false;
  if (Array.isArray(decided)) {
    if (!Array.isArray(stored) || stored.length !== decided.length) return false;
    return decided.every((v, i) => sameJson(v, stored[i], legacy));
  }
  if (Array.isArray(stored)) return false;
  const d = decided as Record<string, unknown>;
  const s = stored as Record<string, unknown>;
  let keys = 0;
  for (const key of Object.keys(d)) {
    if (d[key] === undefined) continue;
    keys++;
    if (!Object.hasOwn(s, key)) return false;
    const value = decided === legacy && key === "createdBy" ? null : d[key];
    if (!sameJson(value, s[key], legacy)) return false;
  }
  for (const key of Object.keys(s)) if (s[key] === undefined) keys++;
  return keys === Object.keys(s).length;
}

function describe(e: GroupEvent): string {
  const text = `${e.type} ${JSON.stringify(e.data)}`;
  return text.length > 300 ? text.slice(0, 297) + "..." : text;
}
