/**
 * The scheduler's loop (`createWorkerLoop`): a tick every `intervalMs`, until
 * stopped. A failed tick is logged and the next one tries again.
 *
 * @module
 */
import { createWorkerLoop, type Logger, type WorkerLoop } from "@kopek/platform";
import type { Scheduler } from "./scheduler.ts";
import type { TickCounter } from "./metrics.ts";

/** A running (or runnable) scheduler loop: `nudge()` ticks now. */
export type SchedulerWorker = WorkerLoop;

/** The loop around a scheduler. */
export function createSchedulerWorker(
  scheduler: Scheduler,
  options: { logger: Logger; intervalMs: number; count?: TickCounter },
): SchedulerWorker {
  return createWorkerLoop(async () => {
    try {
      const result = await scheduler.tick();
      options.count?.(result);
      if (result.recorded > 0) options.logger.info(result, "occurrences recorded");
    } catch (e) {
      options.count?.(null);
      options.logger.error({ err: e }, "scheduler tick failed");
    }
    return false;
  }, options.intervalMs);
}
