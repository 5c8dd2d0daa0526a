/**
 * Test fixtures for whole conversations: Telegram updates as grammY takes
 * them (a text message, a tap on an inline button), and a user who chats
 * with the bot and reads its replies from the Telegram stand-in.
 *
 * @module
 */
import type { Bot } from "grammy";
import { STAND_IN_BOT, type TelegramStandIn } from "./telegram_stand_in.ts";

/** A Telegram update, as grammY takes it. */
export type Update = Parameters<Bot["handleUpdate"]>[0];

let nextUpdateId = 0;

/** A private text message from Telegram user `userId` (the chat is the user's own). */
export function textUpdate(userId: number, messageId: number, text: string, date?: number): Update {
  const command = text.match(/^\/\w+/)?.[0];
  return {
    update_id: ++nextUpdateId,
    message: {
      message_id: messageId,
      date: date ?? Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: `user${userId}` },
      from: { id: userId, is_bot: false, first_name: `user${userId}` },
      text,
      ...(command
        ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] }
        : {}),
    },
  } as Update;
}

/** What a file message carries besides its file: the message it replies to, a language. */
export interface FileOptions {
  /** The message replied to, as Telegram includes it (its id, and a bot message's buttons). */
  // deno-lint-ignore no-explicit-any
  readonly replyTo?: { message_id: number; reply_markup?: any; from?: any };
  readonly languageCode?: string;
}

/**
 * A private message from `userId` carrying a photo (`file` as a photo) or a document (with its
 * `mimeType` and `name`); the file's id is `fileId`, its unique id `u-<fileId>` (as the
 * stand-in's `getFile` answers).
 */
export function fileUpdate(
  userId: number,
  messageId: number,
  file:
    | { readonly kind: "photo"; readonly fileId: string; readonly size?: number }
    | {
      readonly kind: "document";
      readonly fileId: string;
      readonly mimeType: string;
      readonly name: string;
      readonly size?: number;
    },
  options: FileOptions = {},
): Update {
  const ids = { file_id: file.fileId, file_unique_id: `u-${file.fileId}`, file_size: file.size };
  const from = { id: userId, is_bot: false, first_name: `user${userId}` };
  return {
    update_id: ++nextUpdateId,
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: `user${userId}` },
      from: options.languageCode ? { ...from, language_code: options.languageCode } : from,
      ...(file.kind === "photo"
        ? {
          photo: [
            { ...ids, file_id: `${file.fileId}-small`, width: 90, height: 60 },
            { ...ids, width: 800, height: 600 },
          ],
        }
        : { document: { ...ids, mime_type: file.mimeType, file_name: file.name } }),
      ...(options.replyTo
        ? {
          reply_to_message: {
            date: Math.floor(Date.now() / 1000),
            chat: { id: userId, type: "private", first_name: `user${userId}` },
            from: STAND_IN_BOT,
            text: "(replied to)",
            ...options.replyTo,
          },
        }
        : {}),
    },
  } as Update;
}

/** A tap by `userId` on the button with callback `data` under the bot's message `messageId`. */
export function tapUpdate(userId: number, messageId: number, data: string): Update {
  return {
    update_id: ++nextUpdateId,
    callback_query: {
      id: `cq${nextUpdateId}`,
      from: { id: userId, is_bot: false, first_name: `user${userId}` },
      chat_instance: "stand-in",
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: "private", first_name: `user${userId}` },
        from: STAND_IN_BOT,
        text: "(the bot's message)",
      },
    },
  } as Update;
}

/** A Telegram user talking to the bot in a private chat. */
export class TelegramUser {
  #messageId = 0;
  constructor(
    readonly id: number,
    readonly bot: Bot,
    readonly telegram: TelegramStandIn,
  ) {}

  /** Sends `text`; answers the replies it caused (the texts). */
  async say(text: string): Promise<string[]> {
    return await this.#run(textUpdate(this.id, ++this.#messageId, text));
  }

  /** Sends `text` as message `messageId` again (Telegram redelivering an update). */
  async resend(messageId: number, text: string): Promise<string[]> {
    return await this.#run(textUpdate(this.id, messageId, text));
  }

  /** Sends a photo or a document (see {@linkcode fileUpdate}); answers the replies. */
  async send(file: Parameters<typeof fileUpdate>[2], options?: FileOptions): Promise<string[]> {
    return await this.#run(fileUpdate(this.id, ++this.#messageId, file, options));
  }

  /** The id the next message will have. */
  get nextMessageId(): number {
    return this.#messageId + 1;
  }

  /** Taps the button labelled `label` under the newest message that has such a button. */
  async tap(label: string | RegExp): Promise<string[]> {
    type Button = { text: string; callback_data: string };
    const matches = (b: Button) =>
      typeof label === "string" ? b.text === label : label.test(b.text);
    const messages = this.telegram.messagesTo(this.id);
    for (let i = messages.length - 1; i >= 0; i--) {
      const buttons = (messages[i].reply_markup?.inline_keyboard ?? []).flat() as Button[];
      const button = buttons.find(matches);
      if (button) return await this.#run(tapUpdate(this.id, 10_000 + i, button.callback_data));
    }
    throw new Error(`no button ${label}`);
  }

  async #run(update: Update): Promise<string[]> {
    const before = this.telegram.sentTo(this.id).length;
    await this.bot.handleUpdate(update);
    return this.telegram.sentTo(this.id).slice(before);
  }
}
