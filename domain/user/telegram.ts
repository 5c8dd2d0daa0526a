/**
 * Linking a Kopek account to a Telegram account: the user asks for a
 * one-time code (`POST /v1/me/telegram-link`) and sends it to the bot as
 * `/start <code>`; the bot redeems it for the Telegram user who sent it. A
 * Telegram user belongs to at most one account at a time, claimed through
 * its own stream like an email address.
 *
 * @module
 */
import { z } from "zod";
import { conflict, gone, notFound } from "../errors.ts";
import type { AccountState } from "./account.ts";
import type { UserEvent } from "./events.ts";

/** A Telegram user id as the bot sends it (an integer), kept as a decimal string. */
export const TelegramUserId = z.number({ error: "must be a Telegram user id (an integer)" }).int()
  .positive().max(Number.MAX_SAFE_INTEGER).transform(String);

/** Body of `POST /v1/telegram/links` (the bot redeems a code a user sent it). */
export const TelegramLinkInput = z.strictObject({
  code: z.string().max(64),
  telegramUserId: TelegramUserId,
});

/** Body of `POST /v1/telegram/tokens` (the bot asks for a linked user's token). */
export const TelegramTokenInput = z.strictObject({ telegramUserId: TelegramUserId });

/**
 * Body of `POST /v1/telegram/chats`: the bot, acting for a linked Telegram
 * user, asks which of a group's members (by Kopek user id) it can message.
 */
export const TelegramChatsInput = z.strictObject({
  telegramUserId: TelegramUserId,
  groupId: z.uuid({ error: "must be a UUID" }).transform((s) => s.toLowerCase()),
  userIds: z.array(z.uuid({ error: "must be a UUID" }).transform((s) => s.toLowerCase()))
    .max(500),
});

/** Events to append to the account's stream and to the index streams. */
export interface LinkEvents {
  readonly account: UserEvent[];
  /** For `telegram-<id>` (linking, unlinking) or `code-<digest>` (a new code). */
  readonly index: UserEvent[];
}

/** A new link code for the account; the digest and expiry come from the edge. */
export function decideTelegramLinkCode(
  state: AccountState,
  command: { codeHash: string; expiresAt: string },
): LinkEvents {
  if (!state.exists) throw notFound("account");
  return {
    account: [{ type: "TelegramLinkCodeIssued", data: command }],
    index: [{
      type: "CodeIssued",
      data: { kind: "telegram-link", ownerId: state.id, refId: null },
    }],
  };
}

/** The account a Telegram user is linked to, folded from `telegram-<id>`. */
export function telegramHolder(events: readonly UserEvent[]): string | null {
  let holder: string | null = null;
  for (const e of events) {
    if (e.type === "TelegramAccountClaimed") holder = e.data.userId;
    else if (e.type === "TelegramAccountReleased") holder = null;
  }
  return holder;
}

/**
 * Redeems a link code for a Telegram user. The code must be the account's,
 * unused and unexpired; the Telegram user must not be linked to another
 * account, and the account not to another Telegram user.
 */
export function decideTelegramLink(
  state: AccountState,
  command: { codeHash: string; telegramUserId: string; now: string },
  currentHolder: string | null,
): LinkEvents {
  const code = state.exists ? state.linkCodes.get(command.codeHash) : undefined;
  if (!code) throw notFound("link code");
  if (code.used) throw conflict("telegram.code_used", "this link code has already been used");
  if (Date.parse(command.now) >= Date.parse(code.expiresAt)) {
    throw gone("telegram.code_expired", "this link code has expired: ask for a new one");
  }
  if (currentHolder !== null && currentHolder !== state.id) {
    throw conflict(
      "telegram.linked_elsewhere",
      "this Telegram account is linked to another Kopek account: unlink it there first",
    );
  }
  if (state.telegramUserId !== null && state.telegramUserId !== command.telegramUserId) {
    throw conflict(
      "telegram.already_linked",
      "this Kopek account is linked to another Telegram account: unlink it first",
    );
  }
  const claim: UserEvent[] = currentHolder === state.id
    ? []
    : [{ type: "TelegramAccountClaimed", data: { userId: state.id } }];
  return {
    account: [{
      type: "TelegramLinked",
      data: { telegramUserId: command.telegramUserId, codeHash: command.codeHash },
    }],
    index: claim,
  };
}

/** Unlinks the account from Telegram; nothing to do when it is not linked. */
export function decideTelegramUnlink(state: AccountState): LinkEvents {
  if (!state.exists) throw notFound("account");
  if (state.telegramUserId === null) return { account: [], index: [] };
  return {
    account: [{ type: "TelegramUnlinked", data: { telegramUserId: state.telegramUserId } }],
    index: [{ type: "TelegramAccountReleased", data: { userId: state.id } }],
  };
}
