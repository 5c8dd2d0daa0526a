/**
 * Ids derived from a Telegram update: the same message (redelivered by
 * Telegram, replayed after a crash, retried after Kopek was down) always
 * gives the same expense or settlement id, and Kopek's writes are idempotent
 * by id, so it is never recorded twice.
 *
 * @module
 */
import { v5 as uuidv5 } from "uuid";

/** The namespace of Kopek bot ids (a fixed random UUID). */
const NAMESPACE = "6f4c7c1e-2f0b-4c55-9a43-3b1f1f7f0b6e";

/**
 * A UUID (v5) for what `purpose` records from message `messageId` of chat
 * `chatId`, as seen by bot `botId`.
 *
 * @example
 * ```ts
 * idOfMessage(1000, 42, 7, "expense") === idOfMessage(1000, 42, 7, "expense"); // true
 * ```
 */
export function idOfMessage(
  botId: number,
  chatId: number,
  messageId: number,
  purpose: string,
): string {
  return uuidv5(`telegram:${botId}:${chatId}:${messageId}:${purpose}`, NAMESPACE);
}
