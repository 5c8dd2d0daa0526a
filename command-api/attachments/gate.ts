/**
 * At most `n` tasks at once in a process; the others wait their turn, and
 * once `queue` are waiting a new one is refused at once (503, retry), so
 * that uploads cannot pile up memory behind the ones being processed.
 *
 * @module
 */
import { problem, ProblemError } from "@kopek/platform";

/** A gate of `n` places and a queue of at most `queue` waiters. */
export interface Gate {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** Creates a gate. */
export function createGate(n: number, queue: number): Gate {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(task) {
      if (running >= n) {
        if (waiting.length >= queue) {
          throw new ProblemError(
            problem(503, "too many attachments are being processed: try again shortly", {
              code: "unavailable",
            }),
            { "Retry-After": "2" },
          );
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running += 1;
      }
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else running -= 1;
      }
    },
  };
}
