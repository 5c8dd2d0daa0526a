/**
 * The live fan-out of one query-api instance. The projector publishes
 * "position advanced" (with the groups its batch touched) on the bus after
 * each committed batch; every instance subscribes, wakes reads waiting on
 * `Kopek-Min-Position`, and pushes a change to the `/live` streams of the
 * groups touched.
 *
 * @module
 */
import type { Logger, PubSub } from "@kopek/platform";
import { ADVANCED_CHANNEL, AdvancedMessage } from "@kopek/projector";

/** The live hub of one instance. */
export interface LiveHub {
  /** Calls `onChange(position)` for each advance that touches the group; returns the unlisten. */
  listen(groupId: string, onChange: (position: number) => void): () => void;
  /** Aborted when the hub closes (streams end cleanly). */
  readonly closed: AbortSignal;
  /** How many streams listen. */
  readonly listeners: number;
  /** Ends the subscription and every stream. */
  close(): Promise<void>;
}

/** Creates the hub and subscribes it to the bus; `onAdvanced` also runs for every advance. */
export async function createLiveHub(
  options: { bus: PubSub; logger: Logger; onAdvanced: (position: number) => void },
): Promise<LiveHub> {
  const byGroup = new Map<string, Set<(position: number) => void>>();
  const closing = new AbortController();
  let count = 0;
  const unsubscribe = await options.bus.subscribe(ADVANCED_CHANNEL, (raw) => {
    let message: AdvancedMessage;
    try {
      message = AdvancedMessage.parse(JSON.parse(raw));
    } catch (err) {
      options.logger.warn({ err }, "ignored a malformed advance message");
      return;
    }
    options.onAdvanced(message.position);
    for (const g of message.groups) {
      for (const listener of byGroup.get(g) ?? []) listener(message.position);
    }
  });
  return {
    listen(groupId, onChange) {
      let set = byGroup.get(groupId);
      if (!set) byGroup.set(groupId, set = new Set());
      set.add(onChange);
      count++;
      return () => {
        if (!set.delete(onChange)) return;
        count--;
        if (set.size === 0) byGroup.delete(groupId);
      };
    },
    closed: closing.signal,
    get listeners() {
      return count;
    },
    async close() {
      if (closing.signal.aborted) return;
      closing.abort();
      await unsubscribe();
    },
  };
}
