/**
 * Which fields of account and session events are personal data, sealed with
 * the account's data key when stored (crypto-shredding, ADR 0044): the event
 * store's sealing (`sealPersonalData` of `@kopek/eventstore`) stores these
 * events at schema version 2, personal fields sealed, and reads them back at
 * version 1 (the version {@linkcode parseUserEvent} and
 * {@linkcode parseSessionEvent} know), the fields as written, or as empty
 * strings once the account was deleted and its key with it. Events stored
 * at version 1 before this keep their fields in plain text.
 *
 * @module
 */
import { userStream } from "./streams.ts";

/** The stored (sealed) schema version of the events below. */
export const SEALED_SCHEMA_VERSION = 2;

const ofData = (_stream: string, data: Readonly<Record<string, unknown>>) => String(data.userId);
const ofStream = (stream: string) => {
  const prefix = userStream("");
  if (!stream.startsWith(prefix)) throw new Error(`not an account stream: ${stream}`);
  return stream.slice(prefix.length);
};

function rule(fields: readonly string[], owner: typeof ofData) {
  return Object.freeze({ fields, plainVersion: 1, sealedVersion: SEALED_SCHEMA_VERSION, owner });
}

/** Personal fields by event type, and whose account's key seals them. */
export const PERSONAL_FIELDS = Object.freeze({
  UserRegistered: rule(["email", "displayName", "passwordHash"], ofData),
  EmailClaimed: rule(["email"], ofData),
  PasswordChanged: rule(["passwordHash"], ofStream),
  ProfileChanged: rule(["displayName"], ofStream),
  TelegramLinked: rule(["telegramUserId"], ofStream),
  TelegramUnlinked: rule(["telegramUserId"], ofStream),
  SessionStarted: rule(["userAgent"], ofData),
});
