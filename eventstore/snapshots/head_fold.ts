/**
 * Folding a stream from the head of its latest usable snapshot (ADR 0065,
 * "Balances as of an instant without the entries"): the snapshot's small
 * head, the events after it, and only the parts (e.g. a group's entries)
 * those events touch, so that the fold costs O(head + events since the
 * snapshot), not the whole state's decoding.
 *
 * The head path is taken when the snapshot matches its stream (its hash, as
 * in `foldStream`) and fewer than `every` events decided by the instant
 * follow it. Otherwise (no snapshot, a mismatch, a head that does not
 * decode, or a long way from the snapshot) the fold is `foldStream`'s over
 * the whole state, which writes the snapshot that puts the next reads on the
 * head path, and the head is taken from its state.
 *
 * @module
 */
import type { EventStore, StoredEvent } from "../port.ts";
import type { SnapshotHead, SnapshotStore } from "./port.ts";
import { foldStream, type FoldStreamOptions, SNAPSHOT_EVERY, type SnapshotFold } from "./fold.ts";

/** A fold of a head `H` beside a whole-state fold `S` (with a `split`), over parsed events `E`. */
export interface HeadFold<S, H, E> {
  /** The whole state's fold: its name and version name the snapshots; its `split` writes heads. */
  readonly full: SnapshotFold<S>;
  /** One stored event, parsed (as the whole fold's `evolve` parses it). */
  parse(event: StoredEvent): E;
  /** The keys of the parts that evolving these events reads. */
  touched(events: readonly E[]): Iterable<string>;
  /** A head and its fetched parts (a fresh object, the caller's to evolve). */
  decode(head: string, parts: ReadonlyMap<string, string>): H;
  /** Applies one parsed event to the head (which it may consume). */
  evolve(head: H, event: E): H;
  /** The head of a whole state (which it may take). */
  ofState(state: S): H;
}

/** The stream's head folded from its latest usable snapshot (see the module's notes). */
export async function foldHead<S, H, E>(
  store: EventStore,
  snapshots: SnapshotStore | null,
  stream: string,
  fold: HeadFold<S, H, E>,
  options: FoldStreamOptions = {},
): Promise<H> {
  const fast = snapshots && await fromHead(store, snapshots, stream, fold, options);
  if (fast) return fast.head;
  const folded = await foldStream(store, snapshots, stream, fold.full, options);
  return fold.ofState(folded.state);
}

async function fromHead<S, H, E>(
  store: EventStore,
  snapshots: SnapshotStore,
  stream: string,
  fold: HeadFold<S, H, E>,
  options: FoldStreamOptions,
): Promise<{ head: H } | null> {
  const every = options.every ?? SNAPSHOT_EVERY;
  const until = options.until;
  const problem = options.onSnapshotProblem ?? (() => {});
  let snapshot: SnapshotHead | null;
  try {
    snapshot = await snapshots.latestHead({
      stream,
      fold: fold.full.name,
      foldVersion: fold.full.version,
      maxAtMs: until,
    });
  } catch (err) {
    problem("snapshot read failed", err);
    return null;
  }
  if (!snapshot) return null;
  // The snapshot's own last event and up to `every` after it, in one range read.
  const page = await store.readStream(stream, {
    afterVersion: snapshot.version - 1,
    limit: 1 + every,
  });
  const own = page[0];
  if (own?.version !== snapshot.version || own.hash !== snapshot.hash) {
    // `foldStream` finds the same mismatch, discards the snapshot and folds from zero.
    return null;
  }
  const after: StoredEvent[] = [];
  for (const e of page.slice(1)) {
    if (until !== undefined && Date.parse(e.metadata.at) > until) break;
    after.push(e);
  }
  // A long way from the snapshot: the whole fold writes a nearer one.
  if (after.length >= every) return null;
  const events = after.map((e) => fold.parse(e));
  let head: H;
  try {
    const parts = await snapshots.parts(snapshot, [...fold.touched(events)]);
    head = fold.decode(snapshot.head, parts);
  } catch (err) {
    problem(`snapshot head of ${stream} at version ${snapshot.version} is unusable`, err);
    return null;
  }
  for (const e of events) head = fold.evolve(head, e);
  return { head };
}
