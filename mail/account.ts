/**
 * A user's address and name for a mail, read from their account stream (the
 * personal fields opened through the sealing wrapper, ADR 0044).
 *
 * @module
 */
import {
  evolveAccount,
  initialAccountState,
  parseUserEvent,
  PERSONAL_FIELDS,
  userStream,
} from "@kopek/domain";
import { type EventStore, sealPersonalData } from "@kopek/eventstore";
import type { MailAccount } from "./weekly.ts";

/** Reads accounts for mails from the event store. */
export function mailAccounts(store: EventStore): (userId: string) => Promise<MailAccount | null> {
  const opened = sealPersonalData(store, PERSONAL_FIELDS);
  return async (userId) => {
    const events = await opened.readStream(userStream(userId));
    const state = events.map((e) => parseUserEvent(e.type, e.schemaVersion, e.data))
      .reduce(evolveAccount, initialAccountState());
    return state.exists ? { email: state.email, displayName: state.displayName } : null;
  };
}
