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
  foldGroupCopy,
  type GroupCommand,
  type GroupEvent,
  groupEventSchemaVersion,
  type GroupState,
  groupStream,
  initialGroupState,
  parseGroupEvent,
} from "@kopek/domain";
import { activeTraceparent, inSpan } from "@kopek/platform";
import {
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type Idempotency,
  IdempotencyConflictError,
} from "@kopek/eventstore";

/** A folded group at a stream version. */
interface Folded {
  state: GroupState;
  version: number;
  position: number;
}

/**
 * What a command's answer is built from: its decision, known before the
 * append, so that the answer is kept with the idempotency key in the append
 * itself (a retry then answers exactly this, see ADR 0019).
 */
export interface Decided {
  /** The group's events the command causes (for a repeat kept before answers were: the original's). */
  readonly events: readonly GroupEvent[];
  /**
   * The group's state after them: a copy folded on first use (the cache is
   * not touched; it costs O(members), or O(entries) after an expense or
   * settlement event); for a repeat kept before answers were, today's state.
   */
  readonly state: GroupState;
  /** The group stream's version after them. */
  readonly version: number;
  /**
   * The command's global position if known before the append (a command that
   * appends nothing: the group's last known one); null when the append
   * decides it, and whoever answers fills it in from {@linkcode Executed.position}.
   */
  readonly position: number | null;
}

/** A command made ready to execute: how to build it, what it appends besides, how to answer. */
export interface CommandPlan<A> {
  /** Builds the command from the current state (which may need I/O, e.g. a rate). */
  readonly build: (state: GroupState) => Promise<GroupCommand> | GroupCommand;
  /** Events for other streams, appended atomically with the group's. */
  readonly companions?: (events: readonly GroupEvent[]) => CompanionAppend[];
  /** The answer, a JSON value: kept with the idempotency key, given back to every retry. */
  readonly respond: (decided: Decided) => Promise<A> | A;
}

/** What executing a command gives back. */
export interface Executed<A> {
  /** The answer: as just decided, or as the first identical command kept it (a repeat). */
  readonly answer: A;
  /**
   * The global position of the command's last event (for a repeat: the
   * original's); of the group's last known event when it appended nothing
   * (0 for a repeat of such a command: its answer holds its position).
   */
  readonly position: number;
  /** True when answered from an earlier identical command. */
  readonly duplicate: boolean;
}

/** Metadata the edge gives every command. */
export interface CommandMeta {
  readonly commandId: string;
  readonly requestId: string | null;
  readonly at: string;
  readonly idempotency?: Omit<Idempotency, "response">;
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
   * Builds a command from the current state, decides, answers and appends
   * (the answer kept with the idempotency key); retries on a concurrent
   * write. A command whose key was used before answers the kept answer (or
   * throws an `IdempotencyConflictError` when that key was used for other content).
   */
  execute<A>(
    groupId: string,
    ctx: CommandContext,
    meta: CommandMeta,
    plan: CommandPlan<A>,
  ): Promise<Executed<A>>;
  /** The group's current state (shared with the cache: read, never change). */
  current(groupId: string): Promise<GroupState>;
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

  /**
   * The group folded up to its last event. Only a group that exists is kept
   * in the cache: ids that name nothing (a typo, a probe, the id a retried
   * create generated afresh) never take a place in it.
   */
  async function load(groupId: string): Promise<Folded> {
    const cached = cache.get(groupId);
    const folded = cached ?? { state: initialGroupState(), version: 0, position: 0 };
    const events = await store.readStream(groupStream(groupId), { afterVersion: folded.version });
    if (events.length > 0) {
      foldGroup(folded.state, events.map((e) => parseGroupEvent(e.type, e.schemaVersion, e.data)));
      folded.version = events[events.length - 1].version;
      folded.position = events[events.length - 1].position;
    }
    if (folded.version > 0) remember(groupId, folded);
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
    // Traced: the write's span context, for the projector's links (ADR 0037). Hashed with the
    // event like the rest of its metadata; absent when tracing is off.
    const traceparent = activeTraceparent();
    if (traceparent) metadata.traceparent = traceparent;
    return events.map((e) => ({
      id: options.newId(),
      type: e.type,
      schemaVersion: "schemaVersion" in e ? e.schemaVersion : groupEventSchemaVersion(e.type),
      data: e.data,
      metadata,
    }));
  }

  /**
   * The answer of a repeat: the one its first run kept, or (kept before
   * answers were) one built again from the original events and today's state.
   * Never folds anything into the cache: the retry may name another group
   * (a create that generated its id afresh) than the one it repeats.
   */
  async function repeat<A>(
    groupId: string,
    earlier: AppendResult,
    plan: CommandPlan<A>,
  ): Promise<Executed<A>> {
    if (earlier.response !== undefined) {
      return { answer: earlier.response as A, position: earlier.position, duplicate: true };
    }
    // The group's stream comes first in every append of this repository.
    const original = earlier.streams[0];
    const state = (await load(groupId)).state;
    const answer = await plan.respond({
      events: earlier.events.filter((e) => e.stream === original?.stream)
        .map((e) => parseGroupEvent(e.type, e.schemaVersion, e.data)),
      state,
      version: original?.version ?? 0,
      position: null,
    });
    return { answer, position: earlier.position, duplicate: true };
  }

  /** The decision as the answer sees it; the state after it is folded on a copy, on demand. */
  function decided(folded: Folded, events: readonly GroupEvent[]): Decided {
    let after: GroupState | undefined;
    return {
      events,
      get state() {
        after ??= foldGroupCopy(folded.state, events);
        return after;
      },
      version: folded.version + events.length,
      position: events.length === 0 ? folded.position : null,
    };
  }

  async function attempt<A>(
    groupId: string,
    ctx: CommandContext,
    meta: CommandMeta,
    plan: CommandPlan<A>,
  ): Promise<Executed<A>> {
    for (let i = 1;; i++) {
      // The first attempt trusts the cached fold (commands on one group queue within this
      // process, and the append's expected version catches any other writer); a refusal or
      // a conflict reads the stream before trying again.
      const cached = i === 1 ? cache.get(groupId) : undefined;
      const folded = cached ?? await load(groupId);
      if (cached) remember(groupId, cached);
      let events: GroupEvent[];
      try {
        events = await inSpan("decide", { attributes: { "kopek.attempt": i } }, async () => {
          const command = await plan.build(folded.state);
          return decideGroup(command, folded.state, ctx);
        });
      } catch (e) {
        if (cached && e instanceof DomainError) continue;
        // Refused now, but maybe because it already happened: a retry answers what it did then.
        const earlier = meta.idempotency && e instanceof DomainError
          ? await store.idempotentResult(meta.idempotency)
          : null;
        if (earlier?.status === "duplicate") return await repeat(groupId, earlier.result, plan);
        if (earlier?.status === "conflict") {
          throw new IdempotencyConflictError(meta.idempotency!.key);
        }
        throw e;
      }
      const answer = await plan.respond(decided(folded, events));
      if (events.length === 0 && !meta.idempotency) {
        // Nothing to append and no key to keep.
        return { answer, position: folded.position, duplicate: false };
      }
      let result: AppendResult;
      try {
        result = await store.append([
          {
            stream: groupStream(groupId),
            expectedVersion: folded.version,
            events: toNewEvents(events, ctx, meta),
          },
          ...(plan.companions?.(events) ?? []).map((c) => ({
            stream: c.stream,
            expectedVersion: c.expectedVersion,
            events: toNewEvents(c.events, ctx, meta),
          })),
        ], { idempotency: meta.idempotency && { ...meta.idempotency, response: answer } });
      } catch (e) {
        if ((e as { code?: string }).code === "eventstore.version_conflict" && i < MAX_ATTEMPTS) {
          continue;
        }
        throw e;
      }
      if (result.duplicate) return await repeat(groupId, result, plan);
      if (events.length > 0) {
        options.onAppended?.();
        foldGroup(folded.state, events);
        folded.version = result.streams[0].version;
        folded.position = result.position;
        remember(groupId, folded);
      }
      return {
        answer: (result.response ?? answer) as A,
        position: events.length > 0 ? result.position : folded.position,
        duplicate: false,
      };
    }
  }

  return {
    async current(groupId) {
      return (await load(groupId)).state;
    },
    execute(groupId, ctx, meta, plan) {
      const previous = queues.get(groupId) ?? Promise.resolve();
      const run = previous.then(() => attempt(groupId, ctx, meta, plan));
      const settled = run.catch(() => {});
      queues.set(groupId, settled);
      settled.then(() => {
        if (queues.get(groupId) === settled) queues.delete(groupId);
      });
      return run;
    },
  };
}
