/**
 * The progress of `kopek import` on stderr: a bar redrawn in place when
 * stderr is a terminal, else a plain line at each tenth (logs and CI keep
 * readable output).
 *
 * @module
 */
import type { ImportProgress } from "@kopek/imports";

/** Where the progress goes. */
export interface ProgressSink {
  /** Whether it is a terminal (a bar redrawn with `\r`) or not (plain lines). */
  readonly isTerminal: boolean;
  /** Writes text as it is (no newline added). */
  write(text: string): void;
}

const WIDTH = 30;

function amount(p: ImportProgress, n: number): string {
  return p.unit === "bytes"
    ? `${(n / 1024 / 1024).toFixed(1)} MiB`
    : `${n.toLocaleString("en-US")} events`;
}

function label(p: ImportProgress): string {
  return p.phase === "checking" ? "checking " : "importing";
}

/** The fraction done, 0 to 1 (1 when the total is 0). */
function fraction(p: ImportProgress): number {
  return p.total > 0 ? Math.min(1, p.done / p.total) : 1;
}

/** One line of progress, e.g. `checking  [######……]  45%  28.1 MiB of 62.0 MiB`. */
export function progressLine(p: ImportProgress, bar: boolean): string {
  const f = fraction(p);
  const percent = `${Math.floor(f * 100)}%`.padStart(4);
  const filled = Math.round(f * WIDTH);
  const drawn = bar ? ` [${"#".repeat(filled)}${".".repeat(WIDTH - filled)}]` : ":";
  const name = bar ? label(p) : label(p).trimEnd();
  return `${name}${drawn} ${percent}  ${amount(p, p.done)} of ${amount(p, p.total)}`;
}

/**
 * A progress callback for the import's runner, and `end()` to finish the
 * last line. On a terminal the bar is redrawn at most every 100 ms (and at
 * each phase's end); otherwise a line is written when a phase starts and at
 * each further tenth of it.
 */
export function progressReporter(
  sink: ProgressSink,
  now: () => number = () => performance.now(),
): { onProgress: (p: ImportProgress) => void; end: () => void } {
  let phase: ImportProgress["phase"] | null = null;
  let drawnAt = -Infinity;
  let tenth = -1;
  let open = false;
  return {
    onProgress(p) {
      const newPhase = p.phase !== phase;
      if (sink.isTerminal) {
        if (newPhase && open) sink.write("\n");
        const finished = p.done >= p.total;
        if (newPhase || finished || now() - drawnAt >= 100) {
          sink.write(`\r${progressLine(p, true)}\x1b[K`);
          drawnAt = now();
          open = true;
        }
      } else {
        if (newPhase) tenth = -1;
        const t = Math.floor(fraction(p) * 10);
        if (t > tenth) {
          sink.write(progressLine(p, false) + "\n");
          tenth = t;
        }
      }
      phase = p.phase;
    },
    end() {
      if (open) sink.write("\n");
      open = false;
    },
  };
}
