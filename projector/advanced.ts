/**
 * The announcement of committed projector batches: after each batch the
 * projector publishes its position and the groups it touched, so that
 * query-api instances wake reads waiting on `Kopek-Min-Position` and push
 * `/live` updates. Delivery is at most once: consumers treat it as a hint.
 *
 * @module
 */
import { z } from "zod";
import type { Cache, Logger, PubSub } from "@kopek/platform";
import { accessCacheKey } from "./projections/access/queries.ts";

/** The channel on which projectors announce committed batches. */
export const ADVANCED_CHANNEL = "kopek:advanced";

/** The message of {@linkcode ADVANCED_CHANNEL}. */
export const AdvancedMessage = z.object({
  position: z.number().int().nonnegative(),
  groups: z.array(z.string()).max(100_000),
});

/** What a projector publishes after a batch. */
export type AdvancedMessage = z.infer<typeof AdvancedMessage>;

/**
 * The projector's `onAdvanced`: drops the cached access maps of the groups the
 * batch touched, then publishes the advance. Both are best effort (a cache
 * down loses nothing: entries age out, waiting reads fall back to polling).
 */
export function publishAdvanced(bus: Cache & PubSub, logger: Logger) {
  return (position: number, groups: readonly string[]) => {
    const message: AdvancedMessage = { position, groups: [...groups] };
    bus.delete(...groups.map(accessCacheKey))
      .then(() => bus.publish(ADVANCED_CHANNEL, JSON.stringify(message)))
      .catch((err) => logger.warn({ err }, "could not publish the advance"));
  };
}
