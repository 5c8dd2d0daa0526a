/**
 * Imports: a SQL export uploaded as a background job (`POST /v1/imports`,
 * 202), then followed (`GET /v1/imports/{id}`) with a growing delay until it
 * has ended.
 *
 * @module
 */
import type { ImportJob } from "../types.ts";
import { request } from "./client.ts";
import { NetworkError } from "./errors.ts";

/** Statuses in which a job has ended. */
export const ENDED: readonly ImportJob["status"][] = ["done", "refused", "failed"];

/** Uploads a dump; answers the queued job. */
export async function startImport(file: Blob): Promise<ImportJob> {
  const { data } = await request<ImportJob>("/v1/imports", {
    method: "POST",
    raw: { body: file, type: "application/sql" },
  });
  return data;
}

/** The delay before the `n`th poll (0-based): 250 ms, growing by half each time, at most 4 s. */
export function pollDelay(n: number): number {
  return Math.min(4000, Math.round(250 * 1.5 ** n));
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

/**
 * Polls a job until it has ended or `signal` aborts, calling `onUpdate` with
 * each answer. The delay grows while nothing changes and starts again when
 * the job moves; being offline only delays the next poll. Answers the last
 * job seen (null when aborted before any).
 */
export async function followImport(
  id: string,
  onUpdate: (job: ImportJob) => void,
  signal: AbortSignal,
): Promise<ImportJob | null> {
  let last: ImportJob | null = null;
  let quiet = 0;
  while (!signal.aborted) {
    try {
      const { data } = await request<ImportJob>(`/v1/imports/${id}`, { signal });
      const moved = JSON.stringify(data) !== JSON.stringify(last);
      last = data;
      onUpdate(data);
      if (ENDED.includes(data.status)) return data;
      quiet = moved ? 0 : quiet + 1;
    } catch (e) {
      if (signal.aborted) break;
      if (!(e instanceof NetworkError)) throw e;
      quiet++;
    }
    await wait(pollDelay(quiet), signal);
  }
  return last;
}
