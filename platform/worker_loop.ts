/**
 * A background worker's loop: a pass, then a wait of `intervalMs` (cut short
 * by `nudge()`, skipped when the pass says there is more to do at once or a
 * nudge came during the pass),
 * until stopped. Stopping lets the pass in progress finish. The scheduler and
 * the notifier run on it.
 *
 * @module
 */

/** A running (or runnable) loop. */
export interface WorkerLoop {
  /** Starts; calling it twice does nothing. */
  start(): void;
  /** Ends the current wait: a pass now. */
  nudge(): void;
  /** Stops after the pass in progress. */
  stop(): Promise<void>;
}

/** The loop around `pass`, which resolves whether another pass should follow at once. */
export function createWorkerLoop(pass: () => Promise<boolean>, intervalMs: number): WorkerLoop {
  let running: Promise<void> | null = null;
  let stopped = false;
  let wake: (() => void) | null = null;
  // A nudge during a pass is kept: the next wait is skipped.
  let nudged = false;

  async function loop() {
    while (!stopped) {
      nudged = false;
      const more = await pass();
      if (stopped || more || nudged) continue;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
      });
      clearTimeout(timer);
      wake = null;
    }
  }

  return {
    start() {
      running ??= loop();
    },
    nudge() {
      nudged = true;
      wake?.();
    },
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
