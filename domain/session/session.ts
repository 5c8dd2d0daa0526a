/**
 * The session aggregate: refresh-token rotation with reuse detection.
 *
 * A refresh token works once. Presenting the current token rotates it;
 * presenting a token the session has already rotated away means a copy
 * leaked (the legitimate client and a thief both hold it), so the whole
 * session ends and every token of its family stops working. A token the
 * session never issued is refused without touching the session, so that
 * guessing cannot sign anyone out.
 *
 * @module
 */
import type { SessionEvent } from "./events.ts";
import { revokedBy } from "./liveness.ts";

/** What a session is, folded from its stream. */
export interface SessionState {
  readonly exists: boolean;
  readonly userId: string;
  readonly startedAt: string;
  /** Digest of the one token that works now, or null once ended. */
  readonly current: string | null;
  readonly expiresAt: string;
  /** Digests of tokens already rotated away. */
  readonly previous: ReadonlySet<string>;
  readonly ended: boolean;
}

/** The state of a session that never started. */
export function initialSessionState(): SessionState {
  return {
    exists: false,
    userId: "",
    startedAt: "",
    current: null,
    expiresAt: "",
    previous: new Set(),
    ended: false,
  };
}

/** Applies one session event. */
export function evolveSession(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case "SessionStarted":
      return {
        ...state,
        exists: true,
        userId: event.data.userId,
        startedAt: event.data.startedAt,
        current: event.data.tokenHash,
        expiresAt: event.data.expiresAt,
      };
    case "SessionRefreshed":
      return {
        ...state,
        current: event.data.tokenHash,
        expiresAt: event.data.expiresAt,
        previous: state.current ? new Set([...state.previous, state.current]) : state.previous,
      };
    case "SessionEnded":
      return {
        ...state,
        current: null,
        ended: true,
        previous: state.current ? new Set([...state.previous, state.current]) : state.previous,
      };
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled session event ${(unhandled as SessionEvent).type}`);
    }
  }
}

/** A refresh, with everything computed at the edge (digests, clock). */
export interface RefreshCommand {
  /** Digest of the token presented. */
  readonly presented: string;
  /** Digest of the new token. */
  readonly next: string;
  /** RFC 3339. */
  readonly now: string;
  /** When the new token expires, RFC 3339. */
  readonly expiresAt: string;
  /** The account's "sessions valid from" instant (password change, sign out everywhere), if any. */
  readonly validFrom: string | null;
}

/** What a refresh decides. */
export type RefreshDecision =
  | { readonly outcome: "rotated"; readonly events: SessionEvent[] }
  /** A rotated-away token came back: the session ends. */
  | { readonly outcome: "reused"; readonly events: SessionEvent[] }
  /** Unknown, ended, expired or revoked: refused, nothing changes. */
  | { readonly outcome: "refused"; readonly reason: string; readonly events: [] };

/** Decides a refresh of the session. */
export function decideRefresh(state: SessionState, command: RefreshCommand): RefreshDecision {
  if (!state.exists) return { outcome: "refused", reason: "unknown session", events: [] };
  if (state.current !== null && command.presented === state.current) {
    if (Date.parse(command.now) >= Date.parse(state.expiresAt)) {
      return { outcome: "refused", reason: "expired", events: [] };
    }
    if (revokedBy(state.startedAt, command.validFrom)) {
      return { outcome: "refused", reason: "revoked", events: [] };
    }
    return {
      outcome: "rotated",
      events: [{
        type: "SessionRefreshed",
        data: { tokenHash: command.next, expiresAt: command.expiresAt },
      }],
    };
  }
  if (state.previous.has(command.presented)) {
    return state.ended
      ? { outcome: "refused", reason: "ended", events: [] }
      : { outcome: "reused", events: [{ type: "SessionEnded", data: { reason: "token-reuse" } }] };
  }
  return { outcome: "refused", reason: state.ended ? "ended" : "unknown token", events: [] };
}

/** Decides a logout with the session's current token: the session ends (once). */
export function decideLogout(state: SessionState, presented: string): SessionEvent[] {
  if (!state.exists || state.ended || state.current !== presented) return [];
  return [{ type: "SessionEnded", data: { reason: "logout" } }];
}

/** Decides ending a session from another one of its user's: it ends (once). */
export function decideSignOut(state: SessionState): SessionEvent[] {
  if (!state.exists || state.ended) return [];
  return [{ type: "SessionEnded", data: { reason: "signed-out" } }];
}
