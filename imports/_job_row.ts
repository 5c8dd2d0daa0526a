/**
 * An `import_jobs` row as selected, and the job it holds.
 *
 * @module
 */
import type { Problem } from "@kopek/platform";
import type { ImportPlan } from "./engine.ts";
import type {
  ImportedGroup,
  ImportJob,
  ImportJobStatus,
  ImportProgress,
  ImportSource,
} from "./job.ts";

/** An `import_jobs` row (`SELECT *`). */
export interface JobRow {
  id: string;
  owner_id: string;
  status: ImportJobStatus;
  size: number;
  chunks: number;
  seed: Uint8Array;
  via: string | null;
  request_id: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  lease_owner: string | null;
  lease_until: Date | null;
  attempts: number;
  plan: ImportPlan | null;
  progress: ImportProgress | null;
  groups: ImportedGroup[] | null;
  position: number | null;
  problem: Problem | null;
  source: ImportSource | null;
}

/** The job a row holds. */
export function toJob(r: JobRow): ImportJob {
  return {
    id: r.id,
    ownerId: r.owner_id,
    status: r.status,
    size: Number(r.size),
    chunks: r.chunks,
    seed: r.seed,
    via: r.via,
    requestId: r.request_id,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    leaseOwner: r.lease_owner,
    leaseUntil: r.lease_until,
    attempts: r.attempts,
    plan: r.plan,
    progress: r.progress,
    groups: r.groups,
    position: r.position === null ? null : Number(r.position),
    problem: r.problem,
    source: r.source ?? null,
  };
}
