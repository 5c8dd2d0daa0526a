/**
 * Sign-in sessions: an access token (a short-lived JWT) and a refresh token
 * that rotates on every use. Each session is a stream of its own
 * (`session-<id>`, see `domain/session`), so rotation is an append with an
 * expected version: of two uses of one token, exactly one can win, and the
 * other is a reuse that ends the session. ADR 0009 says why sessions are
 * events.
 *
 * @module
 */
import {
  parseSessionEvent,
  type SentSessionCommand,
  SESSION_EVENT_SCHEMA_VERSION,
  sessionDecider,
  type SessionEvent,
  type SessionState,
  sessionStream,
  USER_EVENT_SCHEMA_VERSION,
  userStream,
} from "@kopek/domain";
import type { AppendRequest, StoredEvent } from "@kopek/eventstore";
import {
  newRefreshToken,
  parseRefreshToken,
  problem,
  ProblemError,
  type TokenIssuer,
} from "@kopek/platform";
import type { Accounts } from "./accounts.ts";
import type { CommandApiDeps } from "./deps.ts";
import { type BuildCommand, handle, type HandleOptions } from "./handle.ts";

/** What signing in or refreshing answers. */
export interface TokenPair {
  readonly token: string;
  readonly expiresAt: string;
  readonly refreshToken: string;
  readonly refreshExpiresAt: string;
}

/** How a session started. */
export type SessionMethod = "registration" | "password" | "password-change";

/** The sessions of the command side. */
export interface Sessions {
  /** Starts a session for a user who just proved who they are. */
  start(userId: string, method: SessionMethod, userAgent?: string | null): Promise<TokenPair>;
  /** Ends one of the user's sessions; false when the user has no such session (or it ended). */
  signOut(userId: string, sessionId: string): Promise<boolean>;
  /** Rotates a refresh token; 401 when it is not the session's current one. */
  refresh(refreshToken: string): Promise<{ userId: string; tokens: TokenPair }>;
  /** Ends the session of a refresh token (nothing happens for a token that is not current). */
  logout(refreshToken: string): Promise<void>;
}

/** How long a refresh token works unused (each refresh starts a new period). */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 3_600_000;

function refused(code: string, message: string): ProblemError {
  return new ProblemError(problem(401, message, { code }), {
    "WWW-Authenticate": 'Bearer realm="kopek", error="invalid_token"',
  });
}

/** A session about to start: who, which refresh token (by digest), until when, how. */
interface SessionStart {
  readonly sessionId: string;
  readonly userId: string;
  readonly tokenHash: string;
  readonly now: Date;
  readonly expiresAt: string;
  readonly method: SessionMethod;
  readonly userAgent: string | null | undefined;
}

/**
 * The append that starts a session: its stream's `SessionStarted`, and the `SessionOpened` by
 * which the account's stream lists it, with one command id.
 */
function sessionStartRequests(
  deps: Pick<CommandApiDeps, "newId">,
  start: SessionStart,
): AppendRequest[] {
  const { sessionId, userId, tokenHash, now, expiresAt, method, userAgent } = start;
  const commandId = deps.newId();
  const metadata = { actor: userId, commandId, at: now.toISOString() };
  const agent = userAgent?.trim().slice(0, 300);
  // The account's stream indexes the session, in the same transaction, so that it is listed.
  return [{
    stream: sessionStream(sessionId),
    expectedVersion: 0,
    events: [{
      id: deps.newId(),
      type: "SessionStarted",
      schemaVersion: SESSION_EVENT_SCHEMA_VERSION,
      data: {
        sessionId,
        userId,
        tokenHash,
        startedAt: now.toISOString(),
        expiresAt,
        method,
        ...(agent ? { userAgent: agent } : {}),
      },
      metadata,
    }],
  }, {
    stream: userStream(userId),
    expectedVersion: "any",
    events: [{
      id: deps.newId(),
      type: "SessionOpened",
      schemaVersion: USER_EVENT_SCHEMA_VERSION,
      data: { sessionId },
      metadata,
    }],
  }];
}

/** Creates the session operations. */
export function createSessions(
  deps: CommandApiDeps,
  accounts: Accounts,
  tokens: TokenIssuer,
): Sessions {
  const lifetime = deps.refreshTokenLifetimeMs ?? REFRESH_TOKEN_LIFETIME_MS;

  /** New events of a session, its user the actor; one command id per attempt. */
  function toNew(events: readonly SessionEvent[], state: SessionState) {
    const commandId = deps.newId();
    const at = deps.now().toISOString();
    return events.map((e) => ({
      id: deps.newId(),
      type: e.type,
      schemaVersion: SESSION_EVENT_SCHEMA_VERSION,
      data: e.data,
      metadata: { actor: state.userId, commandId, at },
    }));
  }

  const parse = (e: StoredEvent) => parseSessionEvent(e.type, e.schemaVersion, e.data);

  /** Handles a command on one session through the one command handler. */
  function onSession(
    sessionId: string,
    command: SentSessionCommand | BuildCommand<SentSessionCommand, SessionState>,
    options: Partial<HandleOptions<SentSessionCommand, SessionEvent, SessionState, undefined>>,
  ) {
    return handle(deps.store, sessionStream(sessionId), sessionDecider, command, {
      parse,
      toNew,
      ...options,
    });
  }

  async function pair(
    userId: string,
    sessionId: string,
    refreshToken: string,
    refreshExpiresAt: string,
  ) {
    // The access token names its session (`sid`): a live stream ends when the session does.
    const access = await tokens.issue(userId, { sessionId });
    return {
      token: access.token,
      expiresAt: access.expiresAt.toISOString(),
      refreshToken,
      refreshExpiresAt,
    };
  }

  return {
    async start(userId, method, userAgent) {
      const sessionId = deps.newId();
      const refresh = newRefreshToken(sessionId);
      const now = deps.now();
      const expiresAt = new Date(now.getTime() + lifetime).toISOString();
      await deps.store.append(sessionStartRequests(deps, {
        sessionId,
        userId,
        tokenHash: refresh.digest,
        now,
        expiresAt,
        method,
        userAgent,
      }));
      return await pair(userId, sessionId, refresh.token, expiresAt);
    },

    async signOut(userId, sessionId) {
      // Another user's session is answered as no session at all (the decider ends nothing).
      const done = await onSession(sessionId, {
        command: { type: "session.sign-out" },
        context: { userId },
      }, { maxAttempts: 3 });
      if (done.events.length === 0) return false;
      deps.onSessionsEnded?.({ userId, sessionId });
      return true;
    },

    async refresh(refreshToken) {
      const parsed = parseRefreshToken(refreshToken);
      if (!parsed) throw refused("invalid_refresh_token", "the refresh token is not valid");
      let next = newRefreshToken(parsed.sessionId);
      let expiresAt = "";
      const done = await onSession(parsed.sessionId, async (state) => {
        const validFrom = state.exists ? await accounts.sessionsValidFrom(state.userId) : null;
        next = newRefreshToken(parsed.sessionId);
        const now = deps.now();
        expiresAt = new Date(now.getTime() + lifetime).toISOString();
        return {
          command: {
            type: "session.refresh",
            presented: parsed.digest,
            next: next.digest,
            now: now.toISOString(),
            expiresAt,
            validFrom,
          },
          context: { userId: null },
        };
      }, {
        // A reuse ends the session whatever raced it; a rotation must win its race (of two
        // uses of the same token, the other one is a reuse on its next pass).
        expectedVersion: (events, loaded) =>
          events[0]?.type === "SessionEnded" ? "any" : loaded.version,
        maxAttempts: 3,
      });
      const userId = done.loaded.state.userId;
      if (done.events.length === 0) {
        throw refused("invalid_refresh_token", "the refresh token is not valid or has expired");
      }
      if (done.events[0].type === "SessionEnded") {
        deps.onSessionsEnded?.({ userId, sessionId: parsed.sessionId });
        deps.logger.warn(
          { sessionId: parsed.sessionId, userId },
          "a rotated refresh token was used again: the session is ended",
        );
        throw refused(
          "refresh_token_reused",
          "this refresh token was already used: the session is ended, sign in again",
        );
      }
      return { userId, tokens: await pair(userId, parsed.sessionId, next.token, expiresAt) };
    },

    async logout(refreshToken) {
      const parsed = parseRefreshToken(refreshToken);
      if (!parsed) return;
      let done;
      try {
        done = await onSession(parsed.sessionId, {
          command: { type: "session.logout", presented: parsed.digest },
          context: { userId: null },
        }, { maxAttempts: 1 });
      } catch (e) {
        // A refresh won the race: the token presented is no longer current, nothing ended.
        if ((e as { code?: string }).code !== "eventstore.version_conflict") throw e;
        return;
      }
      if (done.events.length === 0) return;
      deps.onSessionsEnded?.({ userId: done.loaded.state.userId, sessionId: parsed.sessionId });
    },
  };
}
