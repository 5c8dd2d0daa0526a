/**
 * Snapshots of folded streams (ADR 0065): a derived cache beside the log.
 * A snapshot is a fold's state after a stream's first `version` events,
 * written by one version of the fold's code. It is not an event: it is never
 * exported or verified, may be deleted at any time, and a reader uses it only
 * when its fold version is the reader's and its `hash` is still the stream's
 * event at `version`.
 *
 * @module
 */

/** One snapshot. */
export interface Snapshot {
  /** The stream folded. */
  readonly stream: string;
  /** The fold's name (e.g. `"group"`). */
  readonly fold: string;
  /** The fold's code version that wrote it. */
  readonly foldVersion: number;
  /** How many events of the stream it folded (the last one's version). */
  readonly version: number;
  /** The last folded event's global position. */
  readonly position: number;
  /** The last folded event's hash: the snapshot stands for the chain up to it. */
  readonly hash: string;
  /** The last folded event's `metadata.at`, in ms since the epoch. */
  readonly atMs: number;
  /** The state, as the fold encodes it. */
  readonly state: string;
  /**
   * The same state as a small head and keyed parts (a fold's `split`), so
   * that a reader may fetch the head and only the parts it needs.
   */
  readonly split?: SnapshotSplit;
}

/** A state as a head and keyed parts (e.g. a group's entries by id). */
export interface SnapshotSplit {
  readonly head: string;
  readonly parts: readonly (readonly [key: string, text: string])[];
}

/** A snapshot's place and head, without its state or parts. */
export type SnapshotHead = Omit<Snapshot, "state" | "split"> & { readonly head: string };

/** Which snapshot {@linkcode SnapshotStore.latest} looks for. */
export interface SnapshotQuery {
  readonly stream: string;
  readonly fold: string;
  readonly foldVersion: number;
  /** Only snapshots whose last folded event was decided at or before this (ms since the epoch). */
  readonly maxAtMs?: number;
}

/** Where snapshots are kept. */
export interface SnapshotStore {
  /** The snapshot of the highest version that matches, or null. */
  latest(query: SnapshotQuery): Promise<Snapshot | null>;
  /**
   * Keeps a snapshot (a second one of the same stream, fold, fold version and
   * version is dropped) and deletes that stream's snapshots of other versions
   * of the fold.
   */
  save(snapshot: Snapshot): Promise<void>;
  /** Like {@linkcode latest}, among the snapshots saved with a split: its head only. */
  latestHead(query: SnapshotQuery): Promise<SnapshotHead | null>;
  /** The parts of a split snapshot with these keys (absent keys are left out). */
  parts(snapshot: SnapshotHead, keys: readonly string[]): Promise<Map<string, string>>;
  /** Deletes one snapshot (found not to match its stream), with its head and parts. */
  discard(snapshot: Omit<Snapshot, "state">): Promise<void>;
}
