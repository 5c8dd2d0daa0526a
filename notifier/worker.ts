/**
 * The notifier's loop: a pass (follow the log, then send what is due) every
 * `intervalMs`, at once again when a pass had a full batch, until stopped. A
 * failed pass is logged and the next one tries again.
 *
 * @module
 */
import type { Logger } from "@kopek/platform";
import type { FollowResult } from "./follow.ts";
import type { PassCounter } from "./metrics.ts";
import type { DeliveryOutcome } from "./send.ts";

/** A running (or runnable) notifier. */
export interface NotifierWorker {
  /** Starts; calling it twice does nothing. */
  start(): void;
  /** A pass now. */
  nudge(): void;
  /** Stops after the pass in progress. */
  stop(): Promise<void>;
}

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
  let running: Promise<void> | null = null;
  let stopped = false;
  let wake: (() => void) | null = null;

  async function once(): Promise<boolean> {
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
  }

  async function loop() {
    while (!stopped) {
      const more = await once();
      if (stopped || more) continue;
      let timer: ReturnType<typeof setTimeout> | undefined;
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
      wake?.();
    },
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
