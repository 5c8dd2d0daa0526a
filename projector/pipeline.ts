/**
 * Catch-up as a pipeline (ADR 0074): the projections at one checkpoint go
 * through the log page after page, each in its own chain, instead of waiting
 * for all of them to commit a page before any starts the next. While the
 * server commits one projection's page, the process folds the next page for
 * the projections that have already committed theirs: the process's idle wait
 * at the end of each page is filled.
 *
 * What does not change: each page is applied to a projection in one
 * transaction with its checkpoint (the caller's `apply`), so a projection's
 * checkpoint never passes an event whose effects are not committed with it;
 * each projection applies the pages in order; each page is read and parsed
 * once for every projection. A projection runs at most `ahead` pages ahead of
 * the slowest one still in the chain (the pages in memory are bounded), and
 * the page after the one a projection starts is read while it applies.
 *
 * `settled` is called once per page, in order, when every projection still in
 * the chain has committed it (for `onAdvanced`, the batch metrics and the
 * batch span). A projection whose `apply` answers null (not ours: another
 * runner holds it, or its checkpoint moved) leaves the chain. An error in one
 * chain stops every chain before its next page; the pages from the failed one
 * on are not settled, and the error is thrown once the others have stopped.
 *
 * @module
 */
import type { Cursor } from "@kopek/eventstore";
import type { Projection } from "./projection.ts";

/** What the pipeline needs to know of a page. */
export interface PipelinePage {
  /** The cursor of its last event; null when it is empty. */
  readonly cursor: Cursor | null;
  /** Events in the page. */
  readonly size: number;
  /** Whether it came back full (the log may hold more after it). */
  readonly full: boolean;
}

/** The steps {@linkcode runPipeline} calls. */
export interface PipelineSteps<P extends PipelinePage> {
  /** The first page, after `start`. */
  first(): Promise<P>;
  /** The page after a full one (answers its page as soon as it is read). */
  next(after: Cursor): Promise<P>;
  /** Applies `page` to `projection` (one transaction with its checkpoint); null: not ours. */
  apply(projection: Projection, after: Cursor | null, page: P, index: number): Promise<unknown>;
  /**
   * Once per page that held events, in order, when the projections still in
   * the chain have committed it; `applied` is empty when none applied it.
   */
  settled(page: P, applied: readonly string[], index: number): void;
  /** Called when the first projection starts a page (e.g. for its span and timing). */
  started?(page: P, index: number): void;
  /** A page the chain will not settle (an error stopped it). */
  abandoned?(page: P, index: number, error: unknown): void;
  /** Whether to go on to the next page after a full one (false: stop after the current). */
  goOn(): boolean;
}

/**
 * Runs the projections' chains from `start` until a page is not full,
 * `goOn` answers false, or an error; answers the events of the settled pages.
 */
export async function runPipeline<P extends PipelinePage>(
  projections: readonly Projection[],
  start: Cursor | null,
  steps: PipelineSteps<P>,
  ahead = 1,
): Promise<number> {
  const pages: (Promise<P> | undefined)[] = [guard(steps.first())];
  const resolved: (P | undefined)[] = [];
  const done: Set<string>[] = [];
  const active = new Set(projections.map((p) => p.name));
  let settledUpTo = 0;
  let failedAt = Infinity;
  let failure: { error: unknown } | null = null;
  let total = 0;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const ws = waiters;
    waiters = [];
    for (const w of ws) w();
  };

  function guard(page: Promise<P>): Promise<P> {
    page.catch(() => {}); // an error surfaces when the page is used
    return page;
  }

  function settle() {
    while (settledUpTo < failedAt && resolved[settledUpTo] !== undefined) {
      const k = settledUpTo;
      const by = done[k] ?? new Set<string>();
      for (const name of active) if (!by.has(name)) return;
      if (by.size > 0) total += resolved[k]!.size;
      if (resolved[k]!.size > 0) steps.settled(resolved[k]!, [...by], k);
      pages[k] = resolved[k] = undefined; // the page is no longer needed
      delete done[k];
      settledUpTo++;
    }
  }

  async function chain(p: Projection) {
    let after = start;
    try {
      for (let k = 0;; k++) {
        while (failure === null && k > settledUpTo + ahead) {
          await new Promise<void>((resolve) => waiters.push(resolve));
        }
        if (failure !== null) return;
        const page = await pages[k]!;
        if (resolved[k] === undefined) {
          resolved[k] = page;
          if (page.size > 0) steps.started?.(page, k);
        }
        if (page.size === 0 || page.cursor === null) return;
        // Read the next page while this one applies.
        if (page.full && pages[k + 1] === undefined && steps.goOn()) {
          pages[k + 1] = guard(steps.next(page.cursor));
        }
        if ((await steps.apply(p, after, page, k)) === null) return;
        (done[k] ??= new Set()).add(p.name);
        after = page.cursor;
        if (pages[k + 1] === undefined || failure !== null || !steps.goOn()) return;
        settle();
        wake();
      }
    } catch (e) {
      failure ??= { error: e };
      failedAt = Math.min(failedAt, firstUnsettled(p.name));
    } finally {
      active.delete(p.name);
      settle();
      wake();
    }
  }

  /** The first page `name` has not committed (the one it failed on). */
  function firstUnsettled(name: string): number {
    let k = settledUpTo;
    while (done[k]?.has(name)) k++;
    return k;
  }

  await Promise.all(projections.map(chain));
  const failed = failure as { error: unknown } | null;
  if (failed !== null) {
    for (let k = settledUpTo; k < resolved.length; k++) {
      if (resolved[k] !== undefined) steps.abandoned?.(resolved[k]!, k, failed.error);
    }
    throw failed.error;
  }
  return total;
}
