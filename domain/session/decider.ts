/**
 * The session aggregate (`session-<id>`) as a {@linkcode Decider}. Starting a
 * session also indexes it in the account's stream and stays a plain append.
 *
 * @module
 */
import type { Decider, Sent } from "../decider.ts";
import type { SessionEvent } from "./events.ts";
import {
  decideLogout,
  decideRefresh,
  decideSignOut,
  evolveSession,
  initialSessionState,
  type RefreshCommand,
  type SessionState,
} from "./session.ts";

/** A command on one session, digests and times computed at the edge. */
export type SessionCommand =
  | ({ readonly type: "session.refresh" } & RefreshCommand)
  /** With the session's current token (its digest). */
  | { readonly type: "session.logout"; readonly presented: string }
  /** From another session of the same user (the context's). */
  | { readonly type: "session.sign-out" };

/** Who sends a session command: the signed-in user, when there is one. */
export interface SessionContext {
  readonly userId: string | null;
}

/** A session command with who sends it. */
export type SentSessionCommand = Sent<SessionCommand, SessionContext>;

function decideSession({ command, context }: SentSessionCommand, state: SessionState) {
  switch (command.type) {
    case "session.refresh":
      return decideRefresh(state, command).events;
    case "session.logout":
      return decideLogout(state, command.presented);
    case "session.sign-out":
      // Another user's session is no session at all: nothing ends.
      return state.userId === context.userId ? decideSignOut(state) : [];
    default: {
      const unknown: never = command;
      throw new Error(`unknown session command ${(unknown as SessionCommand).type}`);
    }
  }
}

/**
 * The session's decider. A refresh decides `SessionRefreshed` (rotated),
 * `SessionEnded` (a rotated-away token came back: reused) or nothing
 * (refused): `decideRefresh` names the outcome for the edge.
 */
export const sessionDecider: Decider<SentSessionCommand, SessionEvent, SessionState> = {
  decide: decideSession,
  evolve: evolveSession,
  initialState: initialSessionState,
};
