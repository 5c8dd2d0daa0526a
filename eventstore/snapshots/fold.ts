/**
 * Folding a stream from its latest usable snapshot (ADR 0065), so that a
 * fold costs the snapshot's decoding plus the events after it, not the
 * stream's whole history.
 *
 * A snapshot is used only when its fold version is the fold's, it was
 * decided by the instant asked for (if any), and the stream's event at its
 * version still has its hash (read in the same range read as the events
 * after it): otherwise it is discarded and the fold starts from zero.
 * Snapshots are written at multiples of {@linkcode SNAPSHOT_EVERY} events:
 * after a fold that passed such a version (beyond the snapshot it started
 * from), the last one it passed. Reading and writing snapshots never fails
 * the fold: a failing snapshot store only makes it fold from zero.
 *
 * The read stops at the first event after `until`: the store keeps
 * `metadata.at` non-decreasing within a stream (ADR 0026), so the events
 * decided by an instant are a prefix of the stream.
 *
 * @module
 */
import type { EventStore, StoredEvent } from "../port.ts";
import type { Snapshot, SnapshotSplit, SnapshotStore } from "./port.ts";

/** Events between snapshots (and events per round trip of a fold). */
export const SNAPSHOT_EVERY = 1_000;

/** A fold that snapshots can start from: its name, code version, start, step and encoding. */
export interface SnapshotFold<S> {
  readonly name: string;
  /** Bumped whenever the fold's output (or encoding) changes: other versions' snapshots are ignored. */
  readonly version: number;
  initial(): S;
  /** Applies one stored event to the state (which it may consume) and returns the new state. */
  evolve(state: S, event: StoredEvent): S;
  encode(state: S): string;
  /** A fresh state, the caller's to evolve. */
  decode(text: string): S;
  /** The state as a head and keyed parts, saved beside it (see `head_fold.ts`); optional. */
  split?(state: S): SnapshotSplit;
}

/** Options of {@linkcode foldStream}. */
export interface FoldStreamOptions {
  /** Fold only the events decided at or before this instant (ms since the epoch). */
  readonly until?: number;
  /** Events between snapshots (default {@linkcode SNAPSHOT_EVERY}). */
  readonly every?: number;
  /** Told of a snapshot that could not be read, used or written (the fold went on without it). */
  readonly onSnapshotProblem?: (problem: string, err?: unknown) => void;
}

/** A folded stream. */
export interface FoldedStream<S> {
  readonly state: S;
  /** The last folded event's version (0: none). */
  readonly version: number;
  /** The last folded event's position (0: none). */
  readonly position: number;
  /** The version of the snapshot the fold started from (0: from the first event). */
  readonly from: number;
  /** How many events were folded after it. */
  readonly folded: number;
}

const atMs = (e: StoredEvent) => Date.parse(e.metadata.at);

/** The stream folded from its latest usable snapshot (see the module's notes). */
export async function foldStream<S>(
  store: EventStore,
  snapshots: SnapshotStore | null,
  stream: string,
  fold: SnapshotFold<S>,
  options: FoldStreamOptions = {},
): Promise<FoldedStream<S>> {
  const every = options.every ?? SNAPSHOT_EVERY;
  const until = options.until;
  const problem = options.onSnapshotProblem ?? (() => {});
  const decided = (e: StoredEvent) => until === undefined || atMs(e) <= until;

  let state = fold.initial();
  let version = 0;
  let position = 0;
  let page: StoredEvent[];
  // Pages end at multiples of `every`, where snapshots are written.
  let requested: number;
  const start = await startFrom(store, snapshots, stream, fold, until, every, problem);
  if (start) {
    ({ state, version, position, page } = start);
    requested = every - (version % every);
  } else {
    requested = every;
    page = await store.readStream(stream, { afterVersion: 0, limit: requested });
  }
  const from = version;
  let last: StoredEvent | null = null;
  while (true) {
    let stopped = false;
    for (const e of page) {
      if (!decided(e)) {
        stopped = true;
        break;
      }
      state = fold.evolve(state, e);
      last = e;
    }
    if (last) ({ version, position } = last);
    if (stopped || page.length < requested) break;
    // At a multiple of `every`, all decided: the next page says whether it is the last one.
    requested = every;
    const next = await store.readStream(stream, { afterVersion: version, limit: every });
    const tail = next[next.length - 1];
    const ends = next.length < every || (tail !== undefined && !decided(tail));
    if (ends && snapshots && last && version > from) {
      await save(snapshots, fold, state, last, problem);
    }
    page = next;
  }
  return { state, version, position, from, folded: version - from };
}

async function startFrom<S>(
  store: EventStore,
  snapshots: SnapshotStore | null,
  stream: string,
  fold: SnapshotFold<S>,
  until: number | undefined,
  every: number,
  problem: (problem: string, err?: unknown) => void,
): Promise<{ state: S; version: number; position: number; page: StoredEvent[] } | null> {
  if (!snapshots) return null;
  let snapshot: Snapshot | null;
  try {
    snapshot = await snapshots.latest({
      stream,
      fold: fold.name,
      foldVersion: fold.version,
      maxAtMs: until,
    });
  } catch (err) {
    problem("snapshot read failed", err);
    return null;
  }
  if (!snapshot) return null;
  // The snapshot's own last event, and the page after it, in one range read.
  const page = await store.readStream(stream, {
    afterVersion: snapshot.version - 1,
    limit: 1 + every - (snapshot.version % every),
  });
  const own = page[0];
  if (own?.version !== snapshot.version || own.hash !== snapshot.hash) {
    problem(`snapshot of ${stream} at version ${snapshot.version} does not match the stream`);
    await snapshots.discard(snapshot).catch((err) => problem("snapshot discard failed", err));
    return null;
  }
  try {
    const state = fold.decode(snapshot.state);
    return { state, version: snapshot.version, position: snapshot.position, page: page.slice(1) };
  } catch (err) {
    problem(`snapshot of ${stream} at version ${snapshot.version} does not decode`, err);
    return null;
  }
}

async function save<S>(
  snapshots: SnapshotStore,
  fold: SnapshotFold<S>,
  state: S,
  last: StoredEvent,
  problem: (problem: string, err?: unknown) => void,
): Promise<void> {
  try {
    await snapshots.save({
      stream: last.stream,
      fold: fold.name,
      foldVersion: fold.version,
      version: last.version,
      position: last.position,
      hash: last.hash,
      atMs: atMs(last),
      state: fold.encode(state),
      split: fold.split?.(state),
    });
  } catch (err) {
    problem("snapshot write failed", err);
  }
}
