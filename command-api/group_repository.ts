/**
 * Loads a group's folded state, decides, and appends — retrying when another
 * writer moved the stream meanwhile. Keeps recently used groups folded in
 * memory (a command on a cached group costs one round trip: the append) and
 * runs one command per group at a time within a process, so that concurrent
 * commands on one group queue instead of conflicting.
 *
 * @module
 */
import {
  type CommandContext,
  decideGroup,
  DomainError,
  foldGroup,
  type GroupCommand,
  type GroupEvent,
  groupEventSchemaVersion,
  type GroupState,
  groupStream,
  initialGroupState,
  parseGroupEvent,
} from "@kopek/domain";
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  Idempotency,
  StoredEvent,
} from "@kopek/eventstore";

/** A folded group at a stream version. */
interface Folded {
  state: GroupState;
  version: number;
  position: number;
}

/** What executing a command gives back. */
export interface Executed {
  /** The state after the command (shared with the cache: read, never change). */
  readonly state: GroupState;
  /** The events the command caused, typed, as decided. */
  readonly events: readonly GroupEvent[];
  /** The stored events (empty when the command changed nothing). */
  readonly stored: readonly StoredEvent[];
  /** The group stream's version after the command. */
  readonly version: number;
  /** The global position of the command's last event, or of the group's last known one. */
  readonly position: number;
  /** True when answered from an earlier identical command. */
  readonly duplicate: boolean;
}

/** Metadata the edge gives every command. */
export interface CommandMeta {
  readonly commandId: string;
  readonly requestId: string | null;
  readonly at: string;
  readonly idempotency?: Idempotency;
  /** The service acting for the user (a bot), if any. */
  readonly via?: string | null;
}

/** Events for another stream, appended atomically with the group's (e.g. a code's index). */
export interface CompanionAppend {
  readonly stream: string;
  readonly expectedVersion: number;
  readonly events: readonly { type: string; schemaVersion: number; data: unknown }[];
}

/** The group repository of one process. */
export interface GroupRepository {
  /**
   * Builds a command from the current state (which may need I/O, e.g. a
   * rate), decides and appends it; retries on a concurrent write.
   */
  execute(
    groupId: string,
    ctx: CommandContext,
    meta: CommandMeta,
    build: (state: GroupState) => Promise<GroupCommand> | GroupCommand,
    companions?: (events: readonly GroupEvent[]) => CompanionAppend[],
  ): Promise<Executed>;
  /** The group's current state (shared with the cache: read, never change). */
  current(groupId: string): Promise<GroupState>;
  /** The outcome of an append made earlier (an idempotent retry), with today's state. */
  replay(groupId: string, earlier: AppendResult): Promise<Executed>;
}

const MAX_ATTEMPTS = 8;

/** Creates the repository; `cacheSize` groups stay folded in memory. */
export function createGroupRepository(
  store: EventStore,
  options: { cacheSize?: number; newId: () => string; onAppended?: () => void },
): GroupRepository {
  const cacheSize = options.cacheSize ?? 1000;
  const cache = new Map<string, Folded>();
  const queues = new Map<string, Promise<unknown>>();

  function remember(groupId: string, folded: Folded) {
    cache.delete(groupId);
    cache.set(groupId, folded);
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
  }

  async function load(groupId: string): Promise<Folded> {
    const cached = cache.get(groupId);
    const folded = cached ?? { state: initialGroupState(), version: 0, position: 0 };
    const events = await store.readStream(groupStream(groupId), { afterVersion: folded.version });
    if (events.length > 0) {
      foldGroup(folded.state, events.map((e) => parseGroupEvent(e.type, e.schemaVersion, e.data)));
      folded.version = events[events.length - 1].version;
      folded.position = events[events.length - 1].position;
    }
    remember(groupId, folded);
    return folded;
  }

  function toNewEvents(
    events: readonly (GroupEvent | { type: string; data: unknown; schemaVersion: number })[],
    ctx: CommandContext,
    meta: CommandMeta,
  ) {
    const metadata: EventMetadata = {
      actor: ctx.actorUserId,
      commandId: meta.commandId,
      at: meta.at,
      requestId: meta.requestId,
      ...(meta.via ? { via: meta.via } : {}),
    };
    return events.map((e) => ({
      id: options.newId(),
      type: e.type,
      schemaVersion: "schemaVersion" in e ? e.schemaVersion : groupEventSchemaVersion(e.type),
      data: e.data,
      metadata,
    }));
  }

  /** The group's own events among stored ones (an append may carry companions). */
  function groupEventsOf(groupId: string, stored: readonly StoredEvent[]): GroupEvent[] {
    const stream = groupStream(groupId);
    return stored.filter((e) => e.stream === stream)
      .map((e) => parseGroupEvent(e.type, e.schemaVersion, e.data));
  }

  async function attempt(
    groupId: string,
    ctx: CommandContext,
    meta: CommandMeta,
    build: (state: GroupState) => Promise<GroupCommand> | GroupCommand,
    companions?: (events: readonly GroupEvent[]) => CompanionAppend[],
  ): Promise<Executed> {
    for (let i = 1;; i++) {
      // The first attempt trusts the cached fold (commands on one group queue within this
      // process, and the append's expected version catches any other writer); a refusal or
      // a conflict reads the stream before trying again.
      const cached = i === 1 ? cache.get(groupId) : undefined;
      const folded = cached ?? await load(groupId);
      if (cached) remember(groupId, cached);
      let events: GroupEvent[];
      try {
        const command = await build(folded.state);
        events = decideGroup(command, folded.state, ctx);
      } catch (e) {
        if (cached && e instanceof DomainError) continue;
        throw e;
      }
      if (events.length === 0) {
        return {
          state: folded.state,
          events,
          stored: [],
          version: folded.version,
          position: folded.position,
          duplicate: false,
        };
      }
      let result: AppendResult;
      try {
        result = await store.append([
          {
            stream: groupStream(groupId),
            expectedVersion: folded.version,
            events: toNewEvents(events, ctx, meta),
          },
          ...(companions?.(events) ?? []).map((c) => ({
            stream: c.stream,
            expectedVersion: c.expectedVersion,
            events: toNewEvents(c.events, ctx, meta),
          })),
        ], { idempotency: meta.idempotency });
      } catch (e) {
        if ((e as { code?: string }).code === "eventstore.version_conflict" && i < MAX_ATTEMPTS) {
          continue;
        }
        throw e;
      }
      if (!result.duplicate) {
        options.onAppended?.();
        foldGroup(folded.state, events);
        folded.version = result.streams[0].version;
        folded.position = result.position;
      }
      const decided = result.duplicate ? groupEventsOf(groupId, result.events) : events;
      return {
        state: folded.state,
        events: decided,
        stored: result.events,
        version: result.streams[0]?.version ?? folded.version,
        position: result.position,
        duplicate: result.duplicate,
      };
    }
  }

  return {
    async current(groupId) {
      return (await load(groupId)).state;
    },
    async replay(groupId, earlier) {
      const folded = await load(groupId);
      return {
        state: folded.state,
        events: groupEventsOf(groupId, earlier.events),
        stored: earlier.events,
        version: earlier.streams[0]?.version ?? folded.version,
        position: earlier.position,
        duplicate: true,
      };
    },
    execute(groupId, ctx, meta, build, companions) {
      const previous = queues.get(groupId) ?? Promise.resolve();
      const run = previous.then(() => attempt(groupId, ctx, meta, build, companions));
      const settled = run.catch(() => {});
      queues.set(groupId, settled);
      settled.then(() => {
        if (queues.get(groupId) === settled) queues.delete(groupId);
      });
      return run;
    },
  };
}
