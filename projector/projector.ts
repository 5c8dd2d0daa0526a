/**
 * The projector runner: follows the global log from each projection's
 * checkpoint and applies it in batches, each batch and its checkpoint in one
 * transaction, so that every event takes effect exactly once whatever
 * crashes. Projections at the same checkpoint share one read of the log,
 * then each applies the batch in its own transaction (its effects plus its
 * checkpoint), side by side; a projection being rebuilt catches up on its
 * own while the others keep going. During catch-up the next page is read
 * while the current one is applied.
 *
 * Single active runner per projection: each batch transaction takes
 * `pg_try_advisory_xact_lock` for its projection and re-reads its checkpoint
 * under the lock; a projection another runner holds, or whose checkpoint
 * moved since the read, is skipped for this round. Transaction-scoped locks
 * only, no LISTEN, no session state: it runs through PgBouncer in
 * transaction mode.
 *
 * Fault isolation (`apply.ts`, ADR 0016): a stream a projection cannot apply
 * is quarantined for that projection and the batch goes on without it; an
 * error about the environment rolls the batch back and the round is retried
 * after `errorBackoffMs`.
 *
 * @module
 */
import { compareCursors, type Cursor, type EventStore } from "@kopek/eventstore";
import {
  inSpan,
  linksTo,
  type Logger,
  type Sql,
  tracingEnabled,
  type TransactionSql,
} from "@kopek/platform";
import type { Registry } from "prom-client";
import { cursorKey, readCheckpoints, writeCheckpoint } from "./checkpoints.ts";
import type { GroupEvents } from "./envelope.ts";
import { createPageReader } from "./_page_reader.ts";
import type { Projection } from "./projection.ts";
import { applyIsolated, logQuarantined } from "./apply.ts";
import { holdIfConnectionLost } from "./_connection_lost.ts";
import { LIVE_QUARANTINE, type QuarantinedStream } from "./quarantine.ts";
import { PROJECTIONS } from "./projections/mod.ts";
import { batchMetrics, registerProjectorState } from "./metrics.ts";

/** Options of {@linkcode createProjector}. */
export interface ProjectorOptions {
  /** The pool the read models live in (the event store's database). */
  readonly sql: Sql;
  /** Where events are read from. */
  readonly store: EventStore;
  readonly logger: Logger;
  /** Events per batch when the runner is current (default 2,000). */
  readonly batchSize?: number;
  /**
   * Events per batch while catching up (default 10,000, never less than
   * `batchSize`): after a full page the next one is read this large, so that
   * each transaction folds more events into the same rows (ADR 0064).
   */
  readonly catchUpBatchSize?: number;
  /** Sleep when caught up, in ms (default 25). */
  readonly idleMs?: number;
  /** Sleep after a failed round, in ms (default 1,000). */
  readonly errorBackoffMs?: number;
  /**
   * Called after each committed batch with the position of its last event and
   * the groups whose events it held (for live updates).
   */
  readonly onAdvanced?: (position: number, groupIds: readonly string[]) => void;
  /** The projections to run (default: all of them). */
  readonly projections?: readonly Projection[];
  /**
   * The process's Prometheus registry: batches are counted on it, and the
   * projections' state is read at each scrape (projector/metrics.ts, ADR 0036).
   */
  readonly metrics?: Registry;
}

/** A running (or runnable) projector. */
export interface Projector {
  /** Starts the polling loop in the background (no-op when started). */
  start(): void;
  /** Stops the loop after the current round and waits for it. */
  stop(): Promise<void>;
  /** One round: at most one batch per distinct checkpoint. Answers the events applied. */
  runOnce(): Promise<number>;
  /**
   * Empties a projection's tables, resets its checkpoint and lifts its
   * quarantines (the read model starts over), in one transaction; the loop (or `runOnce`) then catches it up from the start.
   * The read model is empty or partial meanwhile: `kopek rebuild` uses the
   * blue/green `rebuildProjections` (rebuild.ts) instead; this reset is kept for
   * the catch-up bench and tests of the runner.
   */
  rebuild(name: string): Promise<void>;
  /** Ends the idle wait at once: new events were appended (the all-in-one process calls it). */
  nudge(): void;
  /**
   * The loop's pulse, for liveness: whether it runs, and the milliseconds
   * since its last round ended (or since it started, before the first).
   * Null when it does not run.
   */
  sinceLastRoundMs(): number | null;
}

/** Namespace of the projector's advisory locks (the second key is `hashtext(name)`). */
const LOCK_NAMESPACE = 0x4b6f7065;

function sameCursor(a: Cursor | null, b: Cursor | null): boolean {
  if (a === null || b === null) return a === b;
  return compareCursors(a, b) === 0;
}

/**
 * Waits for a projection's advisory lock, the one each batch of the runner
 * takes, and holds it to the end of the transaction: the runner skips that
 * projection meanwhile.
 */
export async function lockProjection(tx: TransactionSql, name: string): Promise<void> {
  await tx`SELECT pg_advisory_xact_lock(${LOCK_NAMESPACE}::int, hashtext(${name}))`;
}

async function tryLock(tx: TransactionSql, name: string): Promise<boolean> {
  const [row] = await tx<{ ok: boolean }[]>`
    SELECT pg_try_advisory_xact_lock(${LOCK_NAMESPACE}::int, hashtext(${name})) AS ok`;
  return row.ok;
}

/** The loop's idle wait, which a nudge (or a stop) ends at once. */
function idleWait() {
  let wake: (() => void) | null = null;
  return {
    sleep(ms: number): Promise<void> {
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      });
    },
    wake(): void {
      wake?.();
    },
  };
}

/**
 * Applies a batch to one projection in its own transaction; answers the
 * streams it quarantined, or null if the batch was not ours to apply.
 */
async function applyTo(
  sql: Sql,
  logger: Logger,
  p: Projection,
  batch: { after: Cursor | null; next: Cursor; events: GroupEvents },
): Promise<QuarantinedStream[] | null> {
  const { after, next, events } = batch;
  const quarantined = await sql.begin((tx) =>
    holdIfConnectionLost(async () => {
      if (!(await tryLock(tx, p.name))) return null;
      const [current] = await readCheckpoints(tx, [p.name]);
      if (!current || !sameCursor(current.cursor, after)) return null;
      const quarantined = await applyIsolated(tx, p, events, LIVE_QUARANTINE);
      await writeCheckpoint(tx, p.name, next);
      return quarantined;
    })
  );
  if (quarantined) logQuarantined(logger, quarantined);
  return quarantined;
}

/** The projections grouped by checkpoint: each group shares one read of the log. */
async function groupsByCheckpoint(
  sql: Sql,
  projections: readonly Projection[],
): Promise<{ cursor: Cursor | null; group: Projection[] }[]> {
  const checkpoints = await readCheckpoints(sql, projections.map((p) => p.name));
  const byCursor = new Map<string, { cursor: Cursor | null; group: Projection[] }>();
  for (const c of checkpoints) {
    const p = projections.find((x) => x.name === c.name)!;
    const k = cursorKey(c.cursor);
    const entry = byCursor.get(k);
    if (entry) entry.group.push(p);
    else byCursor.set(k, { cursor: c.cursor, group: [p] });
  }
  return [...byCursor.values()];
}

/** Empties a projection's tables, resets its checkpoint and lifts its quarantines. */
async function resetProjection(
  sql: Sql,
  logger: Logger,
  projections: readonly Projection[],
  name: string,
): Promise<void> {
  const p = projections.find((x) => x.name === name);
  if (!p) throw new Error(`unknown projection ${name}`);
  await sql.begin(async (tx) => {
    await lockProjection(tx, name);
    await tx.unsafe(`TRUNCATE ${p.tables.join(", ")}`);
    await writeCheckpoint(tx, name, null);
    await tx`DELETE FROM projector_quarantine WHERE projection = ${name}`;
  });
  logger.info({ projection: name }, "projection reset for rebuild");
}

/**
 * Creates a projector.
 *
 * @example
 * ```ts
 * const projector = createProjector({ sql, store, logger, onAdvanced: (p) => api.notifyAdvanced(p) });
 * projector.start();
 * // ...
 * await projector.stop();
 * ```
 */
export function createProjector(options: ProjectorOptions): Projector {
  const { sql, logger } = options;
  const projections = options.projections ?? PROJECTIONS;
  const names = projections.map((p) => p.name);
  const batchSize = options.batchSize ?? 2_000;
  const catchUpBatchSize = Math.max(batchSize, options.catchUpBatchSize ?? 10_000);
  const idleMs = options.idleMs ?? 25;
  const errorBackoffMs = options.errorBackoffMs ?? 1_000;
  const batches = options.metrics ? batchMetrics(options.metrics) : null;
  if (options.metrics) {
    registerProjectorState(options.metrics, { sql, store: options.store, names });
  }
  const pages = createPageReader(options.store, batchSize, catchUpBatchSize);
  const idle = idleWait();

  let running = false;
  let loop: Promise<void> | null = null;
  /** performance.now() when the last round ended (or the loop started). */
  let lastRoundEnded = 0;

  async function applyBatch(after: Cursor | null, group: readonly Projection[]): Promise<number> {
    const started = performance.now();
    const { result: page, events, limit } = await pages.read(after);
    if (page.events.length === 0 || page.cursor === null) return 0;
    const next = page.cursor;
    // A full page: the runner is behind, read ahead (a larger page) while this one applies.
    if (page.events.length === limit) pages.prefetch(next);
    // One transaction per projection (each has its own checkpoint), run side by side; traced,
    // in a batch span linked to the writes whose events it applies (ADR 0037).
    const applyAll = () =>
      Promise.all(group.map((p) => applyTo(sql, logger, p, { after, next, events })));
    const done = tracingEnabled
      ? await inSpan("projector.batch", {
        attributes: {
          "kopek.batch.events": page.events.length,
          "kopek.batch.position": next.position,
          "kopek.batch.projections": group.length,
        },
        links: linksTo(page.events.map((e) => e.metadata.traceparent)),
      }, applyAll)
      : await applyAll();
    const applied = group.filter((_, i) => done[i] !== null).map((p) => p.name);
    if (applied.length === 0) return 0;
    batches?.observe(page.events.length, (performance.now() - started) / 1000);
    logger.debug(
      { projections: applied, events: page.events.length, position: next.position },
      "batch applied",
    );
    try {
      // Unreadable events' groups too: a group quarantined by one must drop its cached access.
      const touched = [...events.envelopes, ...events.unreadable].map((e) => e.groupId);
      options.onAdvanced?.(next.position, [...new Set(touched)]);
    } catch (e) {
      logger.warn({ err: e }, "onAdvanced failed");
    }
    return page.events.length;
  }

  async function runOnce(): Promise<number> {
    let total = 0;
    for (const { cursor, group } of await groupsByCheckpoint(sql, projections)) {
      total += await applyBatch(cursor, group);
    }
    return total;
  }

  async function run() {
    while (running) {
      try {
        const n = await runOnce();
        lastRoundEnded = performance.now();
        if (n === 0 && running) await idle.sleep(idleMs);
      } catch (e) {
        lastRoundEnded = performance.now();
        logger.error({ err: e }, "projector round failed");
        if (running) await idle.sleep(errorBackoffMs);
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      lastRoundEnded = performance.now();
      loop = run();
    },
    async stop() {
      running = false;
      idle.wake();
      await loop;
      loop = null;
    },
    runOnce,
    nudge() {
      idle.wake();
    },
    sinceLastRoundMs() {
      return running ? performance.now() - lastRoundEnded : null;
    },
    async rebuild(name) {
      await resetProjection(sql, logger, projections, name);
      idle.wake();
    },
  };
}
