/**
 * Import families (ADR 0036): the jobs by status, read from the database at
 * each scrape (any process that sees `import_jobs` reports the same: the
 * command API, which queues them, and the all-in-one), and the runs of this
 * process's import worker by outcome, with their duration and bytes.
 *
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { familiesOf, type Sql } from "@kopek/platform";

/** How long a scrape waits for the job counts. */
const JOBS_TIMEOUT_MS = 2_000;

/** The statuses of `import_jobs` (its CHECK constraint). */
export const IMPORT_JOB_STATUSES = [
  "receiving",
  "queued",
  "running",
  "done",
  "refused",
  "failed",
] as const;

/** How a run of a claimed job ended. */
export type ImportRunOutcome =
  /** Appended. */
  | "done"
  /** The dump was refused (a problem for the user). */
  | "refused"
  /** Failed for good. */
  | "failed"
  /** Failed, given back to be tried again. */
  | "retried"
  /** Given back at shutdown, or its lease lost to another worker. */
  | "released";

/**
 * Registers `kopek_imports_jobs{status}` on `registry`, read from `sql` at
 * each scrape; on failure (or after 2 s) the gauge keeps its last values.
 */
export function registerImportJobs(registry: Registry | undefined, sql: Sql): void {
  if (!registry) return;
  familiesOf(registry, "kopek_imports_jobs", () =>
    new Gauge({
      name: "kopek_imports_jobs",
      help: "Import jobs by status (receiving, queued, running, done, refused, failed).",
      labelNames: ["status"] as const,
      registers: [registry],
      async collect() {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const rows = await Promise.race([
          sql<{ status: string; n: number }[]>`
            SELECT status, count(*)::int AS n FROM import_jobs GROUP BY status`,
          new Promise<null>((resolve) => timer = setTimeout(() => resolve(null), JOBS_TIMEOUT_MS)),
        ]).catch(() => null).finally(() => clearTimeout(timer));
        if (!rows) return;
        const counts = new Map(rows.map((r) => [r.status, r.n]));
        for (const status of IMPORT_JOB_STATUSES) this.set({ status }, counts.get(status) ?? 0);
      },
    }));
}

/** What the import worker reports. */
export interface ImportRunMetrics {
  ran(outcome: ImportRunOutcome, seconds: number, bytes: number): void;
}

/** The run families on `registry`. */
export function importRunMetrics(registry: Registry): ImportRunMetrics {
  return familiesOf(registry, "kopek_imports_runs", () => {
    const runs = new Counter({
      name: "kopek_imports_runs_total",
      help: "Runs of claimed import jobs by outcome: done, refused, failed, retried, released.",
      labelNames: ["outcome"] as const,
      registers: [registry],
    });
    const duration = new Histogram({
      name: "kopek_imports_run_duration_seconds",
      help: "Time of a run of a claimed import job, by outcome.",
      labelNames: ["outcome"] as const,
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers: [registry],
    });
    const bytes = new Counter({
      name: "kopek_imports_bytes_total",
      help: "Bytes of the dumps whose import was done.",
      registers: [registry],
    });
    return {
      ran(outcome, seconds, size) {
        runs.inc({ outcome });
        duration.observe({ outcome }, seconds);
        if (outcome === "done") bytes.inc(size);
      },
    };
  });
}
