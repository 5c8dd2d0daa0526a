/**
 * Group commands through the one command handler ({@linkcode handle}: load,
 * decide, append, retry on a concurrent write, idempotency). On top of it the
 * repository keeps recently used groups folded in memory (a command on a
 * cached group costs one round trip: the append) and runs one command per
 * group at a time within a process, so that concurrent commands on one group
 * queue instead of conflicting. A group that is not cached is folded from its
 * latest snapshot (ADR 0065), which a cold load that folds past a multiple of
 * `SNAPSHOT_EVERY` events writes.
 *
 * @module
 */
import {
  type CommandContext,
  foldGroup,
  foldGroupCopy,
  type GroupCommand,
  groupDecider,
  type GroupEvent,
  groupEventSchemaVersion,
  groupFold,
  type GroupState,
  groupStream,
  parseGroupEvent,
  type SentGroupCommand,
} from "@kopek/domain";
import { activeTraceparent } from "@kopek/platform";
import {
  type EventMetadata,
  type EventStore,
  foldStream,
  type Idempotency,
  type SnapshotStore,
  type StoredEvent,
} from "@kopek/eventstore";
import { type Decided as HandlerDecided, handle } from "./handle.ts";

/** A folded group at a stream version. */
interface Folded {
  state: GroupState;
  version: number;
  position: number;
  /**
   * The highest version another process announced for the group (ADR 0075; 0: none): above
   * `version`, the next command reads the events after `version` before it decides.
   */
  behind?: number;
}

/**
 * What a command's answer is built from: its decision, known before the
 * append, so that the answer is kept with the idempotency key in the append
 * itself (a retry then answers exactly this, see ADR 0019). Its state is a
 * copy folded on first use (the cache is not touched; it costs O(members), or
 * O(entries) after an expense or settlement event); a `position` of null is
 * filled in from {@linkcode Executed.position}.
 */
export type Decided = HandlerDecided<GroupEvent, GroupState>;

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
  /**
   * Another process appended to the group up to `version` (ADR 0075): a cached fold behind it
   * reads the events after its version on its next command instead of failing its append. A
   * hint: costs one map look-up, and a group not cached is left alone. True when it marked one.
   */
  noticed(groupId: string, version: number): boolean;
}

const MAX_ATTEMPTS = 8;

const parse = (e: StoredEvent) => parseGroupEvent(e.type, e.schemaVersion, e.data);

/** Options of {@linkcode createGroupRepository}. */
export interface GroupRepositoryOptions {
  /** Groups kept folded in memory (default 1,000). */
  readonly cacheSize?: number;
  readonly newId: () => string;
  readonly onAppended?: () => void;
  /** After an append to a group, with its new stream version (announced to other processes). */
  readonly onGroupAppended?: (groupId: string, version: number) => void;
  /** A command on a group marked behind read the events it lacked before deciding. */
  readonly onCaughtUp?: () => void;
  /** Where a group that is not cached is folded from (ADR 0065); absent: from its first event. */
  readonly snapshots?: SnapshotStore | null;
  /** Events between snapshots (default `SNAPSHOT_EVERY`; tests use small ones). */
  readonly snapshotEvery?: number;
  /** Told of a snapshot that could not be read, used or written (commands are unaffected). */
  readonly onSnapshotProblem?: (problem: string, err?: unknown) => void;
}

/** Creates the repository; `cacheSize` groups stay folded in memory. */
export function createGroupRepository(
  store: EventStore,
  options: GroupRepositoryOptions,
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
    let folded: Folded;
    if (cached) {
      folded = cached;
      const events = await store.readStream(groupStream(groupId), { afterVersion: folded.version });
      if (events.length > 0) {
        foldGroup(folded.state, events.map(parse));
        folded.version = events[events.length - 1].version;
        folded.position = events[events.length - 1].position;
      }
    } else {
      // Cold: from the latest snapshot; a snapshot that cannot be read or written only costs time.
      const { state, version, position } = await foldStream(
        store,
        options.snapshots ?? null,
        groupStream(groupId),
        groupFold,
        { every: options.snapshotEvery, onSnapshotProblem: options.onSnapshotProblem },
      );
      folded = { state, version, position };
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

  async function attempt<A>(
    groupId: string,
    ctx: CommandContext,
    meta: CommandMeta,
    plan: CommandPlan<A>,
  ): Promise<Executed<A>> {
    // The folded group each attempt decides on. The first attempt trusts the cached fold
    // (commands on one group queue within this process, and the append's expected version
    // catches any other writer); a refusal, a conflict or a repeat reads the stream first.
    let folded: Folded | undefined;
    const done = await handle<SentGroupCommand, GroupEvent, GroupState, A>(
      store,
      groupStream(groupId),
      groupDecider,
      async (state) => ({ command: await plan.build(state), context: ctx }),
      {
        parse,
        toNew: (events) => toNewEvents(events, ctx, meta),
        load: async (n) => {
          // A fold another process announced to be behind catches up first (one read).
          const cached = n === 1 ? cache.get(groupId) : undefined;
          const trusted = cached && (cached.behind ?? 0) <= cached.version ? cached : undefined;
          if (cached) cached.behind = 0;
          if (trusted) remember(groupId, trusted);
          else if (cached) options.onCaughtUp?.();
          folded = trusted ?? await load(groupId);
          return { ...folded, fresh: trusted === undefined };
        },
        idempotency: meta.idempotency,
        answer: plan.respond,
        // The answer sees the state after the events on a copy: the cache changes only
        // once the append succeeded.
        after: foldGroupCopy,
        companions: (events) =>
          (plan.companions?.(events) ?? []).map((c) => ({
            stream: c.stream,
            expectedVersion: c.expectedVersion,
            events: toNewEvents(c.events, ctx, meta),
          })),
        maxAttempts: MAX_ATTEMPTS,
      },
    );
    if (!done.duplicate && done.events.length > 0 && done.result && folded) {
      options.onAppended?.();
      foldGroup(folded.state, done.events);
      folded.version = done.result.streams[0].version;
      folded.position = done.result.position;
      remember(groupId, folded);
      options.onGroupAppended?.(groupId, folded.version);
    }
    return { answer: done.answer, position: done.position, duplicate: done.duplicate };
  }

  return {
    async current(groupId) {
      return (await load(groupId)).state;
    },
    noticed(groupId, version) {
      const cached = cache.get(groupId);
      if (cached && version > cached.version && version > (cached.behind ?? 0)) {
        cached.behind = version;
        return true;
      }
      return false;
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
