/**
 * A row of issue 20's table as `deno task bench` prints it: the subject's rate beside its peer's
 * (a ceiling or a plain read of the same rows), measured in the same run, and their ratio.
 *
 * @module
 */

/** One side of a row: what ran and how fast. */
export interface Side {
  readonly label: string;
  /** Items per second (events, requests, rows). */
  readonly perSecond: number;
  /** For one-shot operations (an as-of read): how long one took, in milliseconds. */
  readonly ms?: number;
  /** Anything else worth printing (p99, errors, sizes). */
  readonly note?: string;
}

/** One measured row. */
export interface Row {
  readonly what: string;
  readonly subject: Side;
  readonly peer: Side;
}

/** A size from the environment (`KOPEK_BENCH_*`), else the default. */
export function size(name: string, fallback: number): number {
  const raw = Deno.env.get(name);
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
}

/** `12,345`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

function side(s: Side, unit: string): string {
  const rate = s.ms === undefined ? `${count(s.perSecond)} ${unit}/s` : `${s.ms.toFixed(1)} ms`;
  return `${s.label}: ${rate}${s.note ? ` (${s.note})` : ""}`;
}

/** The subject's rate as a percentage of its peer's (for one-shot rows, the inverse of times). */
export function ratio(row: Row): number {
  return (row.subject.perSecond / row.peer.perSecond) * 100;
}

/** The rows as a Markdown table. */
export function table(rows: readonly (Row & { unit: string })[]): string {
  const lines = [
    "| what | subject | peer, same run | subject / peer |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) =>
      `| ${r.what} | ${side(r.subject, r.unit)} | ${side(r.peer, r.unit)} | ${
        ratio(r).toFixed(ratio(r) < 10 ? 1 : 0)
      } % |`
    ),
  ];
  return lines.join("\n");
}

/** Times `fn`, in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}
