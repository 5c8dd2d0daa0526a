/**
 * Whether a sign-in session still stands. A refresh asks it before rotating a
 * token; what holds an access token for long (a `/live` stream, ADR 0021) asks
 * it again and again, so that logout, "sign out everywhere" and a password
 * change end it before the token expires.
 *
 * @module
 */
import type { SessionEvent } from "./events.ts";

/**
 * Where a session stands: `live`, or why not. `unknown`: no such session, or
 * one of another user; `ended`: logged out or ended by a reused token;
 * `revoked`: started before the account's "sessions valid from" instant
 * (a password change, "sign out everywhere").
 */
export type SessionStanding = "live" | "unknown" | "ended" | "revoked";

/**
 * What the rule reads of a session: who started it when, and whether it
 * ended. A `SessionState` is one; {@linkcode evolveSessionFacts} folds them
 * without the refreshes in between.
 */
export interface SessionFacts {
  readonly exists: boolean;
  readonly userId: string;
  readonly startedAt: string;
  readonly ended: boolean;
}

/** The facts of a session that never started. */
export function initialSessionFacts(): SessionFacts {
  return { exists: false, userId: "", startedAt: "", ended: false };
}

/**
 * Applies one session event to the facts. The start never changes and an
 * ended session gets no event but another end, so any part of the stream
 * that holds its first and its last event folds to the facts of the whole
 * stream: a reader may skip the refreshes in between (a month-long session
 * has thousands).
 */
export function evolveSessionFacts(facts: SessionFacts, event: SessionEvent): SessionFacts {
  switch (event.type) {
    case "SessionStarted":
      return {
        ...facts,
        exists: true,
        userId: event.data.userId,
        startedAt: event.data.startedAt,
      };
    case "SessionRefreshed":
      return facts;
    case "SessionEnded":
      return { ...facts, ended: true };
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled session event ${(unhandled as SessionEvent).type}`);
    }
  }
}

/**
 * Whether the account's "sessions valid from" instant (null: none) revokes a
 * session started at `startedAt`. A session started at that very instant
 * (the one a password change starts) stands; an unreadable instant revokes.
 */
export function revokedBy(startedAt: string, validFrom: string | null): boolean {
  if (validFrom === null) return false;
  return !(Date.parse(startedAt) >= Date.parse(validFrom));
}

/**
 * Where the session stands for a token of `userId`, given the account's
 * "sessions valid from" instant.
 *
 * @example
 * ```ts
 * const standing = sessionStanding(session, { userId, validFrom: account.sessionsValidFrom });
 * if (standing !== "live") endTheStream("session_ended");
 * ```
 */
export function sessionStanding(
  session: SessionFacts,
  token: { readonly userId: string; readonly validFrom: string | null },
): SessionStanding {
  // A session id is not a grant: it counts only for the user who signed in.
  if (!session.exists || session.userId !== token.userId) return "unknown";
  if (session.ended) return "ended";
  if (revokedBy(session.startedAt, token.validFrom)) return "revoked";
  return "live";
}
