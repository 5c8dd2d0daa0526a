/**
 * An import job as stored (`import_jobs`) and as its owner sees it
 * (`GET /v1/imports/{id}`).
 *
 * @module
 */
import type { Problem } from "@kopek/platform";
import type { ImportPlan } from "./engine.ts";

/** Where a job is in its life. */
export type ImportJobStatus = "receiving" | "queued" | "running" | "done" | "refused" | "failed";

/**
 * How far a running job is: pass 1 counts the dump's bytes it checked,
 * pass 2 the events it appended (of the plan's total).
 */
export interface ImportProgress {
  readonly phase: "checking" | "appending";
  readonly done: number;
  readonly total: number;
  readonly unit: "bytes" | "events";
}

/** A group an import created. */
export interface ImportedGroup {
  readonly id: string;
  readonly name: string;
}

/**
 * A spreadsheet export's way of reading (ADR 0054): its format (null:
 * detected from the header), the column bound to the importer, the new
 * group's name, and rates (units of the group's currency per one unit of
 * each other currency) given with the request.
 */
export interface ImportSource {
  readonly type: "csv";
  readonly format: "splitwise" | "spliit" | "tricount" | null;
  /**
   * The currency of a Spliit export whose `Currency` column is a symbol Kopek does not know, or
   * of a Tricount export without an `Amount in default currency (<CUR>)` column.
   */
  readonly currency?: string | null;
  readonly me: string | null;
  readonly name: string | null;
  readonly rates: Readonly<Record<string, string>>;
}

/** A job as stored. */
export interface ImportJob {
  readonly id: string;
  readonly ownerId: string;
  readonly status: ImportJobStatus;
  readonly size: number;
  readonly chunks: number;
  /** The secret of the job's deterministic ids. */
  readonly seed: Uint8Array;
  readonly via: string | null;
  readonly requestId: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly leaseOwner: string | null;
  readonly leaseUntil: Date | null;
  readonly attempts: number;
  readonly plan: ImportPlan | null;
  readonly progress: ImportProgress | null;
  readonly groups: readonly ImportedGroup[] | null;
  readonly position: number | null;
  readonly problem: Problem | null;
  /** What the upload is: null for a Kopek SQL dump. */
  readonly source: ImportSource | null;
}

/** A job as its owner sees it (`GET /v1/imports/{id}`). */
export interface ImportJobView {
  readonly id: string;
  readonly status: Exclude<ImportJobStatus, "receiving">;
  /** Done: the new groups. */
  readonly groups?: readonly ImportedGroup[];
  /** Done: the position of the last appended event (for `Kopek-Min-Position`). */
  readonly position?: number;
  /** Refused (422) or failed (500): the problem document. */
  readonly problem?: Problem;
  /** Running: how far it is. */
  readonly progress?: ImportProgress;
}

/** What its owner may see of a job (nothing of a job still receiving). */
export function jobView(
  job: Pick<ImportJob, "id" | "status" | "progress" | "groups" | "position" | "problem">,
): ImportJobView | null {
  switch (job.status) {
    case "receiving":
      return null;
    case "queued":
      return { id: job.id, status: "queued" };
    case "running":
      return job.progress
        ? { id: job.id, status: "running", progress: job.progress }
        : { id: job.id, status: "running" };
    case "done":
      return {
        id: job.id,
        status: "done",
        groups: job.groups ?? [],
        ...(job.position !== null ? { position: job.position } : {}),
      };
    case "refused":
    case "failed":
      return job.problem
        ? { id: job.id, status: job.status, problem: job.problem }
        : { id: job.id, status: job.status };
    default: {
      const never: never = job.status;
      throw new Error(`unknown import job status ${never}`);
    }
  }
}
