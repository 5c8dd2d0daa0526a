/**
 * The one command handler of the write side (Emmett's `CommandHandler`):
 * load a stream's state, decide, append with the version it was decided on,
 * and try again when another writer moved the stream meanwhile. With an
 * idempotency key the answer is kept in the append itself, and a repeat
 * answers it (ADR 0019); a command the decider now refuses answers what its
 * first run did, if it ran. Groups, accounts and sessions all write through it.
 *
 * @module
 */
import { type Decider, DomainError } from "@kopek/domain";
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ExpectedVersion,
  Idempotency,
  NewEvent,
  StoredEvent,
} from "@kopek/eventstore";
import { IdempotencyConflictError } from "@kopek/eventstore";
import { inSpan } from "@kopek/platform";

/** A stream's state at a version. */
export interface Loaded<S> {
  readonly state: S;
  /** The stream's version (0: no events). */
  readonly version: number;
  /** The global position of the stream's last event (0: none). */
  readonly position: number;
  /**
   * False when the state may be behind the stream (a cache): a refusal then
   * loads again before it counts.
   */
  readonly fresh: boolean;
}

/**
 * What an answer is built from: the decision, known before the append, so
 * that it can be kept with the idempotency key in the append itself.
 */
export interface Decided<E, S> {
  /** The events the command causes (for a repeat kept before answers were: the original's). */
  readonly events: readonly E[];
  /** The state after them (for a repeat kept before answers were: today's). */
  readonly state: S;
  /** The stream's version after them. */
  readonly version: number;
  /**
   * The command's global position when known before the append (it appends
   * nothing: the stream's last one); null when the append decides it.
   */
  readonly position: number | null;
}

/** A command built from the state it is decided on, when it depends on it (a rate, say). */
export type BuildCommand<C, S> = (state: S) => Promise<C> | C;

/** How to handle a command beyond the store, the stream, the decider and the command. */
export interface HandleOptions<C, E, S, A> {
  /** A stored event of the stream as the decider's event. */
  readonly parse: (event: StoredEvent) => E;
  /** Decided events as new events for the store (ids, metadata), given the state decided on. */
  readonly toNew: (events: readonly E[], state: S) => NewEvent[];
  /**
   * Loads the state; `attempt` counts from 1. Default: the whole stream,
   * folded with the decider from its initial state.
   */
  readonly load?: (attempt: number) => Promise<Loaded<S>>;
  /** Makes the command idempotent: its answer is kept with the key. */
  readonly idempotency?: Omit<Idempotency, "response">;
  /** The answer, a JSON value when kept with a key. Default: undefined. */
  readonly answer?: (decided: Decided<E, S>) => Promise<A> | A;
  /** The state after the events, leaving `state` as it was. Default: folded with the decider. */
  readonly after?: (state: S, events: readonly E[]) => S;
  /** Appends to other streams in the same transaction (an index, a code). */
  readonly companions?: (events: readonly E[], state: S) => AppendRequest[];
  /** The version the append expects. Default: the version decided on. */
  readonly expectedVersion?: (events: readonly E[], loaded: Loaded<S>) => ExpectedVersion;
  /** Attempts before a version conflict is thrown (default 8). */
  readonly maxAttempts?: number;
}

/** What handling a command gives back. */
export interface Handled<E, S, A> {
  /** The answer: as just decided, or as the first identical command kept it (a repeat). */
  readonly answer: A;
  /** The events decided (none for a repeat). */
  readonly events: readonly E[];
  /** The state decided on (before the events; for a repeat, the last one loaded). */
  readonly loaded: Loaded<S>;
  /**
   * The global position of the last event appended (for a repeat: the
   * original's); of the stream's last event when nothing was appended.
   */
  readonly position: number;
  /** The append's result, when one was made. */
  readonly result: AppendResult | null;
  /** True when answered from an earlier identical command. */
  readonly duplicate: boolean;
}

const DEFAULT_ATTEMPTS = 8;

function isVersionConflict(e: unknown): boolean {
  return (e as { code?: string }).code === "eventstore.version_conflict";
}

/** The whole stream folded with the decider. */
export async function loadStream<E, S>(
  store: EventStore,
  stream: string,
  decider: Pick<Decider<unknown, E, S>, "evolve" | "initialState">,
  parse: (event: StoredEvent) => E,
): Promise<Loaded<S>> {
  const events = await store.readStream(stream);
  let state = decider.initialState();
  for (const e of events) state = decider.evolve(state, parse(e));
  const last = events.at(-1);
  return { state, version: last?.version ?? 0, position: last?.position ?? 0, fresh: true };
}

/**
 * Loads, decides and appends a command on one stream; see the module. Throws
 * the decider's `DomainError`, an `IdempotencyConflictError` for a key used
 * with other content, or the store's version conflict after `maxAttempts`.
 */
export async function handle<C, E, S, A = undefined>(
  store: EventStore,
  stream: string,
  decider: Decider<C, E, S>,
  command: C | BuildCommand<C, S>,
  options: HandleOptions<C, E, S, A>,
): Promise<Handled<E, S, A>> {
  const load = options.load ?? (() => loadStream(store, stream, decider, options.parse));
  const after = options.after ??
    ((state: S, events: readonly E[]) => {
      let s = state;
      for (const e of events) s = decider.evolve(s, e);
      return s;
    });
  const answer = (decided: Decided<E, S>) =>
    options.answer ? options.answer(decided) : undefined as A;
  const idempotency = options.idempotency;
  const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;

  /** The answer of a repeat: as kept, or built again from the original events and today's state. */
  async function repeat(earlier: AppendResult, current: Loaded<S>): Promise<Handled<E, S, A>> {
    if (earlier.response !== undefined) {
      return {
        answer: earlier.response as A,
        events: [],
        loaded: current,
        position: earlier.position,
        result: earlier,
        duplicate: true,
      };
    }
    // Kept before answers were: built again, on the stream as it is now.
    const loaded = await load(Number.MAX_SAFE_INTEGER);
    // The handled stream comes first in every append of this handler.
    const original = earlier.streams[0];
    const built = await answer({
      events: earlier.events.filter((e) => e.stream === original?.stream).map(options.parse),
      state: loaded.state,
      version: original?.version ?? 0,
      position: null,
    });
    return {
      answer: built,
      events: [],
      loaded,
      position: earlier.position,
      result: earlier,
      duplicate: true,
    };
  }

  for (let attempt = 1;; attempt++) {
    const loaded = await load(attempt);
    let events: E[];
    try {
      events = await inSpan("decide", { attributes: { "kopek.attempt": attempt } }, async () => {
        const built = typeof command === "function"
          ? await (command as BuildCommand<C, S>)(loaded.state)
          : command;
        return decider.decide(built, loaded.state);
      });
    } catch (e) {
      // Decided on a state that may be behind: load the stream and decide again.
      if (!loaded.fresh && e instanceof DomainError) continue;
      // Refused now, but maybe because it already happened: a retry answers what it did then.
      const earlier = idempotency && e instanceof DomainError
        ? await store.idempotentResult(idempotency)
        : null;
      if (earlier?.status === "duplicate") return await repeat(earlier.result, loaded);
      if (earlier?.status === "conflict") throw new IdempotencyConflictError(idempotency!.key);
      throw e;
    }
    let stateAfter: S | undefined;
    const given = await answer({
      events,
      get state() {
        stateAfter ??= after(loaded.state, events);
        return stateAfter;
      },
      version: loaded.version + events.length,
      position: events.length === 0 ? loaded.position : null,
    });
    if (events.length === 0 && !idempotency) {
      // Nothing to append and no key to keep.
      return {
        answer: given,
        events,
        loaded,
        position: loaded.position,
        result: null,
        duplicate: false,
      };
    }
    let result: AppendResult;
    try {
      result = await store.append([
        {
          stream,
          expectedVersion: options.expectedVersion?.(events, loaded) ?? loaded.version,
          events: options.toNew(events, loaded.state),
        },
        ...(options.companions?.(events, loaded.state) ?? []),
      ], { idempotency: idempotency && { ...idempotency, response: given } });
    } catch (e) {
      if (isVersionConflict(e) && attempt < maxAttempts) continue;
      throw e;
    }
    if (result.duplicate) return await repeat(result, loaded);
    return {
      answer: (result.response ?? given) as A,
      events,
      loaded,
      position: events.length > 0 ? result.position : loaded.position,
      result,
      duplicate: false,
    };
  }
}
