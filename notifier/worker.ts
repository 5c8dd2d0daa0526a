/**
 * The notifier's loop (`createWorkerLoop`): a pass follows the log, then
 * sends what is due, every `intervalMs`, at once again when a pass had a full
 * batch. A failed pass is logged and the next one tries again.
 *
 * @module
 */
import { createWorkerLoop, type Logger, type WorkerLoop } from "@kopek/platform";
import type { FollowResult } from "./follow.ts";
import type { PassCounter } from "./metrics.ts";
import type { DeliveryOutcome } from "./send.ts";

/** A running (or runnable) notifier. */
export type NotifierWorker = WorkerLoop;

/** One pass of the notifier. */
export interface Pass {
  follow(): Promise<FollowResult>;
  send(): Promise<readonly DeliveryOutcome[]>;
}

/** The loop around a pass. */
export function createNotifierWorker(
  pass: Pass,
  options: { logger: Logger; intervalMs: number; busy: number; count?: PassCounter },
): NotifierWorker {
  return createWorkerLoop(async () => {
    try {
      const followed = await pass.follow();
      const sent = await pass.send();
      options.count?.({ followed, sent });
      return followed.events >= options.busy || sent.length >= options.busy;
    } catch (e) {
      options.count?.(null);
      options.logger.error({ err: e }, "notifier pass failed");
      return false;
    }
  }, options.intervalMs);
}
