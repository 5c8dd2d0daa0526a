/**
 * The live fan-out of one query-api instance. The projector publishes
 * "position advanced" (with the groups its batch touched) on the bus after
 * each committed batch; every instance subscribes, wakes reads waiting on
 * `Kopek-Min-Position`, and pushes a change to the `/live` streams of the
 * groups touched. The command side publishes "sessions ended" (a logout,
 * "sign out everywhere", a password change); the hub hands it to the streams
 * of that user, which check their session (ADR 0021).
 *
 * @module
 */
import { type Logger, type PubSub, SESSIONS_ENDED_CHANNEL, SessionsEnded } from "@kopek/platform";
import { ADVANCED_CHANNEL, AdvancedMessage } from "@kopek/projector";

/** The live hub of one instance. */
export interface LiveHub {
  /** Calls `onChange(position)` for each advance that touches the group; returns the unlisten. */
  listen(groupId: string, onChange: (position: number) => void): () => void;
  /**
   * Calls `onEnded(sessionId)` when sessions of the user ended (`null`: all
   * of them); returns the unlisten.
   */
  listenSessions(userId: string, onEnded: (sessionId: string | null) => void): () => void;
  /** Aborted when the hub closes (streams end cleanly). */
  readonly closed: AbortSignal;
  /** How many streams listen for changes. */
  readonly listeners: number;
  /** How many streams listen for ended sessions. */
  readonly sessionListeners: number;
  /** Ends the subscription and every stream. */
  close(): Promise<void>;
}

/** Creates the hub and subscribes it to the bus; `onAdvanced` also runs for every advance. */
export async function createLiveHub(
  options: { bus: PubSub; logger: Logger; onAdvanced: (position: number) => void },
): Promise<LiveHub> {
  const byGroup = new Map<string, Set<(position: number) => void>>();
  const byUser = new Map<string, Set<(sessionId: string | null) => void>>();
  const closing = new AbortController();
  let count = 0;
  let sessionCount = 0;
  const unsubscribeSessions = await options.bus.subscribe(SESSIONS_ENDED_CHANNEL, (raw) => {
    let message: SessionsEnded;
    try {
      message = SessionsEnded.parse(JSON.parse(raw));
    } catch (err) {
      options.logger.warn({ err }, "ignored a malformed sessions-ended message");
      return;
    }
    for (const listener of byUser.get(message.userId) ?? []) listener(message.sessionId);
  });
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
    listenSessions(userId, onEnded) {
      let set = byUser.get(userId);
      if (!set) byUser.set(userId, set = new Set());
      set.add(onEnded);
      sessionCount++;
      return () => {
        if (!set.delete(onEnded)) return;
        sessionCount--;
        if (set.size === 0) byUser.delete(userId);
      };
    },
    closed: closing.signal,
    get listeners() {
      return count;
    },
    get sessionListeners() {
      return sessionCount;
    },
    async close() {
      if (closing.signal.aborted) return;
      closing.abort();
      await unsubscribe();
      await unsubscribeSessions();
    },
  };
}
