/**
 * Group commit: appends that arrive while the adapter already has its share
 * of appends at the database wait in a queue, and the next one to finish
 * sends the whole queue as one statement (`kopek_append_batch`: one round
 * trip, one transaction, one commit). Natural batching: no timer, no wait
 * when the database is free; a lone append takes the one-append path.
 *
 * Each append keeps its own answer (its own head check, key and events);
 * an append is answered only once its batch committed. Two appends on the
 * same stream or with the same key never share a batch. A batch writes its
 * appends in the order of their streams' names, so that two batches (of
 * one-stream appends) never wait on each other's index entries in opposite
 * orders. When a batch fails with a unique violation (a race with another
 * process, an event id taken) or a deadlock, nothing of it was kept and
 * each of its appends runs alone, as it would have without group commit.
 * Any other failure (a lost connection) fails every append of the batch
 * with it: none was acknowledged. See ADR 0062.
 *
 * @module
 */
import type { Answer, Claim, PreparedEvent } from "./_rows.ts";

/** One append as `kopek_append` and `kopek_append_batch` take it. */
export interface AppendItem {
  key: string | null;
  contentHash: string | null;
  heads: Claim[];
  /** Each stream's version after the append, kept with the key; null without a key. */
  streams: { stream: string; version: number }[] | null;
  /** The answer's JSON text kept with the key; null for none. */
  response: string | null;
  events: PreparedEvent[];
}

/** What `kopek_append_batch` answers: the transaction and one answer per item, in order. */
export interface BatchAnswer {
  txId: string | null;
  answers: Answer[];
}

/** How a {@linkcode GroupCommit} talks to the database. */
export interface GroupCommitOptions {
  /** Runs one append alone (the one-append path). */
  alone: (item: AppendItem) => Promise<Answer>;
  /** Runs several appends in one statement. */
  batch: (items: readonly AppendItem[]) => Promise<BatchAnswer>;
  /** Appends (alone or batches) at the database at once before the rest queue (≥ 1). */
  maxInFlight: number;
  /** Appends in one batch at most (≥ 2). */
  maxBatch: number;
  /** Sends even a lone append as a batch (tests: the contract through `kopek_append_batch`). */
  alwaysBatch?: boolean;
  /**
   * Tells whether a batch's failure kept nothing and says nothing about its appends (a unique
   * violation, a deadlock): its appends then run alone.
   */
  keptNothing: (e: unknown) => boolean;
}

interface Pending {
  item: AppendItem;
  resolve: (answer: Answer) => void;
  reject: (e: unknown) => void;
}

/** The queue of appends waiting for the database, and the batches it sends. */
export class GroupCommit {
  readonly #options: GroupCommitOptions;
  #queue: Pending[] = [];
  #inFlight = 0;

  constructor(options: GroupCommitOptions) {
    if (options.maxInFlight < 1 || options.maxBatch < 2) {
      throw new RangeError("group commit needs maxInFlight ≥ 1 and maxBatch ≥ 2");
    }
    this.#options = options;
  }

  /** Appends queued now (for tests and metrics). */
  get queued(): number {
    return this.#queue.length;
  }

  /** Sends the append now if the database has room, else queues it for the next batch. */
  submit(item: AppendItem): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#inFlight < this.#options.maxInFlight) this.#sendNext();
    });
  }

  /** Takes the next batch off the queue (in order, skipping overlaps) and sends it. */
  #sendNext(): void {
    const taken = this.#take();
    if (taken.length === 0) return;
    this.#inFlight++;
    const done = () => {
      this.#inFlight--;
      // Whatever queued meanwhile goes now, as one batch.
      while (this.#inFlight < this.#options.maxInFlight && this.#queue.length > 0) {
        this.#sendNext();
      }
    };
    const sent = taken.length === 1 && this.#options.alwaysBatch !== true
      ? this.#runAlone(taken[0])
      : this.#runBatch(taken);
    sent.then(done, done);
  }

  /** The longest run of queued appends that share no stream and no key, in arrival order. */
  #take(): Pending[] {
    const { maxBatch } = this.#options;
    if (this.#queue.length <= 1) return this.#queue.splice(0);
    const streams = new Set<string>();
    const keys = new Set<string>();
    const taken: Pending[] = [];
    const left: Pending[] = [];
    for (const p of this.#queue) {
      const overlaps = taken.length >= maxBatch ||
        p.item.heads.some((h) => streams.has(h.stream)) ||
        (p.item.key !== null && keys.has(p.item.key));
      if (overlaps) {
        left.push(p);
        continue;
      }
      taken.push(p);
      for (const h of p.item.heads) streams.add(h.stream);
      if (p.item.key !== null) keys.add(p.item.key);
    }
    this.#queue = left;
    return taken;
  }

  async #runAlone(p: Pending): Promise<void> {
    try {
      p.resolve(await this.#options.alone(p.item));
    } catch (e) {
      p.reject(e);
    }
  }

  async #runBatch(arrived: Pending[]): Promise<void> {
    // In one order of streams in every batch: the appends are independent (no shared stream or
    // key), and two batches that take index entries in the same order cannot deadlock.
    const taken = arrived.toSorted((a, b) => compare(firstStream(a.item), firstStream(b.item)));
    let result: BatchAnswer;
    try {
      result = await this.#options.batch(taken.map((p) => p.item));
    } catch (e) {
      if (this.#options.keptNothing(e)) {
        // Nothing of the batch was kept: each append goes its own way, as without group commit.
        await Promise.all(taken.map((p) => this.#runAlone(p)));
      } else {
        for (const p of taken) p.reject(e);
      }
      return;
    }
    if (result.answers.length !== taken.length) {
      const e = new Error(
        `kopek_append_batch answered ${result.answers.length} of ${taken.length}`,
      );
      for (const p of taken) p.reject(e);
      return;
    }
    taken.forEach((p, i) => {
      const a = result.answers[i];
      p.resolve(a.status === "ok" ? { ...a, txId: result.txId } : a);
    });
  }
}

/** The least stream name an append writes to. */
function firstStream(item: AppendItem): string {
  let least = item.heads[0]?.stream ?? "";
  for (const h of item.heads) if (h.stream < least) least = h.stream;
  return least;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
