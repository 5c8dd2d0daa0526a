/**
 * Finding the events a projection cannot apply, without giving up the rest
 * of the batch: the search behind fault isolation (ADR 0016), free of SQL so
 * that it is tested on its own.
 *
 * `attempt(events)` applies events and keeps their effects when it resolves,
 * and leaves no effect when it rejects (the caller runs it under a
 * savepoint). The search first attempts the whole batch; on a data error it
 * splits the batch's streams in halves, recursively, down to the failing
 * streams; in a failing stream it looks for the first event that fails on
 * top of the ones before it, by halving the prefix. Every event before that
 * one is applied, in stream order; it and the stream's later events are not.
 * Events of different streams never depend on each other (projections key
 * every row by group), so the streams are applied in any grouping; the
 * events of one stream are always applied in order.
 *
 * One poison stream among `g` streams of `n` events costs about
 * `2·log2(g) + log2(n)` attempts; a clean batch, one.
 *
 * @module
 */

/** An event as the search sees it: which stream it belongs to. */
export interface StreamEvent {
  /** The stream's key (projections use the group id). */
  readonly groupId: string;
}

/** An event that could not be applied, and why. */
export interface Fault<E extends StreamEvent> {
  readonly event: E;
  readonly error: unknown;
}

/**
 * Applies `events` through `attempt`, isolating the streams whose events fail
 * with a data error (`isData`); any other error is rethrown at once (the
 * caller rolls the whole batch back and retries it later). Answers one fault
 * per failing stream: its first event that could not be applied.
 *
 * @example
 * ```ts
 * const faults = await isolateFaults(events, (batch) => tx.savepoint((sp) => p.apply(sp, batch)), isDataFault);
 * ```
 */
export async function isolateFaults<E extends StreamEvent>(
  events: readonly E[],
  attempt: (events: readonly E[]) => Promise<unknown>,
  isData: (error: unknown) => boolean,
): Promise<Fault<E>[]> {
  /** Undefined when the events applied; the data error when they did not. */
  async function tryApply(batch: readonly E[]): Promise<unknown> {
    if (batch.length === 0) return undefined;
    try {
      await attempt(batch);
      return undefined;
    } catch (error) {
      if (!isData(error)) throw error;
      // `undefined` means success: a thrown `undefined` still fails.
      return error ?? new Error("the projection threw undefined");
    }
  }

  /**
   * Applies what it can of these streams; answers the faults of the others.
   * `known`: the error they already failed with as a whole.
   */
  async function settle(
    streams: readonly (readonly E[])[],
    known?: unknown,
  ): Promise<Fault<E>[]> {
    const error = known ?? await tryApply(streams.flat());
    if (error === undefined) return [];
    if (streams.length === 1) {
      const fault = await settleStream(streams[0], error);
      return fault ? [fault] : [];
    }
    const half = Math.ceil(streams.length / 2);
    return [...await settle(streams.slice(0, half)), ...await settle(streams.slice(half))];
  }

  /**
   * One stream whose events failed as a whole with `failure`: applies the
   * longest prefix it can find, answers the event after it.
   */
  async function settleStream(stream: readonly E[], failure: unknown): Promise<Fault<E> | null> {
    // stream[0, start) is applied; the fault is searched in stream[start, end), which
    // failed as a whole with `known` when that is set.
    let start = 0;
    let end = stream.length;
    let known: unknown = failure;
    while (start < stream.length) {
      if (end - start === 1) {
        const error = known ?? await tryApply([stream[start]]);
        if (error !== undefined) return { event: stream[start], error };
        // It applied on its own after all: go on with the rest of the stream.
        start += 1;
        end = stream.length;
        known = await tryApply(stream.slice(start));
        if (known === undefined) return null;
        continue;
      }
      const mid = start + Math.floor((end - start) / 2);
      const error = await tryApply(stream.slice(start, mid));
      if (error === undefined) {
        start = mid;
        known = undefined;
      } else {
        end = mid;
        known = error;
      }
    }
    return null;
  }

  // The whole batch first, in the log's order: the clean case is one attempt, as before.
  const error = await tryApply(events);
  return error === undefined ? [] : await settle(byStream(events), error);
}

/** The events split by stream, streams in order of first appearance, events in order. */
export function byStream<E extends StreamEvent>(events: readonly E[]): E[][] {
  const streams = new Map<string, E[]>();
  for (const e of events) {
    const list = streams.get(e.groupId);
    if (list) list.push(e);
    else streams.set(e.groupId, [e]);
  }
  return [...streams.values()];
}
