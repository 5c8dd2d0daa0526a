/**
 * Imports: a SQL export (or a Splitwise or Spliit CSV export) uploaded as a background job (`POST /v1/imports`,
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

/** How a spreadsheet export (Splitwise, Spliit) is read: the API's query parameters (ADR 0054). */
export interface SheetOptions {
  /** The column that is the importer. */
  readonly me?: string;
  /** The new group's name. */
  readonly name?: string;
  /** Rates as typed: `USD=0.92, GBP 1.17` (group currency per one unit). */
  readonly rates?: string;
}

/** Whether a chosen file is a spreadsheet export (CSV) rather than a Kopek SQL export. */
export function isSheetFile(file: { name: string; type: string }): boolean {
  return file.type === "text/csv" || file.name.toLowerCase().endsWith(".csv");
}

/** The query of a spreadsheet import; throws a message for rates it cannot read. */
export function sheetQuery(options: SheetOptions): string {
  const q = new URLSearchParams();
  if (options.me?.trim()) q.set("me", options.me.trim());
  if (options.name?.trim()) q.set("name", options.name.trim());
  for (const part of (options.rates ?? "").split(/[,;\n]/)) {
    if (part.trim() === "") continue;
    const m = /^\s*([A-Za-z]{3})\s*[=: ]\s*([0-9]+(?:[.,][0-9]+)?)\s*$/.exec(part);
    if (!m) throw new Error(`Write each rate as CUR=rate, e.g. USD=0.92 (not “${part.trim()}”)`);
    q.set(`rate.${m[1].toUpperCase()}`, m[2].replace(",", "."));
  }
  const s = q.toString();
  return s === "" ? "" : `?${s}`;
}

/** Uploads a dump, or a spreadsheet export with its options; answers the queued job. */
export async function startImport(file: File | Blob, sheet?: SheetOptions): Promise<ImportJob> {
  const csv = sheet !== undefined;
  const { data } = await request<ImportJob>(`/v1/imports${csv ? sheetQuery(sheet) : ""}`, {
    method: "POST",
    raw: { body: file, type: csv ? "text/csv" : "application/sql" },
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
