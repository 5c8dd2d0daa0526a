/**
 * Pass 2 of an import: replays the source's commands as the importer, in
 * new groups. It reads the same dump again and checks it again (its own
 * {@linkcode SourceCheck}, whose summary must equal pass 1's), translates
 * each source command (`translate.ts`) and has `decideGroup` decide it for
 * the importer against the new group's state. Every event it answers is
 * what the decider decided: an imported group is a history the command
 * side wrote, so exporting it and importing that again works the same way.
 *
 * Deterministic: the same dump, summary, importer and `idFor` give the same
 * commands, ids and events, so a crashed import can start pass 2 again and
 * skip what it had appended.
 *
 * @example
 * ```ts
 * const replay = new TargetReplay({ summary, importerUserId, idFor, nowMs });
 * for await (const e of readSqlDump(body)) for (const c of replay.push(e)) await append(c);
 * const { groups } = replay.finish(); // then commit, once the reader verified the dump
 * ```
 *
 * @module
 */
import { isDeepStrictEqual } from "node:util";
import { DomainError } from "../../errors.ts";
import { groupStream } from "../../streams.ts";
import type { GroupCommand } from "../commands.ts";
import { decideGroup } from "../decide.ts";
import type { GroupEvent } from "../events.ts";
import { evolveGroup } from "../evolve.ts";
import { type GroupState, initialGroupState } from "../state.ts";
import { ImportRefusal } from "./refusal.ts";
import {
  type CheckedCommand,
  SourceCheck,
  type SourceCheckOptions,
  type SourceGroup,
  type SourceSummary,
} from "./source_check.ts";
import { isLowerUuid, type SourceEvent } from "./source_event.ts";
import { type IdFor, type ImportIdKind, translateCommand } from "./translate.ts";

/** The options of a {@linkcode TargetReplay} (the source check's as in pass 1, and more). */
export interface TargetReplayOptions extends SourceCheckOptions {
  /** Pass 1's summary of the same dump. */
  readonly summary: SourceSummary;
  /** The importing user: the owner of every new group. */
  readonly importerUserId: string;
  /** New ids (see {@linkcode IdFor}). */
  readonly idFor: IdFor;
}

/** One command the importer sends to a new group, decided. */
export interface ReplayedCommand {
  /** The new group. */
  readonly groupId: string;
  /** Its stream. */
  readonly stream: string;
  /** The source stream. */
  readonly sourceStream: string;
  /** The position of the source command's last event (progress; where a refusal would point). */
  readonly sourcePosition: number;
  /** The source command's first event: the new events' `causationId`. */
  readonly sourceEventId: string;
  /** When the source command was decided: the new events keep it as their `at`. */
  readonly at: string;
  /** The new command's id (`idFor("command", …)`), for its events' `commandId`. */
  readonly commandId: string;
  /** The command, as the importer sends it. */
  readonly command: GroupCommand;
  /** The events the decider decided, each with its new id (`idFor("event", …)`). */
  readonly events: readonly { readonly id: string; readonly event: GroupEvent }[];
}

/** A new group of the import (in the order of the summary's groups). */
export interface ReplayedGroup {
  readonly id: string;
  readonly name: string;
  readonly sourceStream: string;
  /** How many events it holds. */
  readonly events: number;
}

interface Target {
  readonly group: SourceGroup;
  readonly id: string;
  state: GroupState;
  events: number;
}

/** Pass 2: push every event of the dump in order, then {@linkcode TargetReplay.finish}. */
export class TargetReplay {
  readonly #check: SourceCheck;
  readonly #summary: SourceSummary;
  readonly #groups: Map<string, SourceGroup>;
  readonly #targets = new Map<string, Target>();
  readonly #importer: string;
  readonly #idFor: IdFor;

  /** A replay of one dump, after pass 1 gave its summary. */
  constructor(options: TargetReplayOptions) {
    if (!isLowerUuid(options.importerUserId)) {
      throw new TypeError("the importer must be a user id (a lower-case UUID)");
    }
    this.#check = new SourceCheck({ nowMs: options.nowMs, maxGroups: options.maxGroups });
    this.#summary = options.summary;
    this.#groups = new Map(options.summary.groups.map((g) => [g.stream, g]));
    this.#importer = options.importerUserId;
    const checked = (kind: ImportIdKind, sourceId: string) => {
      const id = options.idFor(kind, sourceId);
      if (!isLowerUuid(id)) throw new TypeError(`idFor(${kind}) must answer a lower-case UUID`);
      return id;
    };
    // Members are few and named by every expense: their new ids are kept (an HMAC each is not free).
    const members = new Map<string, string>();
    this.#idFor = (kind, sourceId) => {
      if (kind !== "member") return checked(kind, sourceId);
      let id = members.get(sourceId);
      if (id === undefined) members.set(sourceId, id = checked(kind, sourceId));
      return id;
    };
  }

  /**
   * Checks the next source event again and answers the commands the
   * importer sends for the source commands it completed, decided. Throws
   * {@linkcode ImportRefusal}.
   */
  push(source: SourceEvent): ReplayedCommand[] {
    return this.#replay(this.#check.push(source));
  }

  /**
   * Replays what was pending and checks that the dump was the one pass 1
   * read (`dump.changed` otherwise); answers the last commands and the new
   * groups.
   */
  finish(): { commands: ReplayedCommand[]; groups: ReplayedGroup[] } {
    const { summary, commands } = this.#check.finish();
    const replayed = this.#replay(commands);
    if (!isDeepStrictEqual(summary, JSON.parse(JSON.stringify(this.#summary)))) {
      throw new ImportRefusal("dump.changed", "the dump differs from the one the import checked");
    }
    return {
      commands: replayed,
      groups: this.#summary.groups.map((g) => this.#targets.get(g.stream)!).map((t) => ({
        id: t.id,
        name: t.state.name,
        sourceStream: t.group.stream,
        events: t.events,
      })),
    };
  }

  #replay(checked: readonly CheckedCommand[]): ReplayedCommand[] {
    const out: ReplayedCommand[] = [];
    for (const c of checked) {
      const target = this.#targetOf(c);
      const first = c.events[0].source;
      const last = c.events[c.events.length - 1].source;
      translateCommand(c, target.group, this.#idFor).forEach((command, k) => {
        let decided: GroupEvent[];
        try {
          decided = decideGroup(command, target.state, { actorUserId: this.#importer });
        } catch (e) {
          throw new ImportRefusal(
            "dump.bad_history",
            `its command (${c.command.type}) cannot be replayed by the importer: ${
              (e as Error).message
            }`,
            first.position,
            c.stream,
            e instanceof DomainError ? e.code : null,
          );
        }
        if (decided.length === 0) return;
        const key = `${first.id}/${k}`;
        // evolve keeps nothing of an event's data: the decided events can be handed on as they are.
        for (const e of decided) target.state = evolveGroup(target.state, e);
        target.events += decided.length;
        out.push({
          groupId: target.id,
          stream: groupStream(target.id),
          sourceStream: c.stream,
          sourcePosition: last.position,
          sourceEventId: first.id,
          at: c.at,
          commandId: this.#idFor("command", key),
          command,
          events: decided.map((event, i) => ({ id: this.#idFor("event", `${key}/${i}`), event })),
        });
      });
    }
    return out;
  }

  #targetOf(c: CheckedCommand): Target {
    const known = this.#targets.get(c.stream);
    if (known) return known;
    const group = this.#groups.get(c.stream);
    if (!group || c.command.type !== "group.create") {
      throw new ImportRefusal(
        "dump.changed",
        "the dump differs from the one the import checked",
        c.events[0].source.position,
        c.stream,
      );
    }
    const target: Target = {
      group,
      id: this.#idFor("group", group.groupId),
      state: initialGroupState(),
      events: 0,
    };
    this.#targets.set(c.stream, target);
    return target;
  }
}
