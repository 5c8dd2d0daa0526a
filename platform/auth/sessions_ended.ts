/**
 * The announcement that sign-in sessions ended: the command side publishes it
 * after a logout, a reused refresh token, "sign out everywhere" or a password
 * change, so that query-api instances end the `/live` streams that hold an
 * access token of those sessions at once (ADR 0021). Delivery is at most
 * once: streams also check their session periodically.
 *
 * @module
 */
import { z } from "zod";
import type { Logger } from "../logger.ts";
import type { PubSub } from "../cache/port.ts";

/** The channel on which the command side announces ended sessions. */
export const SESSIONS_ENDED_CHANNEL = "kopek:sessions-ended";

/** The message of {@linkcode SESSIONS_ENDED_CHANNEL}. */
export const SessionsEnded = z.strictObject({
  /** Whose sessions ended. */
  userId: z.string().min(1).max(64),
  /** The one session that ended, or null for every session of the user. */
  sessionId: z.string().min(1).max(64).nullable(),
});

/** Sessions that ended: one (`sessionId`) or all of a user's (`sessionId: null`). */
export type SessionsEnded = z.infer<typeof SessionsEnded>;

/**
 * The command side's `onSessionsEnded`: publishes the announcement, best
 * effort (a lost message delays the end of a stream to its next periodic
 * check, never loses an event).
 */
export function publishSessionsEnded(bus: PubSub, logger: Logger) {
  return (ended: SessionsEnded): void => {
    bus.publish(SESSIONS_ENDED_CHANNEL, JSON.stringify(ended))
      .catch((err) => logger.warn({ err }, "could not announce ended sessions"));
  };
}
