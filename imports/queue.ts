/**
 * The command side's face of import jobs: store a dump as it streams in and
 * queue it, then wake a worker (the one in this process, or every worker
 * through the bus).
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import { IMPORT_POLICY, type ImportPolicy } from "./policy.ts";
import { receiveDump } from "./receive.ts";
import type { ImportSource } from "./job.ts";

/** The bus channel on which a queued import wakes the import workers (a hint, not the job). */
export const IMPORTS_QUEUED_CHANNEL = "kopek:imports:queued";

/** What an enqueue needs. */
export interface EnqueueInput {
  readonly ownerId: string;
  readonly via?: string | null;
  readonly requestId?: string | null;
  /** The dump's bytes as they arrive (a request body). */
  readonly body: AsyncIterable<Uint8Array>;
  /** What the upload is (ADR 0054); absent for a Kopek SQL dump. */
  readonly source?: ImportSource | null;
}

/** Queues imports. */
export interface ImportQueue {
  /** The bounds the queue enforces (the route states them in its problems). */
  readonly policy: ImportPolicy;
  /**
   * Stores the dump and queues its job; throws `ImportQuotaError`,
   * `ImportTooLargeError` or `ImportUploadExpiredError` (nothing is left behind).
   */
  enqueue(input: EnqueueInput): Promise<{ readonly id: string; readonly size: number }>;
}

/** Creates the queue; `onQueued` runs after each job is queued (nudge a worker). */
export function createImportQueue(options: {
  readonly sql: Sql;
  readonly onQueued?: (id: string) => void | Promise<void>;
  readonly policy?: ImportPolicy;
}): ImportQueue {
  const policy = options.policy ?? IMPORT_POLICY;
  return {
    policy,
    async enqueue(input) {
      const job = await receiveDump(options.sql, input, policy);
      await options.onQueued?.(job.id);
      return job;
    },
  };
}
