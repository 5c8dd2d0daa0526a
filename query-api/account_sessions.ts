/**
 * The caller's sign-in sessions for `GET /v1/me/sessions` and the export:
 * the ones their account's stream indexes (`SessionOpened`, kept since the
 * account page exists), read straight from the event store. Only sessions
 * that still work are listed: not ended, not revoked, not expired.
 *
 * @module
 */
import {
  type AccountState,
  evolveAccount,
  evolveSession,
  initialAccountState,
  initialSessionState,
  parseSessionEvent,
  parseUserEvent,
  sessionStanding,
  sessionStream,
  userStream,
} from "@kopek/domain";
import type { EventStore } from "@kopek/eventstore";

/** A session as `GET /v1/me/sessions` shows it. */
export interface SessionView {
  readonly id: string;
  /** The User-Agent that signed in, or null when unknown. */
  readonly userAgent: string | null;
  /** How it started: `registration`, `password` or `password-change`. */
  readonly method: string;
  readonly startedAt: string;
  /** When the session last signed in or refreshed (RFC 3339). */
  readonly lastUsedAt: string;
  /** When its refresh token stops working unless used. */
  readonly expiresAt: string;
  /** Whether it is the session of the token asking. */
  readonly current: boolean;
}

/** The account folded from its stream. */
export async function loadAccount(store: EventStore, userId: string): Promise<AccountState> {
  let state = initialAccountState();
  for (const e of await store.readStream(userStream(userId))) {
    state = evolveAccount(state, parseUserEvent(e.type, e.schemaVersion, e.data));
  }
  return state;
}

/** The account's sessions that still work, newest first. */
export async function listSessions(
  store: EventStore,
  account: AccountState,
  options: { currentSessionId: string | null; now: Date },
): Promise<SessionView[]> {
  if (!account.exists) return [];
  const views: SessionView[] = [];
  for (const id of account.sessionIds) {
    const stream = sessionStream(id);
    const first = await store.readStream(stream, { limit: 1 });
    if (first.length === 0) continue;
    const version = await store.streamVersion(stream);
    const last = version > 1
      ? await store.readStream(stream, { afterVersion: version - 1 })
      : first;
    // Start and end fold to the whole session's facts; the last event says when it was used.
    let state = initialSessionState();
    for (const e of [...first, ...(version > 1 ? last : [])]) {
      state = evolveSession(state, parseSessionEvent(e.type, e.schemaVersion, e.data));
    }
    const standing = sessionStanding(state, {
      userId: account.id,
      validFrom: account.sessionsValidFrom,
    });
    if (standing !== "live" || Date.parse(state.expiresAt) <= options.now.getTime()) continue;
    const started = parseSessionEvent(first[0].type, first[0].schemaVersion, first[0].data);
    if (started.type !== "SessionStarted") continue;
    views.push({
      id,
      userAgent: started.data.userAgent ?? null,
      method: started.data.method,
      startedAt: started.data.startedAt,
      lastUsedAt: last.at(-1)?.metadata.at ?? started.data.startedAt,
      expiresAt: state.expiresAt,
      current: id === options.currentSessionId,
    });
  }
  return views.reverse();
}
