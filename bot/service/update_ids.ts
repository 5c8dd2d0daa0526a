/**
 * Ids derived from a Telegram update: the same message (redelivered by
 * Telegram, replayed after a crash, retried after Kopek was down) always
 * gives the same expense or settlement id, and Kopek's writes are idempotent
 * by id, so it is never recorded twice.
 *
 * The id is a keyed hash (HMAC-SHA-256) under the bot's service key, not a
 * hash of public values: chat and message ids are easy to learn or guess
 * (message ids count up), and whoever could compute the id of someone's
 * next message could record an entry under it first and make theirs fail.
 *
 * @module
 */
import { createHmac } from "node:crypto";

/** The id of what `purpose` records from message `messageId` of chat `chatId`, seen by bot `botId`. */
export type MessageIds = (
  botId: number,
  chatId: number,
  messageId: number,
  purpose: string,
) => string;

/**
 * The message ids under `secret` (the bot's service key,
 * `KOPEK_BOT_API_KEY`, at least 32 characters): UUIDv8 (RFC 9562, custom)
 * from the first 122 bits of HMAC-SHA-256(secret, bot, chat, message,
 * purpose). The same inputs and secret always give the same id; another
 * secret gives unrelated ids.
 *
 * @example
 * ```ts
 * const idOf = messageIds(Deno.env.get("KOPEK_BOT_API_KEY")!);
 * idOf(1000, 42, 7, "expense") === idOf(1000, 42, 7, "expense"); // true
 * ```
 */
export function messageIds(secret: string): MessageIds {
  if (secret.length < 32) throw new TypeError("the id secret must be at least 32 characters");
  // Its own key for this use: the service key also authenticates the bot.
  const key = `kopek/bot-message-ids/v1\0${secret}`;
  return (botId, chatId, messageId, purpose) => {
    const b = createHmac("sha256", key)
      .update(`telegram\0${botId}\0${chatId}\0${messageId}\0${purpose}`)
      .digest()
      .subarray(0, 16);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
      hex.slice(20)
    }`;
  };
}
