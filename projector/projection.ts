/**
 * What a projection is to the runner: a name (its checkpoint row), the
 * tables a rebuild swaps, its migrations, and one bulk apply step per batch.
 * Its migrations and its apply name its tables unqualified (they run under a
 * `search_path` that points into a build schema during rebuilds and replays)
 * and reach nothing outside them.
 *
 * @module
 */
import type { TransactionSql } from "@kopek/platform";
import type { GroupEnvelope } from "./envelope.ts";

/** A read model kept up to date from the group events. */
export interface Projection {
  /** Unique name: the key of its checkpoint row and its migrations. */
  readonly name: string;
  /**
   * Every table its migrations create: a blue/green rebuild swaps exactly
   * these (`rebuild.ts`), the in-place reset truncates them.
   */
  readonly tables: readonly string[];
  /** The folder of its `NNNN_*.sql` migrations. */
  readonly migrations: URL;
  /**
   * Applies a batch of events inside the batch's transaction: loads the rows
   * the batch touches in bulk, folds the events in memory, writes back in bulk.
   * Must be idempotent per entity revision (events at or below a row's
   * revision are ignored) so that replays never double-count.
   *
   * Must keep groups apart (every row keyed by group) and throw on events it
   * cannot apply: fault isolation (`apply.ts`, ADR 0016) calls it under
   * savepoints with any subset of a batch's groups, each group's events a
   * prefix or a run of them in order, and quarantines a group whose events
   * fail with an error about the data.
   */
  apply(tx: TransactionSql, events: readonly GroupEnvelope[]): Promise<void>;
}
