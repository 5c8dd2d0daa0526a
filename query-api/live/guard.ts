/**
 * What keeps a `/live` stream honest after it opened (ADR 0021): the stream
 * ends, with an `end` event that says why, when its member is removed or may
 * no longer read the group, when the session behind its token ended, or when
 * the token expires.
 *
 * @module
 */
import { can, type Role, type SessionStanding } from "@kopek/domain";
import type { Principal } from "@kopek/platform";
import type { SessionWatch } from "./session_watch.ts";

/** Why a live stream ended, as its `end` event says. */
export type EndReason = "removed" | "forbidden" | "session_ended" | "token_expired";

/** Why the caller's role (null: not an active member) ends their stream, or null while they may read. */
export function accessEnd(role: Role | null): EndReason | null {
  if (role === null) return "removed";
  return can(role, "ledger.read") ? null : "forbidden";
}

/** Why a session's standing ends a stream, or null while it is live. */
export function sessionEnd(standing: SessionStanding): EndReason | null {
  switch (standing) {
    case "live":
      return null;
    case "unknown":
    case "ended":
    case "revoked":
      return "session_ended";
    default: {
      const unknown: never = standing;
      throw new Error(`unknown session standing ${unknown}`);
    }
  }
}

/** Options of {@linkcode createStreamGuard}. */
export interface StreamGuardOptions {
  /** Who the token speaks for, its session and its expiry. */
  readonly principal: Principal;
  /** The caller's role in the group now (through the cached access map), null when none. */
  readonly roleOf: () => Promise<Role | null>;
  /** The token's session, or null for a token without one (the bot's). */
  readonly session: SessionWatch | null;
  /** Least time between two periodic session checks, in milliseconds. */
  readonly sessionCheckMs: number;
  /** The clock. */
  readonly now: () => Date;
}

/** The checks of one stream. */
export interface StreamGuard {
  /** Whether the token has expired. */
  expired(): boolean;
  /** Re-checks the caller's role in the group. */
  access(): Promise<EndReason | null>;
  /**
   * Re-checks the session when `force` (the command side said sessions of
   * this user ended) or when the last check is `sessionCheckMs` old; a token
   * without a session has nothing to check.
   */
  session(force: boolean): Promise<EndReason | null>;
}

/** Creates the guard of one stream; the first session check runs at the first call. */
export function createStreamGuard(options: StreamGuardOptions): StreamGuard {
  let checkedAt = Number.NEGATIVE_INFINITY;
  return {
    expired: () => options.now().getTime() >= options.principal.expiresAt.getTime(),
    async access() {
      return accessEnd(await options.roleOf());
    },
    async session(force) {
      if (options.session === null) return null;
      const now = options.now().getTime();
      if (!force && now - checkedAt < options.sessionCheckMs) return null;
      checkedAt = now;
      return sessionEnd(await options.session.standing());
    },
  };
}
