/**
 * Events of accounts. A user's own stream (`user-<id>`) holds who they are
 * and their password hash (never exported with a group); an email stream
 * (`email-<sha256 of the normalised address>`) claims an address for one user,
 * so that registering twice with one address conflicts atomically.
 *
 * A Telegram account is claimed the same way (`telegram-<telegram user id>`),
 * and a one-time code (an invite, a Telegram link code) is found through its
 * own stream (`code-<sha256 of the code>`), whose one event says where the
 * code belongs. Codes and passwords are only ever stored hashed.
 *
 * @module
 */
import { z } from "zod";
import { CurrencyCode, Id } from "../shared/schemas.ts";

/** Data schemas by event type, at schema version 1. */
export const UserEventSchemas = {
  UserRegistered: z.strictObject({
    userId: Id,
    email: z.string(),
    displayName: z.string(),
    passwordHash: z.string(),
  }),
  EmailClaimed: z.strictObject({ userId: Id, email: z.string() }),
  /** A new password; every session started before it ends. */
  PasswordChanged: z.strictObject({ passwordHash: z.string(), at: z.string() }),
  /** "Sign out everywhere": every session started before `at` (RFC 3339) ends. */
  SessionsRevoked: z.strictObject({ at: z.string() }),
  /**
   * The user changed their profile: a new display name and/or default currency (null: none).
   * A field absent was not changed.
   */
  ProfileChanged: z.strictObject({
    displayName: z.string().optional(),
    defaultCurrency: CurrencyCode.nullable().optional(),
  }),
  /** A session of this account started (an index, so that the account can list its sessions). */
  SessionOpened: z.strictObject({ sessionId: Id }),
  /**
   * The account was deleted (`DELETE /v1/me`): it no longer exists, signs in or holds its email
   * address; its sessions end. See docs/security.md (account deletion) for what stays.
   */
  AccountDeleted: z.strictObject({ at: z.string() }),
  /** In `email-<sha256>`: the address is free again (its account was deleted). */
  EmailReleased: z.strictObject({ userId: Id }),
  /** A one-time code to link a Telegram account, valid until `expiresAt`. */
  TelegramLinkCodeIssued: z.strictObject({
    codeHash: z.string().regex(/^[0-9a-f]{64}$/),
    expiresAt: z.string(),
  }),
  /** The account is linked to a Telegram user (through the code `codeHash`). */
  TelegramLinked: z.strictObject({ telegramUserId: z.string(), codeHash: z.string() }),
  /** The account is no longer linked to Telegram. */
  TelegramUnlinked: z.strictObject({ telegramUserId: z.string() }),
  /** In `telegram-<id>`: the Telegram user is linked to this account. */
  TelegramAccountClaimed: z.strictObject({ userId: Id }),
  /** In `telegram-<id>`: the link ended. */
  TelegramAccountReleased: z.strictObject({ userId: Id }),
  /** In `code-<sha256>`: where a one-time code belongs. */
  CodeIssued: z.strictObject({
    kind: z.enum(["invite", "telegram-link"]),
    /** The group (invite) or the user (Telegram link) the code belongs to. */
    ownerId: Id,
    /** The invite's id (for an invite). */
    refId: Id.nullable(),
  }),
} as const;

type Schemas = typeof UserEventSchemas;
/** An account event. */
export type UserEvent = {
  [K in keyof Schemas]: { type: K; data: z.infer<Schemas[K]> };
}[keyof Schemas];

/** Schema version of every user event written today. */
export const USER_EVENT_SCHEMA_VERSION = 1;

/** Parses a stored account event. */
export function parseUserEvent(type: string, schemaVersion: number, data: unknown): UserEvent {
  if (!Object.hasOwn(UserEventSchemas, type)) throw new Error(`unknown user event type ${type}`);
  if (schemaVersion !== USER_EVENT_SCHEMA_VERSION) {
    throw new Error(`no upcaster for ${type} schema version ${schemaVersion}`);
  }
  const key = type as keyof Schemas;
  return { type: key, data: UserEventSchemas[key].parse(data) } as UserEvent;
}
