/**
 * The scheduler's loop: a tick every `intervalMs` (sooner when a tick had a
 * full budget: more may be due), until stopped. A failed tick is logged and
 * the next one tries again.
 *
 * @module
 */
import type { Logger } from "@kopek/platform";
import type { Scheduler } from "./scheduler.ts";
import type { TickCounter } from "./metrics.ts";

/** A running (or runnable) scheduler loop. */
export interface SchedulerWorker {
  /** Starts ticking; calling it twice does nothing. */
  start(): void;
  /** Ticks now. */
  nudge(): void;
  /** Stops after the tick in progress. */
  stop(): Promise<void>;
}

/** The loop around a scheduler. */
export function createSchedulerWorker(
  scheduler: Scheduler,
  options: { logger: Logger; intervalMs: number; count?: TickCounter },
): SchedulerWorker {
  let running: Promise<void> | null = null;
  let stopped = false;
  let wake: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A nudge during a tick (a mail queued meanwhile) runs the next tick at once.
  let nudged = false;

  async function loop() {
    while (!stopped) {
      nudged = false;
      try {
        const result = await scheduler.tick();
        options.count?.(result);
        if (result.recorded > 0) options.logger.info(result, "occurrences recorded");
      } catch (e) {
        options.count?.(null);
        options.logger.error({ err: e }, "scheduler tick failed");
      }
      if (stopped) break;
      if (nudged) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, options.intervalMs);
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
