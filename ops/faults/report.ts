/**
 * The fault suite's results: one row per fault (what clients saw, recovery
 * time, data outcome), appended as a JSON line to the results file so that
 * the rows of every test file of a run end in one table; printed as
 * markdown after each test and by `deno run ops/faults/report.ts`.
 *
 * The file is `$KOPEK_FAULTS_RESULTS`, default `kopek-faults/results.jsonl`
 * in the system's temporary folder; `deno task test:faults` empties it first
 * (`report.ts --reset`).
 *
 * @module
 */
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Sample } from "../load/driver.ts";

/** One fault's outcome. */
export interface FaultResult {
  readonly fault: string;
  /** What clients saw: status counts, Retry-After, longest answer. */
  readonly clients: string;
  /** From the end of the fault to the first success (or `/readyz` 200), or what did not come. */
  readonly recovery: string;
  /** acked N, lost N, doubled N (or what the fault checks instead). */
  readonly data: string;
  /** Whether every assertion of the test held. */
  readonly passed: boolean;
  /** Why it failed, when it did. */
  readonly note?: string;
}

/** The results file of this run. */
export function resultsFile(): string {
  return Deno.env.get("KOPEK_FAULTS_RESULTS") ?? join(tmpdir(), "kopek-faults", "results.jsonl");
}

/** Seconds with one decimal: `3.2 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Status counts, Retry-After on 503/429, and the longest answer of `samples`. */
export function describeSamples(samples: readonly Sample[]): string {
  if (samples.length === 0) return "no requests";
  const counts = new Map<string, number>();
  let busy = 0;
  let busyWithRetryAfter = 0;
  let longest = 0;
  for (const s of samples) {
    const key = s.code && typeof s.status === "number" && s.status >= 500
      ? `${s.status} ${s.code}`
      : String(s.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (s.status === 503 || s.status === 429) {
      busy++;
      if (s.retryAfter) busyWithRetryAfter++;
    }
    longest = Math.max(longest, s.end - s.start);
  }
  const parts = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k}×${n}`);
  const retry = busy > 0 ? `; Retry-After on ${busyWithRetryAfter}/${busy}` : "";
  return `${parts.join(", ")}${retry}; longest ${seconds(longest)}`;
}

/** Appends a row to the results file and prints the table of the run so far. */
export async function record(result: FaultResult): Promise<void> {
  const file = resultsFile();
  await Deno.mkdir(dirname(file), { recursive: true });
  await Deno.writeTextFile(file, JSON.stringify(result) + "\n", { append: true });
  await printTable();
}

/** The rows recorded in this run. */
export async function readResults(): Promise<FaultResult[]> {
  const text = await Deno.readTextFile(resultsFile()).catch(() => "");
  return text.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as FaultResult);
}

/** The rows as a markdown table. */
export function markdownTable(rows: readonly FaultResult[]): string {
  const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");
  const lines = [
    "| fault | what clients saw | recovery | data | result |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((r) =>
      `| ${cell(r.fault)} | ${cell(r.clients)} | ${cell(r.recovery)} | ${cell(r.data)} | ${
        r.passed ? "pass" : `FAIL: ${cell(r.note ?? "")}`
      } |`
    ),
  ];
  return lines.join("\n") + "\n";
}

/** Prints the table of the run so far to stdout. */
export async function printTable(): Promise<void> {
  const table = markdownTable(await readResults());
  await Deno.stdout.write(new TextEncoder().encode(`\nfault suite results:\n\n${table}\n`));
}

if (import.meta.main) {
  if (Deno.args.includes("--reset")) {
    await Deno.remove(resultsFile()).catch(() => {});
  } else {
    await printTable();
  }
}
