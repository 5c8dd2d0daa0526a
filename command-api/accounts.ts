/**
 * Accounts on the command side: registration, login, password change, "sign
 * out everywhere", Telegram linking, and the look-ups other commands need (a
 * user's display name, the user behind an email address, where a one-time
 * code belongs). Everything reads the account streams straight from the
 * event store, so a user can sign in the moment registration answered.
 *
 * @module
 */
import type { ProfileInput } from "@kopek/domain";
import type { CommandApiDeps } from "./deps.ts";
import { credentialOperations } from "./accounts/credentials.ts";
import { eraseAccount } from "./accounts/erase.ts";
import { type By, createAccountStreams } from "./accounts/streams.ts";
import { telegramOperations } from "./accounts/telegram.ts";

export { userIdOfEmail } from "./accounts/streams.ts";

/** A registered user as the API shows it. */
export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  /** The currency the apps start new groups with, or null. */
  readonly defaultCurrency: string | null;
}

/** Where a one-time code belongs. */
export interface CodeOwner {
  /** The group (invite) or the user (Telegram link). */
  readonly ownerId: string;
  /** The invite, for an invite code. */
  readonly refId: string | null;
}

/** Account operations of the command side. */
export interface Accounts {
  register(input: { email: string; password: string; displayName: string }): Promise<UserView>;
  /** The user for a correct email and password, or null (same answer for both mistakes). */
  login(email: string, password: string): Promise<UserView | null>;
  /** The account of a user id, for an answer; 401 when it no longer exists. */
  view(userId: string): Promise<UserView>;
  /** The instant from which the account's sessions are valid (null: all are). */
  sessionsValidFrom(userId: string): Promise<string | null>;
  /** Checks the current password, stores the new one and ends every session; false when wrong. */
  changePassword(by: By, current: string, next: string): Promise<boolean>;
  /** Stores a new password and ends every session, without the current one (a reset by email). */
  setPassword(by: By, next: string): Promise<void>;
  /** Ends every session of the user ("sign out everywhere"). */
  revokeSessions(by: By): Promise<void>;
  /** Changes the display name and/or the default currency; answers the account. */
  changeProfile(by: By, input: ProfileInput): Promise<UserView>;
  /** Whether the password is the account's (false for an account that no longer exists). */
  checkPassword(userId: string, password: string): Promise<boolean>;
  /**
   * Deletes the account: a tombstone in its stream, its email address (and Telegram user)
   * released, every session ended. The caller unlinked its group members first.
   */
  erase(by: By): Promise<number>;
  /** A new one-time Telegram link code, valid for `ttlMs`. */
  telegramLinkCode(by: By, ttlMs: number): Promise<{ code: string; expiresAt: string }>;
  /** Redeems a link code for a Telegram user; answers the linked account. */
  linkTelegram(
    code: string,
    telegramUserId: string,
    via: string,
  ): Promise<{ user: UserView; position: number }>;
  /** Unlinks the user's Telegram account (nothing to do when none is linked). */
  unlinkTelegram(by: By): Promise<void>;
  /** The account a Telegram user is linked to, or null. */
  userOfTelegram(telegramUserId: string): Promise<string | null>;
  /** The Telegram user an account is linked to, or null (none, or no such account). */
  telegramOfUser(userId: string): Promise<string | null>;
  displayName(userId: string): Promise<string>;
  userIdByEmail(email: string): Promise<string | null>;
  /** Where a code (by digest) of this kind belongs, or null when no such code was issued. */
  codeOwner(digest: string, kind: "invite" | "telegram-link"): Promise<CodeOwner | null>;
}

/**
 * Creates the account operations: those of credentials, deletion and Telegram linking, over
 * one set of account streams, and the look-ups other commands need.
 */
export function createAccounts(deps: CommandApiDeps): Accounts {
  const streams = createAccountStreams(deps);
  return {
    ...credentialOperations(streams),
    erase: (by) => eraseAccount(streams, by),
    ...telegramOperations(streams),
    async displayName(userId) {
      return (await streams.existing(userId)).state.displayName;
    },
    userIdByEmail: streams.holderOf,
  };
}
