/**
 * Where the sign-in session behind a `/live` stream's token stands, read
 * from the event store the way the command side reads it (the session stream
 * and the account stream), and re-read incrementally: after the first look,
 * a check reads only the events appended since (usually none), one indexed
 * range read per stream.
 *
 * @module
 */
import {
  type AccountState,
  evolveAccount,
  evolveSessionFacts,
  initialAccountState,
  initialSessionFacts,
  parseSessionEvent,
  parseUserEvent,
  type SessionFacts,
  type SessionStanding,
  sessionStanding,
  sessionStream,
  userStream,
} from "@kopek/domain";
import type { EventStore, StoredEvent } from "@kopek/eventstore";

/** Follows one session. */
export interface SessionWatch {
  /** Where the session stands now (reads what was appended since the last call). */
  standing(): Promise<SessionStanding>;
}

/** Watches the session `sessionId` of a token of `userId`. */
export function watchSession(
  store: EventStore,
  token: { readonly userId: string; readonly sessionId: string },
): SessionWatch {
  const sessionName = sessionStream(token.sessionId);
  const userName = userStream(token.userId);
  let session: SessionFacts = initialSessionFacts();
  let sessionVersion = 0;
  let account: AccountState = initialAccountState();
  let accountVersion = 0;

  const foldSession = (events: readonly StoredEvent[]) => {
    for (const e of events) {
      session = evolveSessionFacts(session, parseSessionEvent(e.type, e.schemaVersion, e.data));
      sessionVersion = Math.max(sessionVersion, e.version);
    }
  };

  /** The first look: the start and the last event, not the refreshes between (see `evolveSessionFacts`). */
  async function first() {
    const start = await store.readStream(sessionName, { limit: 1 });
    foldSession(start);
    if (start.length === 0) return;
    const version = await store.streamVersion(sessionName);
    if (version > 1) {
      foldSession(await store.readStream(sessionName, { afterVersion: version - 1 }));
    }
  }

  return {
    async standing() {
      if (sessionVersion === 0) await first();
      else foldSession(await store.readStream(sessionName, { afterVersion: sessionVersion }));
      for (const e of await store.readStream(userName, { afterVersion: accountVersion })) {
        account = evolveAccount(account, parseUserEvent(e.type, e.schemaVersion, e.data));
        accountVersion = e.version;
      }
      return sessionStanding(session, {
        userId: token.userId,
        // A deleted account keeps the instant of its deletion: every session ended then.
        validFrom: account.exists || account.deleted ? account.sessionsValidFrom : null,
      });
    },
  };
}
